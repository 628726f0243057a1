/**
 * The budgets of the scheduled workflow at Wink's sizes, measured on what ships: two replays of
 * `.github/workflows/smoke.yml` (`npm run replay`) against the emulator serving Wink's published
 * documents (a two-shard production run, then an unchanged one), and the contract watch's
 * comparison of all of Wink's documents, one change each. Prints each figure beside its budget and
 * the figure measured before (issue "As deployed", main 3c0dead); asserts nothing.
 * `npm run bench` prints them after its own table; `npm run bench:workflow` prints them alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HistoryLine } from '../src/history/history.ts';
import { operationChanges } from '../src/checks/openapi-diff.ts';
import type { JobResult } from './replay/workflow.ts';
import { worldFiles, type WorldFiles } from './replay/world.ts';
import { parseCommandLine } from './command-line.ts';
import { RELEASE_CHANGES, readWinkDocument, winkDocumentNames } from './wink-documents.ts';

export interface Budget {
  readonly name: string;
  readonly measured: number;
  readonly limit: number;
  readonly unit: string;
  /** The figure before, as measured on main 3c0dead. */
  readonly before: string;
}

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const KB = 1024;

const jobsOf = (files: WorldFiles, run: number): JobResult[] =>
  (JSON.parse(fs.readFileSync(path.join(files.runsDir, String(run), 'replay.json'), 'utf8')) as { jobs: JobResult[] })
    .jobs;

/** Every line of the history branch, as text, with its parsed line. */
function branchLines(files: WorldFiles): { text: string; line: HistoryLine }[] {
  const git = (...args: string[]) =>
    spawnSync('git', ['--git-dir', files.remote, ...args], { encoding: 'utf8' }).stdout;
  return git('ls-tree', '-r', '--name-only', 'history')
    .split('\n')
    .filter((file) => file !== '')
    .flatMap((file) => git('show', `history:${file}`).split('\n'))
    .filter((text) => text !== '')
    .map((text) => ({ text, line: JSON.parse(text) as HistoryLine }));
}

/** The bytes a replayed run added to the history branch: its run, check and document lines, and the deliveries of its alerts. */
export function branchGrowth(files: WorldFiles, run: number): number {
  const lines = branchLines(files);
  const own = lines.find(({ line }) => line.type === 'run' && line.run.endsWith(`#${run}.1`))?.line;
  if (own?.type !== 'run') throw new Error(`run ${run} is not on the history branch`);
  return lines
    .filter(({ line }) => (line.type === 'delivery' ? line.run === own.run : line.at === own.at))
    .reduce((sum, { text }) => sum + Buffer.byteLength(text) + 1, 0);
}

/** The largest blob report a shard of the run uploaded. */
export function largestBlob(files: WorldFiles, run: number): number {
  const artifacts = path.join(files.runsDir, String(run), 'artifacts');
  return Math.max(
    ...fs
      .readdirSync(artifacts)
      .filter((name) => name.startsWith('blob-'))
      .flatMap((name) =>
        fs.readdirSync(path.join(artifacts, name)).map((file) => fs.statSync(path.join(artifacts, name, file)).size),
      ),
  );
}

/** How long the report job's merge step took. */
export function mergeMs(files: WorldFiles, run: number): number {
  const step = jobsOf(files, run)
    .filter((job) => job.job === 'report')
    .flatMap((job) => job.steps)
    .find((candidate) => candidate.name.startsWith('Merge them'));
  if (!step) throw new Error(`run ${run} has no merge step`);
  return step.durationMs;
}

/** CPU time of comparing each of Wink's documents with itself less its first operation: one change each. */
export function comparisonCpuMs(): number {
  const pairs = winkDocumentNames().map((name) => RELEASE_CHANGES['remove-operation'](readWinkDocument(name)));
  const started = process.cpuUsage();
  for (const { before, after } of pairs) operationChanges(before, after);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/** Two replays into a folder of their own: a two-shard production run, then an unchanged scheduled one. */
function replayTwice(stateDir: string): void {
  const replay = (args: string[]) => {
    const result = spawnSync(
      process.execPath,
      ['scripts/replay.ts', '--state', stateDir, '--hosts', 'inventory,integrations', ...args],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        // 5 minutes bound a replay that hangs; one takes about 20 s here.
        timeout: 300_000,
      },
    );
    if (result.status !== 0) throw new Error(`the replay failed:\n${result.stdout}\n${result.stderr}`);
  };
  replay(['--environment', 'production', '--shards', '2']);
  replay(['--event', 'schedule', '--cron', '7,37 * * * *']);
}

export function measureBudgets(): Budget[] {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-bench-workflow-'));
  try {
    replayTwice(stateDir);
    const files = worldFiles(stateDir);
    return [
      {
        name: 'an unchanged production run adds to the history branch',
        measured: branchGrowth(files, 2) / KB,
        limit: 16,
        unit: 'KB',
        before: '835 KB',
      },
      {
        name: "comparing all of Wink's documents, one change each (CPU)",
        measured: comparisonCpuMs() / 1000,
        limit: 2,
        unit: 's',
        before: '11 s idle, 43 s under a run',
      },
      {
        name: "a shard's blob report",
        measured: Math.max(largestBlob(files, 1), largestBlob(files, 2)) / KB / KB,
        limit: 2,
        unit: 'MB',
        before: '8.8 MB',
      },
      {
        name: "the report job's merge",
        measured: mergeMs(files, 2) / 1000,
        limit: 30,
        unit: 's',
        before: 'not measured',
      },
    ];
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

export function printBudgets(budgets: readonly Budget[]): void {
  console.log(
    "\nworkflow budgets at Wink's sizes: two replays of the scheduled workflow (inventory and integrations, serving 10 of Wink's documents, 9.4 MB), and the comparison of all 11 (9.5 MB)",
  );
  console.log('budget\tmeasured\tlimit\tbefore\theld');
  for (const budget of budgets)
    console.log(
      `${budget.name}\t${budget.measured.toFixed(2)} ${budget.unit}\t${budget.limit} ${budget.unit}\t${budget.before}\t${budget.measured <= budget.limit ? 'yes' : 'no'}`,
    );
}

if (import.meta.main) {
  parseCommandLine({
    script: 'bench:workflow',
    usage: 'usage: npm run bench:workflow',
    summary: "Replays the scheduled workflow twice and prints its budgets at Wink's sizes beside the figures before.",
    options: {},
  });
  printBudgets(measureBudgets());
}
