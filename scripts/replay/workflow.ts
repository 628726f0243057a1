/**
 * A workflow file run job by job on this machine, as GitHub runs it: jobs in `needs` order, each
 * `if:` read with its needs' results, each matrix expanded from its expressions, each instance in a
 * fresh workspace of its own, job outputs passed on through `needs`. The YAML is read, never
 * rewritten: a wiring mistake in it shows here as it would on GitHub.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { condition, interpolateText, valueOf, type Contexts, type Status } from './expressions.ts';
import { runStep, type Outcome, type StepDefinition, type StepResult } from './steps.ts';

interface JobDefinition {
  readonly name?: string;
  readonly needs?: string | readonly string[];
  readonly if?: unknown;
  readonly 'timeout-minutes'?: number;
  readonly strategy?: { readonly matrix?: Readonly<Record<string, unknown>> };
  readonly outputs?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, unknown>>;
  readonly steps: readonly StepDefinition[];
}

export interface JobResult {
  /** The job's id in the file. */
  readonly job: string;
  readonly name: string;
  readonly matrix: Readonly<Record<string, unknown>> | undefined;
  readonly result: Outcome;
  readonly outputs: Readonly<Record<string, string>>;
  readonly steps: readonly StepResult[];
  readonly dir: string;
}

/** What the replay gives every job: the contexts GitHub fills, the runner's environment, and the stand-ins' folders. */
export interface RunSetup {
  readonly workflowFile: string;
  readonly runDir: string;
  /** github, inputs, vars and secrets. */
  readonly contexts: Contexts;
  readonly env: (workspace: string, job: string) => Record<string, string>;
  readonly standIn: { projectRoot: string; artifactsDir: string; remote: string; pagesDir: string };
  readonly broken: readonly string[];
  readonly log: (line: string) => void;
}

const needsOf = (job: JobDefinition): string[] => (job.needs === undefined ? [] : [job.needs].flat());

/** The jobs in an order that runs each after its needs (the file's order among the ready ones). */
export function jobOrder(jobs: Readonly<Record<string, JobDefinition>>): string[] {
  const order: string[] = [];
  const pending = Object.keys(jobs);
  while (pending.length > 0) {
    const ready = pending.find((id) => needsOf(jobs[id]!).every((need) => order.includes(need)));
    if (ready === undefined)
      throw new Error(`the jobs ${pending.join(', ')} need each other or a job that does not exist`);
    order.push(ready);
    pending.splice(pending.indexOf(ready), 1);
  }
  return order;
}

/** Every job up the `needs` chain: GitHub's success() for a job looks at all of them. */
function ancestors(jobs: Readonly<Record<string, JobDefinition>>, id: string): Set<string> {
  const found = new Set<string>();
  const visit = (name: string) => needsOf(jobs[name]!).forEach((need) => found.add(need) && visit(need));
  visit(id);
  return found;
}

/** The matrix's combinations, each key's list evaluated (`fromJSON(needs.plan.outputs.shards)`). */
function combinations(matrix: Readonly<Record<string, unknown>> | undefined, contexts: Contexts, status: Status) {
  if (!matrix) return [undefined];
  let all: Record<string, unknown>[] = [{}];
  for (const [key, written] of Object.entries(matrix)) {
    const values =
      typeof written === 'string' ? valueOf(written.replace(/^\s*\$\{\{|\}\}\s*$/g, ''), contexts, status) : written;
    if (!Array.isArray(values)) throw new Error(`matrix.${key} is not a list: ${JSON.stringify(values)}`);
    all = all.flatMap((combination) => values.map((value: unknown) => ({ ...combination, [key]: value })));
  }
  return all;
}

/** `ok Report production: Merge them ... 4.9 s`; a failure let through by continue-on-error is marked `~`. */
function stepLine(job: string, result: StepResult): string {
  const mark =
    result.conclusion === 'failure'
      ? 'x'
      : result.outcome === 'failure'
        ? '~'
        : result.outcome === 'skipped'
          ? '-'
          : 'ok';
  const why = result.error ? ` (${result.error})` : '';
  return `${mark} ${job}: ${result.name}${why} ${(result.durationMs / 1000).toFixed(1)} s`;
}

/** One instance of a job: its steps in order in a fresh workspace, then its outputs. */
async function runInstance(
  id: string,
  job: JobDefinition,
  matrix: Record<string, unknown> | undefined,
  contexts: Contexts,
  setup: RunSetup,
): Promise<JobResult> {
  const label = [id, ...Object.values(matrix ?? {}).map(String)].join('-');
  const dir = path.join(setup.runDir, label);
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const started = Date.now();
  const deadline = started + (job['timeout-minutes'] ?? 360) * 60_000;
  const name = interpolateText(job.name ?? id, contexts, { succeeded: true, failed: false, workspace });
  const steps: StepResult[] = [];
  const stepsContext: Record<string, unknown> = {};
  for (const [index, step] of job.steps.entries()) {
    const stepContexts = { ...contexts, steps: stepsContext, env: {} };
    const env = { ...setup.env(workspace, id) };
    const result = await runStep(step, index, steps, {
      job: id,
      workspace,
      jobDir: dir,
      env,
      contexts: stepContexts,
      deadline,
      standIn: setup.standIn,
      broken: setup.broken,
    });
    steps.push(result);
    if (step.id)
      stepsContext[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.conclusion };
    setup.log(`  ${stepLine(name, result)}`);
  }
  const result: Outcome = steps.some((step) => step.conclusion === 'failure') ? 'failure' : 'success';
  const done: Status = { succeeded: true, failed: false, workspace };
  const outputs = Object.fromEntries(
    Object.entries(job.outputs ?? {}).map(([key, value]) => [
      key,
      interpolateText(value, { ...contexts, steps: stepsContext }, done),
    ]),
  );
  return { job: id, name, matrix, result, outputs, steps, dir };
}

/** Runs every job of the workflow; resolves to each job instance's result, skipped ones included. */
export async function runWorkflow(setup: RunSetup): Promise<JobResult[]> {
  const { jobs } = parse(fs.readFileSync(setup.workflowFile, 'utf8')) as { jobs: Record<string, JobDefinition> };
  const results: JobResult[] = [];
  const needs: Record<string, { result: Outcome; outputs: Record<string, string> }> = {};
  for (const id of jobOrder(jobs)) {
    const job = jobs[id]!;
    const up = [...ancestors(jobs, id)].map((name) => needs[name]!.result);
    const status: Status = {
      succeeded: up.every((result) => result === 'success'),
      failed: up.includes('failure'),
      workspace: setup.runDir,
    };
    const contexts = { ...setup.contexts, needs: Object.fromEntries(needsOf(job).map((need) => [need, needs[need]])) };
    const instances: JobResult[] = [];
    if (!condition(job.if, contexts, status)) {
      setup.log(`- ${id}: skipped`);
      instances.push({ job: id, name: id, matrix: undefined, result: 'skipped', outputs: {}, steps: [], dir: '' });
    } else {
      for (const matrix of combinations(job.strategy?.matrix, contexts, status)) {
        setup.log(`${id}${matrix ? ` ${JSON.stringify(matrix)}` : ''}`);
        instances.push(await runInstance(id, job, matrix, { ...contexts, matrix: matrix ?? {}, strategy: {} }, setup));
      }
    }
    const result: Outcome = instances.some((instance) => instance.result === 'failure')
      ? 'failure'
      : instances.every((instance) => instance.result === 'skipped')
        ? 'skipped'
        : 'success';
    needs[id] = {
      result,
      outputs: Object.assign({}, ...instances.map((instance) => instance.outputs)) as Record<string, string>,
    };
    results.push(...instances);
  }
  return results;
}
