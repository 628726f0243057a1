/**
 * `npm run bench [-- --sizes 16,48,120 --workers 4 --wake-ms 60000]`: how close a run comes to its
 * lower bound, how its cost grows with the catalog, and which of the targets hold.
 *
 * For each size, an emulator (in this process) plays a sleeping staging with a realistic latency
 * profile; the suite runs against it as a child process (`--project=staging`, every URL overridden),
 * with the config's reporters, each writing into a folder of the bench's own. With `--wake-ms 0` the
 * environment never sleeps and the suite runs as production does (`--project=production`, no
 * warm-up). The process tree of the child is sampled for memory, and its CPU time read when it ends.
 * The critical path is computed from the emulator's own settings: wake time, plus the slowest single
 * check, plus starting one browser. Prints figures and the targets beside them; a size whose run is
 * not right (a check that did not pass, a setup that failed, no report) says why and makes the bench
 * exit 1. Targets are read from the output, never enforced by a timed test.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { chromium } from '@playwright/test';
import { HOSTS, urlOverrideVariable, type RealEnvironmentName } from '../src/catalog/catalog.ts';
import { chooseChromium, launchOptionsFor } from '../src/checks/browser.ts';
import { configuringVariables } from '../src/config/variables.ts';
import { startEmulator } from '../emulator/emulator.ts';
import { readJsonReport, type ReportedTest } from '../src/summary/json-report.ts';
import { attachedJson } from '../src/checks/record.ts';
import type { WarmupRecord } from '../src/checks/warmup.ts';
import { WARMUP_ATTACHMENT } from '../src/checks/warmup-handover.ts';
import { checkPlan } from '../src/plan/plan.ts';
import type { Scenario } from '../src/config/scenario.ts';
import { parseCommandLine, refuse } from './command-line.ts';
import { syntheticCatalog } from './synthetic-catalog.ts';
import { measureBudgets, printBudgets } from './bench-workflow.ts';

/** One round trip plus server time for an API call (a nearby region, a Spring service). */
const API_LATENCY_MS = 120;
/** Each app request (shell, bundle, stylesheet): a round trip plus transfer from a CDN edge. */
const APP_LATENCY_MS = 150;
/**
 * Staging's cold start: the environments page says it takes about a minute to wake. A shorter wake
 * (`--wake-ms 8000`) runs faster and shows the suite's own overhead as a larger share.
 */
const STAGING_WAKE_MS = 60_000;
/** How often the process tree's memory is read: often enough for the peak, rarely enough to cost nothing. */
const SAMPLE_MS = 1000;
/** A bench run that takes longer than this has hung; it is killed and reported. */
const RUN_LIMIT_MS = 10 * 60_000;
/** How much of the child's output is kept, to say why a run that wrote no report failed. */
const OUTPUT_TAIL_CHARS = 4000;
/** Linux's clock ticks per second, the unit of CPU times in /proc (USER_HZ, 100 on every Linux ABI). */
const CLOCK_TICKS_PER_S = 100;

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/**
 * What the issue asks of a run, each read from the rows it concerns. The ratio's bound depends on
 * the wake: with staging's real minute the overhead is a small share; with a short one, a larger;
 * with none (production) the catalog's run has a bound of its own, from start to exit.
 */
const TARGETS = {
  /** The catalog's size: wall time within this many times the critical path (by wake). */
  ratio: { [STAGING_WAKE_MS]: 1.1, other: 1.5 },
  /** The catalog's size: seconds of wall time beyond the critical path, whatever the wake. */
  overheadS: 4,
  /** The catalog's size, with no wake (as production): seconds from start to exit. */
  productionWallS: 6,
  /** 120 hosts: at most this many times the catalog's wall time. */
  growth: { hosts: 120, times: 2 },
  /** 120 hosts: peak memory (PSS) of the whole tree below this. */
  memory: { hosts: 120, bytes: 1.2 * 2 ** 30 },
} as const;

/**
 * Samples the memory of a process and all its descendants on a thread of its own, so that reading
 * /proc never delays the emulator on this thread's event loop. Memory is the sum of proportional
 * set sizes (PSS), which counts a page shared by several processes (Chromium's) once in all. The
 * tree is found from every process's parent (cheap); PSS is read for its members only.
 */
const SAMPLER = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
let peak = 0;
function sample() {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync('/proc/' + entry + '/stat', 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) || []), Number(entry)]);
    } catch {}
  }
  let total = 0;
  const queue = [workerData.pid];
  while (queue.length > 0) {
    const pid = queue.pop();
    try {
      const match = /^Pss:\\s+(\\d+)/m.exec(fs.readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8'));
      total += Number(match ? match[1] : 0) * 1024;
    } catch {}
    queue.push(...(children.get(pid) || []));
  }
  peak = Math.max(peak, total);
}
const timer = setInterval(sample, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(peak); });
`;

function samplePeakMemory(pid: number): () => Promise<number> {
  const worker = new Worker(SAMPLER, { eval: true, workerData: { pid, everyMs: SAMPLE_MS } });
  return async () => {
    const peak = new Promise<number>((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    const bytes = await peak;
    await worker.terminate();
    return bytes;
  };
}

/** User plus system CPU time, in ms, from the fields of a /proc `stat` line after the command name. */
function cpuMsOf(statFile: string, userField: number): number {
  const stat = fs.readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[userField]) + Number(fields[userField + 1])) * 1000) / CLOCK_TICKS_PER_S;
}

/**
 * CPU time of this process's children that have ended and been waited for, each with its own waited
 * descendants: the suite's whole tree once it exits (its workers, browsers, their renderers).
 */
const endedChildrenCpuMs = (): number => cpuMsOf('/proc/self/stat', 13);
/** CPU time of this process's main thread, where the emulator answers (the sampler has a thread of its own). */
const mainThreadCpuMs = (): number => cpuMsOf(`/proc/self/task/${process.pid}/stat`, 11);

async function browserStartMs(): Promise<number> {
  const started = performance.now();
  const browser = await chromium.launch(launchOptionsFor(chooseChromium(process.env.CHROMIUM_PATH)));
  const elapsed = performance.now() - started;
  await browser.close();
  return elapsed;
}

/**
 * Where a run's wall time went, from the JSON report's start times and durations. A test's duration
 * there leaves out the setup of its worker's fixtures (Playwright times them apart), so the
 * warm-up's span ends that much early, and the handover carries it; the spans still add up to the
 * wall time.
 */
interface Phases {
  /**
   * Spawn to the first contact with the sleeping environment, which the runner makes before it lists
   * the tests (Playwright loading, the config); without a warm-up, to the first test's start
   * (listing the tests and starting a worker too).
   */
  startMs: number;
  /** The first contact to the warm-up's end (0 without one): the wake, and the warm-up's worker start within it. */
  warmupMs: number;
  /**
   * What polling added to the wake: the warm-up's own elapsed time (its record) less the time the
   * emulator slept after its first contact. The warm-up's clock starts before that contact and stops
   * after an awake answer, which the emulator sends no sooner than its wake: never below zero,
   * unless the warm-up took a sleeping host for awake.
   */
  warmupLagMs: number;
  /** The warm-up's end to the first check's start: new workers, their fixtures, browsers. */
  handoverMs: number;
  /** The first check's start to the last check's end. */
  checksMs: number;
  /** The last check's end to the process's exit: teardown and reporters. */
  finishMs: number;
}

interface Row {
  hosts: number;
  checks: number;
  workers: number;
  wallMs: number;
  criticalMs: number;
  /** CPU time of the suite's whole process tree. */
  cpuMs: number;
  /** CPU time of the emulator, which plays every host in this process. */
  emulatorCpuMs: number;
  peakBytes: number;
  /** Why the run is not right; undefined when every check passed. */
  failure: string | undefined;
  phases: Phases;
}

function phasesOf(tests: readonly ReportedTest[], spawnedAt: number, exitedAt: number, wakeMs: number): Phases {
  const spans = tests.flatMap((test) =>
    test.results.map((result) => {
      const start = Date.parse(result.startTime);
      // Every check attaches a record; the setup steps (the warm-up) do not.
      return { warmup: test.record === undefined, start, end: start + result.duration };
    }),
  );
  const checks = spans.filter((span) => !span.warmup);
  const checksStart = Math.min(...checks.map((span) => span.start));
  const checksEnd = Math.max(...checks.map((span) => span.end));
  const warmup = spans.filter((span) => span.warmup);
  const record = tests
    .map((test) => attachedJson<WarmupRecord>(test.results.at(-1)?.attachments ?? [], WARMUP_ATTACHMENT))
    .find((found) => found !== undefined);
  // Without a warm-up (production), it takes no time and hands over at once.
  const warmupEnd = warmup.length > 0 ? Math.max(...warmup.map((span) => span.end)) : checksStart;
  // The warm-up's record times the wake from the runner's first contact, before its test started.
  const warmupStart =
    warmup.length > 0 ? Math.min(...warmup.map((span) => span.start), record?.contactedAt ?? Infinity) : checksStart;
  // The warm-up's own clock against the emulator's sleep: both count from the first contact.
  return {
    startMs: warmupStart - spawnedAt,
    warmupMs: warmupEnd - warmupStart,
    warmupLagMs: record ? record.elapsedMs - wakeMs : 0,
    handoverMs: checksStart - warmupEnd,
    checksMs: checksEnd - checksStart,
    finishMs: exitedAt - checksEnd,
  };
}

/** The first line of a message, without the `<env> <id> <url>: ` every check's failure starts with. */
const firstLine = (text: string): string => text.split('\n')[0]!.trim();

/**
 * Why a run is not right, or undefined when it is: a setup that failed (its message), else the first
 * check of the plan that did not pass (its outcome, fault and cause), else a check that never ran.
 * A check that passed slower than its degraded bound passed; one skipped for want of credentials is
 * not planned here (the bench holds none).
 */
function failureOf(
  tests: readonly ReportedTest[],
  plannedTitles: readonly string[],
  project: string,
  code: number | null,
): string | undefined {
  const setup = tests.find((test) => test.project !== project && test.status === 'unexpected');
  if (setup) return `${setup.project} '${setup.title}' failed: ${firstLine(setup.errors[0] ?? 'no message')}`;
  const byTitle = new Map(tests.filter((test) => test.project === project).map((test) => [test.title, test]));
  for (const title of plannedTitles) {
    const test = byTitle.get(title);
    if (!test?.record) return `${title}: did not run (${test?.status ?? 'not in the report'})`;
    const { outcome, fault, cause, note } = test.record;
    if (test.status !== 'unexpected' && (outcome === 'pass' || outcome === 'degraded')) continue;
    const why = cause ?? note ?? firstLine(test.errors[0] ?? 'no cause recorded');
    return `${title}: ${outcome}${fault ? ` (${fault})` : ''}: ${why}`;
  }
  return code === 0 ? undefined : `every check passed, but the run exited with code ${code}`;
}

/** The environment the suite runs against: a sleeping staging, or with no wake, production. */
const environmentOf = (wakeMs: number): RealEnvironmentName => (wakeMs === 0 ? 'production' : 'staging');

async function benchOnce(
  size: number,
  workers: number,
  wakeMs: number,
  browserMs: number,
  keep: boolean,
): Promise<Row> {
  const hosts = syntheticCatalog(HOSTS, size);
  const environment = environmentOf(wakeMs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-bench-'));
  const catalogFile = path.join(dir, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(hosts));
  const noMaintenance = path.join(dir, 'no-maintenance.json');
  fs.writeFileSync(noMaintenance, '{}\n');
  const reportFile = path.join(dir, 'report.json');
  const scenario: Scenario = {
    hosts: Object.fromEntries(
      hosts.map((host) => [host.id, { latencyMs: host.kind === 'api' ? API_LATENCY_MS : APP_LATENCY_MS }]),
    ),
  };
  const emulator = await startEmulator({ hosts, environment, basePort: 0, wakeAfterMs: wakeMs, scenario });
  // The control probe runs beside the warm-up, as in CI, against this stand-in for github.com: a
  // benchmark sends nothing beyond this machine.
  const control = http.createServer((_request, response) => response.end());
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  // The slowest single check: an app's shell, then its bundle and stylesheet side by side, or a
  // login redirect followed by IAM's page; an API check is one call.
  const slowestCheckMs = Math.max(2 * APP_LATENCY_MS, APP_LATENCY_MS + API_LATENCY_MS, API_LATENCY_MS);
  const criticalMs = wakeMs + slowestCheckMs + browserMs;
  try {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      // The documented defaults, whatever the project's `.env` says; then the bench's own settings.
      ...Object.fromEntries(configuringVariables().map((name) => [name, ''])),
      SMOKE_CATALOG: catalogFile,
      SMOKE_WORKERS: String(workers),
      SMOKE_MAINTENANCE_FILE: noMaintenance,
      // Every output of a real run is written, each into this run's folder.
      SMOKE_HISTORY_DIR: path.join(dir, 'history'),
      PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile,
      PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(dir, 'html-report'),
      PLAYWRIGHT_HTML_OPEN: 'never',
      SMOKE_CONTROL_URL: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
      // The domains' registry is the emulator's too: a benchmark asks no RDAP server beyond this machine.
      SMOKE_RDAP_URL: emulator.rdapUrl,
      ...Object.fromEntries(hosts.map((host) => [urlOverrideVariable(environment, host.id), emulator.urls[host.id]!])),
    };
    delete env.GITHUB_STEP_SUMMARY;
    const childrenCpuBefore = endedChildrenCpuMs();
    const emulatorCpuBefore = mainThreadCpuMs();
    const started = performance.now();
    const spawnedAt = Date.now();
    const child = spawn(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'node_modules/@playwright/test/cli.js'),
        'test',
        `--project=${environment}`,
        `--output=${path.join(dir, 'results')}`,
      ],
      { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const stopSampling = samplePeakMemory(child.pid!);
    const killer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    const wallMs = performance.now() - started;
    const exitedAt = Date.now();
    const cpuMs = endedChildrenCpuMs() - childrenCpuBefore;
    const emulatorCpuMs = mainThreadCpuMs() - emulatorCpuBefore;
    const peakBytes = await stopSampling();
    clearTimeout(killer);
    // Without credentials the checks that need them are skipped, and take no time.
    const planned = checkPlan(hosts).filter((check) => !check.needsCredentials);
    const read = readJsonReport(reportFile);
    const lastWords = firstLine(
      output
        .trim()
        .split('\n')
        .findLast((line) => line.trim() !== '') ?? 'no output',
    );
    return {
      hosts: size,
      checks: planned.length,
      workers,
      wallMs,
      criticalMs,
      cpuMs,
      emulatorCpuMs,
      peakBytes,
      failure: read
        ? failureOf(
            read.tests,
            planned.map((check) => check.title),
            environment,
            code,
          )
        : `the run wrote no report (exit code ${code}): ${lastWords}`,
      phases: read
        ? phasesOf(read.tests, spawnedAt, exitedAt, wakeMs)
        : { startMs: NaN, warmupMs: NaN, warmupLagMs: NaN, handoverMs: NaN, checksMs: NaN, finishMs: NaN },
    };
  } finally {
    control.close();
    await emulator.close();
    if (keep) console.log(`${size} hosts, ${workers} workers: kept ${dir} (report.json, html-report, history)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One target's line: what it asks, the figure, and whether it holds. */
interface TargetLine {
  readonly target: string;
  readonly figure: string;
  readonly holds: boolean | undefined;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The targets, read from the rows of one worker count. */
function targetLines(rows: readonly Row[], wakeMs: number): TargetLine[] {
  const catalog = rows.find((row) => row.hosts === HOSTS.length);
  const large = (hosts: number) => rows.find((row) => row.hosts === hosts);
  const notMeasured = (hosts: number): string => `no row of ${hosts} hosts`;
  const lines: TargetLine[] = [];
  if (wakeMs === 0) {
    lines.push({
      target: `${HOSTS.length} hosts, no wake: start to exit within ${TARGETS.productionWallS} s`,
      figure: catalog ? seconds(catalog.wallMs) : notMeasured(HOSTS.length),
      holds: catalog && catalog.wallMs <= TARGETS.productionWallS * 1000,
    });
  } else {
    const ratio = wakeMs === STAGING_WAKE_MS ? TARGETS.ratio[STAGING_WAKE_MS] : TARGETS.ratio.other;
    lines.push(
      {
        target: `${HOSTS.length} hosts: wall within ${ratio}x the critical path`,
        figure: catalog
          ? `${seconds(catalog.wallMs)} for ${seconds(catalog.criticalMs)}: ${(catalog.wallMs / catalog.criticalMs).toFixed(2)}x`
          : notMeasured(HOSTS.length),
        holds: catalog && catalog.wallMs <= ratio * catalog.criticalMs,
      },
      {
        target: `${HOSTS.length} hosts: overhead within ${TARGETS.overheadS} s`,
        figure: catalog ? seconds(catalog.wallMs - catalog.criticalMs) : notMeasured(HOSTS.length),
        holds: catalog && catalog.wallMs - catalog.criticalMs <= TARGETS.overheadS * 1000,
      },
    );
  }
  const grown = large(TARGETS.growth.hosts);
  lines.push(
    {
      target: `${TARGETS.growth.hosts} hosts within ${TARGETS.growth.times}x the time of ${HOSTS.length}`,
      figure:
        grown && catalog
          ? `${seconds(grown.wallMs)} for ${seconds(catalog.wallMs)}: ${(grown.wallMs / catalog.wallMs).toFixed(2)}x`
          : notMeasured(grown ? HOSTS.length : TARGETS.growth.hosts),
      holds: grown && catalog && grown.wallMs <= TARGETS.growth.times * catalog.wallMs,
    },
    {
      target: `${TARGETS.memory.hosts} hosts: peak memory under ${TARGETS.memory.bytes / 2 ** 30} GiB`,
      figure: large(TARGETS.memory.hosts)
        ? `${Math.round(large(TARGETS.memory.hosts)!.peakBytes / 2 ** 20)} MiB`
        : notMeasured(TARGETS.memory.hosts),
      holds: large(TARGETS.memory.hosts) && large(TARGETS.memory.hosts)!.peakBytes < TARGETS.memory.bytes,
    },
  );
  return lines;
}

const COMMAND_LINE = {
  script: 'bench',
  usage:
    'usage: npm run bench -- [--sizes <hosts,...>] [--workers <count,...>] [--wake-ms <ms>] [--keep] [--skip-budgets]',
  summary:
    'Runs the suite against an emulated staging of each size (production with --wake-ms 0) and prints how close each run comes to its lower bound, and which targets hold.',
  options: {
    sizes: { type: 'string', default: `${HOSTS.length},48,120` },
    workers: { type: 'string', default: '4' },
    'wake-ms': { type: 'string', default: String(STAGING_WAKE_MS) },
    /** Keeps each run's folder (its reports and history) to look into, and prints where. */
    keep: { type: 'boolean', default: false },
    /** Leaves out the workflow's budgets (two replays, about a minute): the bench's own self-test does. */
    'skip-budgets': { type: 'boolean', default: false },
  },
} as const;
const { values } = parseCommandLine(COMMAND_LINE);
const sizes = values.sizes.split(',').map(Number);
const workerCounts = values.workers.split(',').map(Number);
const wakeMs = Number(values['wake-ms']);
const wholeNumbers = (list: readonly number[], least: number): boolean =>
  list.every((value) => Number.isInteger(value) && value >= least);
if (!wholeNumbers(sizes, 1)) {
  refuse(COMMAND_LINE, `--sizes ${JSON.stringify(values.sizes)} is not valid`, 'comma-separated whole numbers from 1');
}
if (!wholeNumbers(workerCounts, 0)) {
  refuse(COMMAND_LINE, `--workers ${JSON.stringify(values.workers)} is not valid`, 'comma-separated whole numbers');
}
if (!wholeNumbers([wakeMs], 0)) {
  refuse(COMMAND_LINE, `--wake-ms ${JSON.stringify(values['wake-ms'])} is not valid`, 'a whole number of milliseconds');
}

const browserMs = await browserStartMs();
console.log(
  `bench: ${wakeMs === 0 ? 'production, awake from the start' : `staging, waking ${wakeMs / 1000} s after first contact`}; API calls ${API_LATENCY_MS} ms, app requests ${APP_LATENCY_MS} ms; one browser starts in ${Math.round(browserMs)} ms; load average ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(', ')} on ${os.availableParallelism()} cores`,
);
const header = [
  'hosts',
  'checks',
  'workers',
  'wall s',
  'critical path s',
  'ratio',
  'overhead s',
  'peak memory MiB',
  'result',
  'start s',
  'warm-up s',
  'warm-up lag s',
  'handover s',
  'checks s',
  'finish s',
  'cpu s',
  'emulator cpu s',
];
console.log(header.join('\t'));
const rows: Row[] = [];
for (const size of sizes) {
  for (const workers of workerCounts) {
    const row = await benchOnce(size, workers, wakeMs, browserMs, values.keep);
    rows.push(row);
    console.log(
      [
        row.hosts,
        row.checks,
        row.workers,
        (row.wallMs / 1000).toFixed(1),
        (row.criticalMs / 1000).toFixed(1),
        (row.wallMs / row.criticalMs).toFixed(2),
        ((row.wallMs - row.criticalMs) / 1000).toFixed(1),
        Math.round(row.peakBytes / 2 ** 20),
        row.failure === undefined ? 'all passed' : 'FAILED',
        ...[
          row.phases.startMs,
          row.phases.warmupMs,
          row.phases.warmupLagMs,
          row.phases.handoverMs,
          row.phases.checksMs,
          row.phases.finishMs,
          row.cpuMs,
          row.emulatorCpuMs,
        ].map((ms) => (ms / 1000).toFixed(1)),
      ].join('\t'),
    );
    if (row.failure !== undefined) console.log(`${row.hosts} hosts, ${row.workers} workers: ${row.failure}`);
  }
}
for (const workers of workerCounts) {
  const ofWorkers = rows.filter((row) => row.workers === workers);
  console.log(`targets, ${workers} workers:`);
  for (const line of targetLines(ofWorkers, wakeMs)) {
    const verdict = line.holds === undefined ? 'not measured' : line.holds ? 'holds' : 'misses';
    console.log(`  ${line.target}: ${line.figure}: ${verdict}`);
  }
}
if (!values['skip-budgets']) printBudgets(measureBudgets());
process.exitCode = rows.every((row) => row.failure === undefined) ? 0 : 1;
