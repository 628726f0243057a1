/**
 * Runs the real suite (`playwright test`) in a child process and reads its verdicts from the JSON
 * reporter. Each run gets its own output folder, a clean environment (no inherited SMOKE_*, STAGING_*,
 * PRODUCTION_* variables) and a hard time limit, so a hung run fails the self-test instead of CI.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { JSONReport, JSONReportTestStep } from '@playwright/test/reporter';
import { unzipSync } from 'fflate';
import { HOSTS, urlOverrideVariable, type RealEnvironmentName } from '../src/catalog/catalog.ts';
import { NO_CONTROL, configuringVariables } from '../src/config/variables.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/emulator.ts';
import { startRdap, type RunningRdap } from '../emulator/rdap.ts';
import { readJsonReport, type ReportedTest } from '../src/summary/json-report.ts';
import { checkPlan } from '../src/plan/plan.ts';
import type { WarmupRecord } from '../src/checks/warmup.ts';
import { WARMUP_ATTACHMENT } from '../src/checks/warmup-handover.ts';
import { attachedJson } from '../src/checks/record.ts';
import { LIST_REPORTER, SUMMARY_REPORTERS } from '../reporters/index.ts';
import { isLoopbackHostname } from '../src/shared/loopback.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const PLAYWRIGHT_CLI = path.join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
export const SELFTEST_OUTPUT = path.join(PROJECT_ROOT, 'test-results', 'selftest');

export interface RunOptions {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The child is killed after this long; the self-test then fails on its exit code. */
  readonly timeoutMs?: number;
  /** The Node binary that runs Playwright: this one unless a self-test needs another. */
  readonly node?: string;
}

/** One test of a run, as the JSON report holds it, with the check's fault class at hand. */
export interface Outcome extends ReportedTest {
  /** The fault class of a failed check, from its record. */
  readonly fault: string | undefined;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputDir: string;
  readonly report: JSONReport | undefined;
  readonly outcomes: readonly Outcome[];
}

/**
 * A child gets every variable that configures the suite empty unless the test sets it, so a
 * developer's `.env` (credentials, bounds, a Pushgateway) can neither fail a self-test nor receive
 * its traffic.
 */
const CONFIGURING_VARIABLES: readonly string[] = configuringVariables();

/**
 * The parent's environment minus anything that configures the suite, minus GitHub Actions' own
 * variables (a self-test run on GitHub must not write to its step summary, link its run, or hold its
 * token), and minus npm's (self-tests run by `npm run` must not hand their children the options npm read).
 */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = Object.fromEntries(CONFIGURING_VARIABLES.map((name) => [name, '']));
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(SMOKE_|STAGING_|PRODUCTION_|LOCAL_|PLAYWRIGHT_|PW_|TEST_|GITHUB_|npm_)/.test(name))
      continue;
    env[name] = value;
  }
  // Node before 24.3 warns that it strips types; a warning line would break the one-line error checks.
  env.NODE_NO_WARNINGS = '1';
  return env;
}

/**
 * A registry on loopback for the self-tests' staging and production runs, every domain healthy: one
 * per test process, started with its first run and never holding the process open. Their domain
 * checks ask it, never IANA's bootstrap file or a registry on the internet; `local` asks its own
 * emulator's, and a self-test of a domain fault sets SMOKE_RDAP_URL to an emulator of its own.
 */
let selftestRdap: Promise<RunningRdap> | undefined;

/**
 * What every self-test's child run starts from, whatever the project's `.env` or `maintenance.json`
 * say: two workers (two suite runs go side by side on a 2-core machine, and two browsers each keep
 * them from starving each other past the latency bounds), retired hosts checked strictly (fault
 * self-tests inject faults into retired hosts too, and expect failures), no maintenance window, no
 * control probe (its default is beyond this machine: a self-test of it sets one on loopback), and a
 * history that is never the project's.
 */
function selftestDefaults(rdapUrl: string): Record<string, string> {
  fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
  const noMaintenance = path.join(SELFTEST_OUTPUT, 'no-maintenance.json');
  // Written once, whole, by rename: runs side by side read it while another run starts.
  if (!fs.existsSync(noMaintenance)) {
    const partial = `${noMaintenance}.${process.pid}`;
    fs.writeFileSync(partial, '{}\n');
    fs.renameSync(partial, noMaintenance);
  }
  return {
    SMOKE_WORKERS: '2',
    SMOKE_RETIRED: 'check',
    SMOKE_MAINTENANCE_FILE: noMaintenance,
    SMOKE_CONTROL_URL: NO_CONTROL,
    SMOKE_HISTORY_DIR: path.join(SELFTEST_OUTPUT, 'history'),
    SMOKE_RDAP_URL: rdapUrl,
    FORCE_COLOR: '0',
  };
}

/** Playwright's command line in a child, from the self-tests' defaults plus `env`, killed after `timeoutMs`. */
export async function runPlaywright(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs = 180_000,
  node = process.execPath,
): Promise<ScriptResult> {
  selftestRdap ??= startRdap({}, { unref: true });
  const { url } = await selftestRdap;
  return spawnBounded([PLAYWRIGHT_CLI, ...args], { ...cleanEnv(), ...selftestDefaults(url), ...env }, timeoutMs, node);
}

export async function runSuite(options: RunOptions): Promise<RunResult> {
  // Under test-results/, so CI uploads the reports of a failed self-test.
  fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
  const outputDir = fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'run-'));
  const reportFile = path.join(outputDir, 'report.json');
  const { code, stdout, stderr } = await runPlaywright(
    [
      'test',
      `--reporter=${[LIST_REPORTER, 'json', 'html', ...SUMMARY_REPORTERS].join(',')}`,
      `--output=${path.join(outputDir, 'results')}`,
      ...options.args,
    ],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
      GITHUB_STEP_SUMMARY: path.join(outputDir, 'step-summary.md'),
      PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(outputDir, 'html-report'),
      PLAYWRIGHT_HTML_OPEN: 'never',
      // Each run's history stays in its own folder.
      SMOKE_HISTORY_DIR: path.join(outputDir, 'history'),
      ...options.env,
    },
    options.timeoutMs,
    options.node,
  );
  const read = readJsonReport(reportFile);
  const outcomes = (read?.tests ?? []).map((test): Outcome => ({ ...test, fault: test.record?.fault }));
  // No self-test reaches the internet: a domain check asks the loopback registry SMOKE_RDAP_URL
  // names (or local's emulator), never IANA's bootstrap file or a registry beyond this machine.
  for (const outcome of outcomes.filter((candidate) => candidate.record?.check === 'domain-expiry')) {
    const sent = attachedJson<{ calls: { url: string }[] }>(outcome.results.at(-1)?.attachments ?? [], 'requests.json');
    for (const { url } of sent?.calls ?? [])
      assert.ok(isLoopbackHostname(new URL(url).hostname), `${outcome.title} asked ${url}, beyond this machine`);
  }
  return {
    code,
    stdout,
    stderr,
    outputDir,
    report: read?.report,
    outcomes,
  };
}

/** The warm-up's record, from the attachment it leaves on its test. */
export function warmupRecordOf(outcome: Outcome | undefined): WarmupRecord {
  const record = attachedJson<WarmupRecord>(outcome?.results.at(-1)?.attachments ?? [], WARMUP_ATTACHMENT);
  assert.ok(record, 'the warm-up attached its record');
  return record;
}

/** Whether nothing listens on the port of 127.0.0.1: a connection to it is refused. */
export function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** A readable line per outcome, for assertion messages. */
export function describeOutcomes(outcomes: readonly Outcome[]): string {
  return outcomes
    .map(
      (outcome) =>
        `[${outcome.project}] ${outcome.title}: ${outcome.status}${outcome.fault ? ` (${outcome.fault})` : ''}${outcome.errors[0] ? ` ${outcome.errors[0].split('\n')[0]}` : ''}`,
    )
    .join('\n');
}

/**
 * An emulator in this process, for a self-test: the whole catalog on free loopback ports, awake
 * from the first request and healthy, unless the options say otherwise.
 */
export function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ hosts: HOSTS, basePort: 0, wakeAfterMs: 0, scenario: { hosts: {} }, ...options });
}

/** `STAGING_IAM_URL=<emulator's iam>` and so on: the environment's every host pointed at the emulator. */
export function overridesFor(
  environment: RealEnvironmentName,
  urls: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(HOSTS.map((host) => [urlOverrideVariable(environment, host.id), urls[host.id]!]));
}

/** The checks that run only with an environment's client credentials, by title. */
const NEEDS_CREDENTIALS: ReadonlySet<string> = new Set(
  checkPlan(HOSTS)
    .filter((check) => check.needsCredentials)
    .map((check) => check.title),
);

/** How many checks of a full run need credentials: skipped in a run without them. */
export const CREDENTIALED = NEEDS_CREDENTIALS.size;

/** The checks a full run has per environment. */
export const CHECKS_PER_ENVIRONMENT = checkPlan(HOSTS).length;

export interface ExpectedFailure {
  readonly fault: string;
  /** Matched against the first error message, after the `<env> <id> <url>: ` prefix. */
  readonly cause: RegExp;
}

/**
 * Exactly the named checks of the project failed, each with its fault class and a message that
 * starts with its environment, host id and URL; every other check of the project passed.
 */
export function assertVerdicts(
  result: RunResult,
  project: string,
  urls: Readonly<Record<string, string>>,
  expected: Readonly<Record<string, ExpectedFailure>>,
  /** Checks reported as contract changes (skipped, outcome `contract`), each with its cause. */
  contracts: Readonly<Record<string, RegExp>> = {},
): void {
  const checks = result.outcomes.filter((outcome) => outcome.project === project);
  const all = describeOutcomes(result.outcomes);
  assert.equal(checks.length, CHECKS_PER_ENVIRONMENT, `${project} ran every check:\n${all}`);
  for (const outcome of checks) {
    const failure = expected[outcome.title];
    const record = outcome.record;
    assert.ok(record, `${outcome.title} attached its record:\n${all}`);
    if (!failure && record.outcome === 'skipped' && NEEDS_CREDENTIALS.has(outcome.title)) {
      // Without credentials the ping is skipped, and the reason names the variables that enable it.
      assert.equal(outcome.status, 'skipped');
      assert.match(
        record.note ?? '',
        /^set ([A-Z]+)_CLIENT_ID and \1_CLIENT_SECRET to check that IAM issues a token and the API accepts it$/,
      );
      continue;
    }
    const contract = contracts[outcome.title];
    if (contract) {
      assert.equal(outcome.status, 'skipped', `${outcome.title} is reported only:\n${all}`);
      assert.equal(record.outcome, 'contract', `${outcome.title} record says contract`);
      assert.match(record.cause ?? '', contract, `${outcome.title} contract cause: ${record.cause}`);
      continue;
    }
    if (!failure) {
      assert.equal(outcome.status, 'expected', `${outcome.title} passes:\n${all}`);
      assert.ok(
        record.outcome === 'pass' || record.outcome === 'degraded',
        `${outcome.title} record passes: ${record.outcome}`,
      );
      continue;
    }
    const id = record.host;
    assert.equal(outcome.status, 'unexpected', `${outcome.title} fails:\n${all}`);
    assert.equal(record.outcome, 'fail', `${outcome.title} record fails: ${record.outcome}`);
    assert.equal(outcome.fault, failure.fault, `${outcome.title} fault class:\n${all}`);
    assert.match(record.cause ?? '', failure.cause, `${outcome.title} cause in its record: ${record.cause}`);
    const prefix = `${project} ${id} ${urls[id]}: `;
    const message = outcome.errors[0] ?? '';
    assert.ok(message.includes(prefix), `${outcome.title} names its target (${prefix}): ${message}`);
    // A check's own failure ends with its trace; one that came another way (a test timeout) has none.
    const line = message.slice(message.indexOf(prefix) + prefix.length).split('\n')[0]!;
    const traced = / \(trace ([0-9a-f]{32})\)$/.exec(line);
    if (traced) assert.equal(traced[1], record.traceId, `${outcome.title} names its own trace: ${message}`);
    assert.match(traced ? line.slice(0, traced.index) : line, failure.cause, `${outcome.title} cause: ${message}`);
  }
  for (const title of [...Object.keys(expected), ...Object.keys(contracts)]) {
    assert.ok(
      checks.some((outcome) => outcome.title === title),
      `a check titled "${title}" ran`,
    );
  }
}

export interface ScriptResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the project's programs as `npm run` would: a script of scripts/ by its name
 * (`notify.ts`), any other by its path from the project's folder (`emulator/main.ts`), with the same
 * clean environment as a suite run plus `env`, killed after `timeoutMs`.
 */
export function runScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs = 60_000,
): Promise<ScriptResult> {
  const file = script.includes('/') ? script : path.join('scripts', script);
  return spawnBounded([file, ...args], { ...cleanEnv(), FORCE_COLOR: '0', ...env }, timeoutMs);
}

/**
 * `npm <args>` as a user types it, in the project's folder, with the same clean environment as a
 * script (npm's own reading of the command line included), killed after `timeoutMs`.
 */
export function runNpm(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs = 60_000,
): Promise<ScriptResult> {
  return spawnBounded(args, { ...cleanEnv(), FORCE_COLOR: '0', ...env }, timeoutMs, 'npm');
}

/** `program` (this Node by default) with `args` in the project's folder, its output collected, killed after `timeoutMs`. */
async function spawnBounded(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs: number,
  program = process.execPath,
): Promise<ScriptResult> {
  const child = spawn(program, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(killer);
  return { code, stdout, stderr };
}

/** Every file below `dir`, with zip archives (traces) and the HTML report's embedded data unpacked, nested. */
export function readEverything(dir: string): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = [];
  const read = (file: string, bytes: Uint8Array): void => {
    if (file.endsWith('.zip')) {
      for (const [name, entry] of Object.entries(unzipSync(bytes))) {
        if (!name.endsWith('/')) read(path.join(`${file}.unpacked`, name), entry);
      }
      return;
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    files.push({ file, text });
    // The HTML report carries its data as a base64 zip inside index.html.
    const embedded = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(text)?.[1];
    if (embedded) read(`${file}.data.zip`, Buffer.from(embedded, 'base64'));
  };
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else read(file, fs.readFileSync(file));
    }
  };
  walk(dir);
  return files;
}

/**
 * The steps of each named check's last try that ended in an error, outermost first: every phase of
 * a check, the certificate's included, is a step of the test body in Playwright's JSON report.
 */
export function failedStepsOf(result: RunResult, titles: readonly string[]): Record<string, string[]> {
  const failed = (steps: readonly JSONReportTestStep[]): string[] =>
    steps.flatMap((step) => [...(step.error ? [step.title] : []), ...failed(step.steps ?? [])]);
  return Object.fromEntries(
    titles.map((title) => {
      const outcome = result.outcomes.find((candidate) => candidate.title === title);
      return [title, failed(outcome?.results.at(-1)?.steps ?? [])];
    }),
  );
}

/**
 * Writes `file` as a maintenance file holding one window for `host` of `environment`, from an hour
 * ago to an hour from now: in force for the whole of a self-test's run.
 */
export function writeWindowInForce(file: string, environment: RealEnvironmentName, host: string): string {
  const now = Date.now();
  const window = {
    environment,
    host,
    from: new Date(now - 3_600_000).toISOString(),
    to: new Date(now + 3_600_000).toISOString(),
    reason: 'database upgrade',
  };
  fs.writeFileSync(file, JSON.stringify({ windows: [window] }));
  return file;
}
