/**
 * The status page as one HTML file: every word and number is written here, from the environments'
 * status (`src/status/status.ts`), so the page reads without its script; the script only draws the charts
 * from the data embedded beside them. uPlot, its stylesheet and the page's own are inlined: the
 * page opens from disk and from GitHub Pages alike, and loads nothing from anywhere.
 */
import { formatDuration, formatTime } from '../../shared/format.ts';
import type { HostKind } from '../../catalog/hosts.ts';
import { runRef } from '../observation.ts';
import { UPTIME_WINDOWS, type EnvironmentStatus, type UptimeWindow } from '../status.ts';
import { STATE_COLORS, escapeMarkup as escapeHtml } from './badge.ts';
import { CHART_COLORS, chartSection, chartSpecs, hasData, type Bounds, type PageEnvironment } from './charts.ts';
import type { ChartSpec, PageData } from './data.ts';
import { WINDOW_LABELS, formatUptime, hostTable, incidentList, runLink, stateChip } from './tables.ts';
import { releaseSection } from './release.ts';
import type { DocumentChanges } from '../../history/openapi-history.ts';

/** The code and styles the page inlines. */
export interface PageAssets {
  readonly uplotJs: string;
  readonly uplotCss: string;
  readonly clientJs: string;
  readonly css: string;
}

export { INCIDENT_DAYS, MAX_INCIDENTS, formatUptime } from './tables.ts';

export interface PageInput {
  readonly now: number;
  readonly environments: readonly PageEnvironment[];
  /** Each host's kind, from the catalog: which latency bounds judge it. Unknown hosts count as APIs. */
  readonly hostKinds: ReadonlyMap<string, HostKind>;
  /** The catalog's registered domains (`wink.travel`): rows of the hosts' table, counted apart. */
  readonly domains?: ReadonlySet<string>;
  readonly bounds: Bounds;
  readonly assets: PageAssets;
  /** Badge file of an environment, or of a host of it, relative to the page. */
  readonly badgeFile: (environment: string, host?: string) => string;
  /** The Atom feed of an environment's state changes, relative to the page. */
  readonly feedFile: (environment: string) => string;
  /** What staging's documents change against production's; undefined without both histories. */
  readonly release?: readonly DocumentChanges[];
}

function latestRunLine(status: EnvironmentStatus, checkedAny: boolean): string {
  const run = status.latestRun;
  if (!run) return '<p>No run yet.</p>';
  const line = run.line;
  const checks = status.latestRunCheckedNothing ? 'no check ran' : `${line?.checks ?? run.checks.length} checks`;
  const words = line
    ? `${escapeHtml(line.status)}, ${checks}${line.durationMs === undefined ? '' : ` in ${formatDuration(line.durationMs)}`}`
    : checks;
  const nothing = status.latestRunCheckedNothing
    ? `<p class="alert" role="alert">The latest run checked no host: ${escapeHtml(status.latestRunCheckedNothing)}.${checkedAny ? " The hosts' states below are from earlier runs." : ''}</p>`
    : '';
  return `<p>Latest run: ${runLink(runRef(run))}, ${words}. ${status.runs.length} run${status.runs.length === 1 ? '' : 's'} in this history.</p>${nothing}`;
}

function environmentSection(environment: PageEnvironment, input: PageInput, charts: readonly ChartSpec[]): string {
  const { status } = environment;
  const name = status.environment;
  const current = status.hosts.filter((host) => !host.retired);
  const domains = current.filter((host) => input.domains?.has(host.host)).length;
  const currentHosts = current.length - domains;
  const hosts = `${currentHosts} current host${currentHosts === 1 ? '' : 's'}${domains > 0 ? ` and ${domains} domain${domains === 1 ? '' : 's'}` : ''}`;
  // Every run ended before any check (the emulator did not start, say): no host has a state, a
  // number or a chart yet; the latest run's line and the incidents say why.
  const checkedAny = status.hosts.some((host) => host.latest !== undefined);
  const counts = (['down', 'degraded', 'up', 'unknown'] as const)
    .map((state) => [state, current.filter((host) => host.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  const uptime = (Object.keys(UPTIME_WINDOWS) as UptimeWindow[])
    .map((window) => {
      const value = status.uptime[window];
      return `${WINDOW_LABELS[window]} ${value ? `<span title="${value.upRuns} of ${value.runs} runs">${formatUptime(value)}</span>` : '–'}`;
    })
    .join(' · ');
  const summary = checkedAny
    ? `${hosts}${counts ? `: ${counts}` : ''}. Runs with no current host down: ${uptime}.`
    : `${hosts}, none checked yet: no run in this history got as far as a check.`;
  return [
    `<section class="environment" id="${escapeHtml(name)}" data-environment="${escapeHtml(name)}" data-state="${status.state}" aria-labelledby="${escapeHtml(name)}-heading">`,
    `<h2 id="${escapeHtml(name)}-heading">${escapeHtml(name)} ${stateChip(status.state)}</h2>`,
    `<p class="summary"><img src="${escapeHtml(input.badgeFile(name))}" alt="badge: ${escapeHtml(name)} ${status.state}" height="20"> ${summary} <a class="feed" href="${escapeHtml(input.feedFile(name))}">Follow its state changes (Atom)</a></p>`,
    latestRunLine(status, checkedAny),
    checkedAny ? hostTable(environment, input.now) : '',
    checkedAny ? chartSection(environment, charts) : '',
    incidentList(status, input.now),
    `</section>`,
  ].join('\n');
}

/** JSON inside a script element: `<` escaped, so no value can close the element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function badgeList(input: PageInput): string {
  const items = input.environments.flatMap(({ status }) => [
    input.badgeFile(status.environment),
    ...status.hosts.map((host) => input.badgeFile(status.environment, host.host)),
  ]);
  return `<details class="badges"><summary>Badges (${items.length} SVG files)</summary><ul>${items
    .map((file) => `<li><a href="${escapeHtml(file)}">${escapeHtml(file)}</a></li>`)
    .join('')}</ul></details>`;
}

export function renderStatusPage(input: PageInput): string {
  const charts = input.environments.map((environment) => chartSpecs(environment, input.hostKinds, input.bounds));
  const data: PageData = {
    environments: input.environments.map((environment) => environment.charts),
    // Only the charts with something to draw have a figure.
    charts: charts.flatMap((specs, index) =>
      specs.filter((chart) => hasData(chart, input.environments[index]!.charts)),
    ),
    colors: { typical: CHART_COLORS.typical, worst: CHART_COLORS.worst, failed: CHART_COLORS.failed },
  };
  const title = `Wink status: ${input.environments.map(({ status }) => `${status.environment} ${status.state}`).join(', ') || 'no history'}`;
  const nav = input.environments
    .map(
      ({ status }) =>
        `<li><a href="#${escapeHtml(status.environment)}">${escapeHtml(status.environment)}</a> ${stateChip(status.state)}</li>`,
    )
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing to fetch: every script and style is inline, the badges are beside the page.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' file: data:">`,
    `<title>${escapeHtml(title)}</title>`,
    ...input.environments.map(
      ({ status }) =>
        `<link rel="alternate" type="application/atom+xml" title="Wink ${escapeHtml(status.environment)}: state changes" href="${escapeHtml(input.feedFile(status.environment))}">`,
    ),
    `<style>${input.assets.uplotCss}</style>`,
    // The states' colours are the badges': one table for both.
    `<style>:root{${Object.entries(STATE_COLORS)
      .map(([state, color]) => `--state-${state}:${color};`)
      .join('')}}</style>`,
    `<style>${input.assets.css}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Wink status</h1>',
    `<p>What the smoke runs found: each environment's hosts now, their uptime, latency, certificates and incidents. Built ${formatTime(input.now)} from ${input.environments.reduce((sum, { status }) => sum + status.runs.length, 0)} runs. Times are UTC.</p>`,
    input.environments.length > 0 ? `<nav aria-label="Environments"><ul>${nav}</ul></nav>` : '',
    '</header>',
    '<main>',
    releaseSection(input.release),
    input.environments.length === 0
      ? '<p class="empty">No history yet: run the suite, then build this page again.</p>'
      : input.environments
          .map((environment, index) => environmentSection(environment, input, charts[index]!))
          .join('\n'),
    '</main>',
    `<footer><p>States: <strong>up</strong> every check passed; <strong>degraded</strong> every check passed, one slower than its degraded bound or only on retry, or the host no longer serves a documented surface (<strong>contract</strong>: Wink changed, the catalog did not); <strong>down</strong> a check failed; <strong>retired</strong> the environments page no longer lists the host. Uptime is the share of runs that found the host up or degraded.</p>${badgeList(input)}</footer>`,
    `<script type="application/json" id="status-data">${embedJson(data)}</script>`,
    `<script>${input.assets.uplotJs}</script>`,
    `<script type="module">${input.assets.clientJs}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
