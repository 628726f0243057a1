/**
 * `npm run bench:status-page [-- --days 365 --repeat 3]`: how large a year of history grows, and
 * how long the status page takes to build from it.
 *
 * Writes a synthetic history (`emulator/history.ts`) of production's schedule (every 30 minutes)
 * and staging's (three times a working day) over the span into a temporary folder, through the
 * suite's own writer; prints its size raw and gzipped (as git stores it, near enough); then builds
 * the page from it in this process (`--repeat` times; the median is printed) and once as
 * `npm run status-page` would, in a child process (Node's start and module loading included).
 * Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { HOSTS, type EnvironmentName } from '../src/catalog/catalog.ts';
import { parseSettings } from '../src/config/settings.ts';
import { DAY_MS } from '../src/shared/format.ts';
import { buildStatusPage } from '../src/status/page/build.ts';
import { writeSyntheticHistory, type Schedule } from '../emulator/history.ts';
import { parseCommandLine, refuse } from './command-line.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** The child build is killed after this long: a hung build is reported, not waited for. */
const CHILD_LIMIT_MS = 5 * 60_000;

const COMMAND_LINE = {
  script: 'bench:status-page',
  usage: 'usage: npm run bench:status-page -- [--days <1-3650>] [--repeat <1-20>]',
  summary: "Writes a synthetic history of --days and prints its size and the status page's build time.",
  options: { days: { type: 'string', default: '365' }, repeat: { type: 'string', default: '3' } },
} as const;
const { values } = parseCommandLine(COMMAND_LINE);
const days = Number(values.days);
const repeat = Number(values.repeat);
if (!Number.isInteger(days) || days < 1 || days > 3650) {
  refuse(COMMAND_LINE, `--days ${JSON.stringify(values.days)} is not valid`, 'a whole number from 1 to 3650');
}
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
  refuse(COMMAND_LINE, `--repeat ${JSON.stringify(values.repeat)} is not valid`, 'a whole number from 1 to 20');
}

// The defaults, whatever .env says: the figures must compare from one machine to the next.
const defaults = parseSettings({});
const now = Date.now();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-bench-history-'));
const historyDir = path.join(dir, 'history');
const outDir = path.join(dir, 'status-page');

const environments: readonly [EnvironmentName, Schedule][] = [
  ['production', 'production'],
  ['staging', 'staging'],
];

function folderBytes(folder: string): { raw: number; gzip: number; files: number } {
  // A span of a weekend leaves staging without a run, and without a folder.
  if (!fs.existsSync(folder)) return { raw: 0, gzip: 0, files: 0 };
  const files = fs.readdirSync(folder).map((name) => path.join(folder, name));
  return files.reduce(
    (sum, file) => {
      const content = fs.readFileSync(file);
      return { raw: sum.raw + content.length, gzip: sum.gzip + zlib.gzipSync(content).length, files: sum.files + 1 };
    },
    { raw: 0, gzip: 0, files: 0 },
  );
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
const seconds = (ms: number): string => (ms / 1000).toFixed(2);

try {
  console.log(
    `bench:status-page: ${days} days of synthetic history: production every 30 min, staging 3 times a working day, ${HOSTS.length} hosts`,
  );
  console.log(['environment', 'runs', 'lines', 'files', 'MiB', 'gzip MiB', 'write s'].join('\t'));
  let total = { runs: 0, lines: 0, files: 0, raw: 0, gzip: 0 };
  for (const [index, [environment, schedule]] of environments.entries()) {
    const started = performance.now();
    const written = writeSyntheticHistory(historyDir, {
      environment,
      hosts: HOSTS,
      schedule,
      from: now - days * DAY_MS,
      to: now,
      seed: 7 + index,
      bounds: defaults,
    });
    const writeMs = performance.now() - started;
    const size = folderBytes(path.join(historyDir, environment));
    total = {
      runs: total.runs + written.runs,
      lines: total.lines + written.lines,
      files: total.files + size.files,
      raw: total.raw + size.raw,
      gzip: total.gzip + size.gzip,
    };
    console.log(
      [environment, written.runs, written.lines, size.files, mib(size.raw), mib(size.gzip), seconds(writeMs)].join(
        '\t',
      ),
    );
  }
  console.log(['total', total.runs, total.lines, total.files, mib(total.raw), mib(total.gzip), ''].join('\t'));

  const builds: number[] = [];
  let result: ReturnType<typeof buildStatusPage> | undefined;
  for (let attempt = 0; attempt < repeat; attempt++) {
    const started = performance.now();
    result = buildStatusPage({ historyDir, outDir, now, hosts: HOSTS, bounds: defaults });
    builds.push(performance.now() - started);
  }
  const sorted = [...builds].sort((a, b) => a - b);
  const page = fs.readFileSync(result!.pageFile);

  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/status-page.ts', '--history', historyDir, '--out', outDir], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_LIMIT_MS);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(killer);
  const childMs = performance.now() - started;

  console.log(
    `build: ${result!.runs} runs from ${mib(result!.historyBytes)} MiB in ${seconds(sorted[Math.floor(sorted.length / 2)]!)} s ` +
      `(median of ${repeat}; fastest ${seconds(sorted[0]!)} s); npm run status-page: ${seconds(childMs)} s${code === 0 ? '' : ` (FAILED, exit code ${code})`}`,
  );
  console.log(
    `page: ${Math.round(page.length / 1024)} KiB (gzip ${Math.round(zlib.gzipSync(page).length / 1024)} KiB), ${result!.badges} badges`,
  );
  process.exitCode = code === 0 ? 0 : 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
