/**
 * `npm run bench [-- --sizes 12,48,120 --workers 4 --wake-ms 60000]`: how close a run comes to its
 * lower bound, and how its cost grows with the catalog.
 *
 * For each size, an emulator (in this process) plays a sleeping staging with a realistic latency
 * profile; the suite runs against it as a child process (`--project=staging`, every URL overridden);
 * the process tree of that child is sampled for memory. The critical path is computed from the
 * emulator's own settings: wake time, plus the slowest single check, plus starting one browser.
 * Prints figures; asserts nothing (targets are read from the table, not enforced by a timed test).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { chromium } from '@playwright/test';
import { HOSTS, urlOverrideVariable } from '../src/catalog/catalog.ts';
import { type HostEntry } from '../src/catalog/hosts.ts';
import { chooseChromium, launchOptionsFor } from '../src/checks/browser.ts';
import { startEmulator } from '../emulator/emulator.ts';
import { readJsonReport, type ReportedTest } from '../src/run/json-report.ts';
import { attachedJson } from '../src/checks/record.ts';
import { WARMUP_ATTACHMENT, type WarmupRecord } from '../src/checks/warmup.ts';
import { checkPlan } from '../src/plan/plan.ts';
import type { Scenario } from '../src/config/scenario.ts';
import { parseCommandLine, refuse } from './command-line.ts';

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

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** The catalog cut to `size` hosts, or repeated with suffixed ids (`agent-2`) up to it. */
function syntheticCatalog(size: number): HostEntry[] {
  return Array.from({ length: size }, (_, index) => {
    const host = HOSTS[index % HOSTS.length]!;
    const copy = Math.floor(index / HOSTS.length) + 1;
    if (copy === 1) return host;
    const id = `${host.id}-${copy}`;
    return {
      ...host,
      id,
      urls: { staging: `https://staging-${id}.bench.invalid`, production: `https://${id}.bench.invalid` },
    };
  });
}

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
  /** Spawn to the warm-up's start: Playwright loading the config, listing tests, starting a worker. */
  startMs: number;
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
  peakBytes: number;
  passed: boolean;
  phases: Phases;
}

function phasesOf(tests: readonly ReportedTest[], spawnedAt: number, exitedAt: number, wakeMs: number): Phases {
  const spans = tests.flatMap((test) =>
    test.results.map((result) => {
      const start = Date.parse(result.startTime);
      // Every check attaches a record; the setup steps (warm-up, control probe) do not.
      return { warmup: test.record === undefined, start, end: start + result.duration };
    }),
  );
  const warmup = spans.filter((span) => span.warmup);
  const checks = spans.filter((span) => !span.warmup);
  const warmupStart = Math.min(...warmup.map((span) => span.start));
  const warmupEnd = Math.max(...warmup.map((span) => span.end));
  const checksStart = Math.min(...checks.map((span) => span.start));
  const checksEnd = Math.max(...checks.map((span) => span.end));
  const record = tests
    .map((test) => attachedJson<WarmupRecord>(test.results.at(-1)?.attachments ?? [], WARMUP_ATTACHMENT))
    .find((found) => found !== undefined);
  return {
    startMs: warmupStart - spawnedAt,
    warmupMs: warmupEnd - warmupStart,
    warmupLagMs: (record?.elapsedMs ?? Number.NaN) - wakeMs,
    handoverMs: checksStart - warmupEnd,
    checksMs: checksEnd - checksStart,
    finishMs: exitedAt - checksEnd,
  };
}

async function benchOnce(size: number, workers: number, wakeMs: number, browserMs: number): Promise<Row> {
  const hosts = syntheticCatalog(size);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-bench-'));
  const catalogFile = path.join(dir, 'catalog.json');
  fs.writeFileSync(catalogFile, JSON.stringify(hosts));
  const scenario: Scenario = {
    hosts: Object.fromEntries(
      hosts.map((host) => [host.id, { latencyMs: host.kind === 'api' ? API_LATENCY_MS : APP_LATENCY_MS }]),
    ),
  };
  const emulator = await startEmulator({ hosts, basePort: 0, wakeAfterMs: wakeMs, scenario });
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
      SMOKE_CATALOG: catalogFile,
      SMOKE_WORKERS: String(workers),
      PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(dir, 'report.json'),
      SMOKE_CONTROL_URL: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
      ...Object.fromEntries(hosts.map((host) => [urlOverrideVariable('staging', host.id), emulator.urls[host.id]!])),
    };
    const started = performance.now();
    const spawnedAt = Date.now();
    const child = spawn(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'node_modules/@playwright/test/cli.js'),
        'test',
        '--project=staging',
        '--reporter=dot,json',
        `--output=${path.join(dir, 'results')}`,
      ],
      { cwd: PROJECT_ROOT, env, stdio: 'ignore' },
    );
    const stopSampling = samplePeakMemory(child.pid!);
    const killer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    const wallMs = performance.now() - started;
    const exitedAt = Date.now();
    const peakBytes = await stopSampling();
    clearTimeout(killer);
    const read = readJsonReport(path.join(dir, 'report.json'));
    if (!read) throw new Error(`bench: the run of ${size} hosts wrote no report (exit code ${code})`);
    // Without credentials the checks that need them are skipped, and take no time.
    const checks = checkPlan(hosts).filter((check) => !check.needsCredentials).length;
    return {
      hosts: size,
      checks,
      workers,
      wallMs,
      criticalMs,
      peakBytes,
      passed: code === 0 && read.report.stats.unexpected === 0,
      phases: phasesOf(read.tests, spawnedAt, exitedAt, wakeMs),
    };
  } finally {
    control.close();
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const COMMAND_LINE = {
  script: 'bench',
  usage: 'usage: npm run bench -- [--sizes <hosts,...>] [--workers <count,...>] [--wake-ms <ms>]',
  summary:
    'Runs the suite against a sleeping emulated staging of each size and prints how close each run comes to its lower bound.',
  options: {
    sizes: { type: 'string', default: `${HOSTS.length},48,120` },
    workers: { type: 'string', default: '4' },
    'wake-ms': { type: 'string', default: String(STAGING_WAKE_MS) },
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
  `bench: emulator wakes ${wakeMs / 1000} s after first contact; API calls ${API_LATENCY_MS} ms, app requests ${APP_LATENCY_MS} ms; one browser starts in ${Math.round(browserMs)} ms`,
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
];
console.log(header.join('\t'));
const rows: Row[] = [];
for (const size of sizes) {
  for (const workers of workerCounts) {
    const row = await benchOnce(size, workers, wakeMs, browserMs);
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
        row.passed ? 'all passed' : 'FAILED',
        ...[
          row.phases.startMs,
          row.phases.warmupMs,
          row.phases.warmupLagMs,
          row.phases.handoverMs,
          row.phases.checksMs,
          row.phases.finishMs,
        ].map((ms) => (ms / 1000).toFixed(1)),
      ].join('\t'),
    );
  }
}
const first = rows[0];
const last = rows.at(-1);
if (first && last && last !== first) {
  console.log(
    `growth: ${(last.hosts / first.hosts).toFixed(1)}x the hosts cost ${(last.wallMs / first.wallMs).toFixed(2)}x the time`,
  );
}
process.exitCode = rows.every((row) => row.passed) ? 0 : 1;
