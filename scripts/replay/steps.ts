/**
 * One step of a replayed job, as a runner runs it: its `if:` read with the step statuses so far,
 * its `env:` and script with their expressions evaluated, a `run:` step in bash with GitHub's
 * flags (`-eo pipefail`), bounded by its `timeout-minutes` and the job's; `uses:` and the few `run:`
 * steps this machine cannot run as written go to their stand-in (`stand-ins.ts`), and any other
 * action fails the job, saying so.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { condition, interpolateText, type Contexts, type Status } from './expressions.ts';
import { standInFor, type StandInStep } from './stand-ins.ts';

/** A step of the workflow file, as far as the replay reads it. */
export interface StepDefinition {
  readonly id?: string;
  readonly name?: string;
  readonly if?: unknown;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly run?: string;
  readonly env?: Readonly<Record<string, unknown>>;
  readonly 'continue-on-error'?: unknown;
  readonly 'timeout-minutes'?: number;
  readonly 'working-directory'?: string;
}

export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepResult {
  readonly name: string;
  readonly outcome: Outcome;
  /** The outcome after `continue-on-error`: what later steps and the job see. */
  readonly conclusion: Outcome;
  readonly durationMs: number;
  readonly outputs: Readonly<Record<string, string>>;
  /** The step's output, whole, in the job's folder. */
  readonly logFile: string;
  /** Why it failed, in one line. */
  readonly error?: string;
}

/** What a step runs in: the job's folder, its environment, contexts, and what a stand-in needs. */
export interface StepContext {
  readonly job: string;
  readonly workspace: string;
  readonly jobDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly contexts: Contexts;
  readonly deadline: number;
  readonly standIn: Omit<StandInStep, 'with' | 'workspace' | 'log' | 'timeoutMs'>;
  /** Steps broken on purpose, `<job>:<step name or run text>`: a fault of the machine, not of the workflow. */
  readonly broken: readonly string[];
}

/** GITHUB_OUTPUT's lines: `name=value`, or `name<<DELIMITER` then lines up to the delimiter. */
export function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, index + 1);
      outputs[heredoc[1]!] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return outputs;
}

/** bash as a runner starts it for `run:`, bounded: on the bound, the step's processes are killed and it fails. */
function bash(script: string, cwd: string, env: Readonly<Record<string, string>>, boundMs: number, log: number) {
  return new Promise<{ code: number | null; timedOut: boolean }>((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', log, log],
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, boundMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut });
    });
  });
}

/** The step's `env:` over the job's, with expressions evaluated, and GitHub's per-step files. */
function stepEnv(
  step: StepDefinition,
  context: StepContext,
  status: Status,
  files: { output: string; summary: string },
) {
  const own = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([name, value]) => [name, interpolateText(value, context.contexts, status)]),
  );
  return { ...context.env, ...own, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary };
}

/** Runs one step; `before` are the job's steps so far. */
export async function runStep(
  step: StepDefinition,
  index: number,
  before: readonly StepResult[],
  context: StepContext,
): Promise<StepResult> {
  const status: Status = {
    succeeded: before.every((result) => result.conclusion !== 'failure'),
    failed: before.some((result) => result.conclusion === 'failure'),
    workspace: context.workspace,
  };
  const name = interpolateText(
    step.name ?? (step.uses ? `Run ${step.uses}` : `Run ${step.run?.split('\n')[0]}`),
    context.contexts,
    status,
  );
  const logFile = path.join(context.jobDir, `${String(index + 1).padStart(2, '0')}.log`);
  if (!condition(step.if, context.contexts, status))
    return { name, outcome: 'skipped', conclusion: 'skipped', durationMs: 0, outputs: {}, logFile };
  const started = Date.now();
  const files = { output: `${logFile}.output`, summary: `${logFile}.summary.md` };
  for (const file of [logFile, files.output, files.summary]) fs.writeFileSync(file, '');
  let error: string | undefined;
  let outputs: Record<string, string> = {};
  try {
    const env = stepEnv(step, context, status, files);
    const boundMs =
      Math.min(context.deadline, step['timeout-minutes'] ? started + step['timeout-minutes'] * 60_000 : Infinity) -
      started;
    outputs = await carryOut(step, name, env, boundMs, logFile, context, status);
  } catch (problem) {
    error = problem instanceof Error ? problem.message.split('\n')[0] : String(problem);
    fs.appendFileSync(logFile, `replay: ${error}\n`);
  }
  const outcome: Outcome = error === undefined ? 'success' : 'failure';
  const keepGoing = interpolateText(step['continue-on-error'] ?? false, context.contexts, status) === 'true';
  const conclusion: Outcome = outcome === 'failure' && keepGoing ? 'success' : outcome;
  return { name, outcome, conclusion, durationMs: Date.now() - started, outputs, logFile, ...(error ? { error } : {}) };
}

/** The step's work: broken on purpose, a stand-in, or its script in bash. Throws on failure. */
async function carryOut(
  step: StepDefinition,
  name: string,
  env: Readonly<Record<string, string>>,
  boundMs: number,
  logFile: string,
  context: StepContext,
  status: Status,
): Promise<Record<string, string>> {
  const what = step.run?.trim() ?? step.uses ?? name;
  if (context.broken.includes(`${context.job}:${what}`) || context.broken.includes(`${context.job}:${name}`))
    throw new Error(`${what}: broken on purpose by the replay (--break)`);
  const standIn = standInFor(step);
  if (standIn) {
    const inputs = Object.fromEntries(
      Object.entries(step.with ?? {}).map(([key, value]) => [key, interpolateText(value, context.contexts, status)]),
    );
    const log = (line: string) => fs.appendFileSync(logFile, `${line}\n`);
    const run = { ...context.standIn, with: inputs, workspace: context.workspace, log, timeoutMs: boundMs };
    return { ...standIn.run(run) };
  }
  if (step.uses) throw new Error(`${step.uses} has no stand-in in the replay: add one to scripts/replay/stand-ins.ts`);
  if (step.run === undefined) throw new Error('a step with neither run nor uses');
  const script = interpolateText(step.run, context.contexts, status);
  const cwd = path.join(context.workspace, step['working-directory'] ?? '');
  const log = fs.openSync(logFile, 'a');
  try {
    const { code, timedOut } = await bash(script, cwd, env, boundMs, log);
    if (timedOut) throw new Error(`timed out after ${Math.round(boundMs / 1000)} s`);
    if (code !== 0) throw new Error(`exited with code ${code}`);
  } finally {
    fs.closeSync(log);
  }
  return readOutputs(fs.readFileSync(env.GITHUB_OUTPUT!, 'utf8'));
}
