/**
 * `npm run status-page [-- --history DIR --out DIR --now ISO]`: builds the static status page from
 * the run history (SMOKE_HISTORY_DIR, default history/) into status-page/: index.html, which opens
 * from disk or from GitHub Pages, and an SVG badge per environment and per host in badges/.
 * The latency bounds drawn on the charts are the settings' (SMOKE_API_/APP_DEGRADED_MS, _FAIL_MS).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildStatusPage } from '../src/status/page/build.ts';
import { settingsOrExit } from '../src/config/settings.ts';
import { parseCommandLine, refuse } from './command-line.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

const COMMAND_LINE = {
  script: 'status-page',
  usage: 'usage: npm run status-page -- [--history <dir>] [--out <dir>] [--now <ISO 8601 time>]',
  summary:
    'Builds the status page and its badges from the run history (default SMOKE_HISTORY_DIR) into --out (default status-page/).',
  options: { history: { type: 'string' }, out: { type: 'string' }, now: { type: 'string' } },
} as const;

/** GitHub Pages' address of the repository the workflow runs in, `https://<owner>.github.io/<repository>/`. */
function gitHubPagesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const [owner, repository] = env.GITHUB_REPOSITORY?.split('/') ?? [];
  if (env.GITHUB_ACTIONS !== 'true' || !owner || !repository) return undefined;
  return `https://${owner.toLowerCase()}.github.io/${repository}/`;
}

function main(): number {
  const { values } = parseCommandLine(COMMAND_LINE);
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (!Number.isFinite(now)) {
    refuse(
      COMMAND_LINE,
      `--now ${JSON.stringify(values.now)} is not valid`,
      'an ISO 8601 time, e.g. 2026-03-02T21:41Z',
    );
  }
  const current = settingsOrExit('status-page');
  const historyDir = values.history === undefined ? current.historyDir : path.resolve(values.history);
  // A folder named on purpose and missing is a typo, not a history with no run yet (the default's
  // case): building would put an empty page over the good one.
  const named = values.history === undefined ? process.env.SMOKE_HISTORY_DIR?.trim() || undefined : values.history;
  if (named !== undefined && !fs.statSync(historyDir, { throwIfNoEntry: false })?.isDirectory()) {
    const given = values.history === undefined ? `SMOKE_HISTORY_DIR=${named}` : `--history ${named}`;
    refuse(COMMAND_LINE, `${given}: no such folder`, 'the folder runs wrote their history to');
  }
  const outDir = path.resolve(PROJECT_ROOT, values.out ?? 'status-page');
  const started = performance.now();
  const pageUrl = current.statusPageUrl ?? gitHubPagesUrl(process.env);
  const result = buildStatusPage({
    historyDir,
    outDir,
    now,
    hosts: current.hosts,
    bounds: current,
    ...(pageUrl === undefined ? {} : { pageUrl }),
    policy: current.alertPolicy,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `status-page: ${result.runs} runs of ${result.environments.join(', ') || 'no environment'} from ${path.relative(PROJECT_ROOT, historyDir) || '.'} ` +
      `(${result.historyFiles} files, ${(result.historyBytes / 2 ** 20).toFixed(1)} MiB) in ${seconds} s: ` +
      `${path.relative(PROJECT_ROOT, result.pageFile)} (${Math.round(result.pageBytes / 1024)} KiB) and ${result.badges} badges`,
  );
  return 0;
}

process.exitCode = main();
