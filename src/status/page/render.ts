/**
 * The status page as one HTML file: every word and number is written here, from the environments'
 * status (`src/status/status.ts`), so the page reads without its script; the script only draws the charts
 * from the data embedded beside them. uPlot, its stylesheet and the page's own are inlined: the
 * page opens from disk and from GitHub Pages alike, and loads nothing from anywhere.
 */
import { DAY_MS, formatDuration, formatMs, formatTime } from '../../shared/format.ts';
import type { HostKind } from '../../catalog/hosts.ts';
import { latencyBounds } from '../../checks/policy.ts';
import type { Incident } from '../incidents.ts';
import { runRef, type RunRef } from '../observation.ts';
import {
  UPTIME_WINDOWS,
  type EnvironmentStatus,
  type HostState,
  type HostStatus,
  type Uptime,
  type UptimeWindow,
} from '../status.ts';
import { STATE_COLORS, escapeMarkup as escapeHtml } from './badge.ts';
import type { ChartSpec, EnvironmentCharts, PageData } from './data.ts';
import { releaseSection } from './release.ts';
import { SPANS } from './series.ts';
import type { DocumentChanges } from '../../history/documents.ts';

export interface Bounds {
  readonly apiDegradedMs: number;
  readonly apiFailMs: number;
  readonly appDegradedMs: number;
  readonly appFailMs: number;
  /** The warm-up's budget: a host not awake by then is given up on. */
  readonly warmupTimeoutMs: number;
}

export interface PageEnvironment {
  readonly status: EnvironmentStatus;
  readonly sleepsWhenIdle: boolean;
  readonly charts: EnvironmentCharts;
}

/** The code and styles the page inlines. */
export interface PageAssets {
  readonly uplotJs: string;
  readonly uplotCss: string;
  readonly clientJs: string;
  readonly css: string;
}

export interface PageInput {
  readonly now: number;
  readonly environments: readonly PageEnvironment[];
  /** Each host's kind, from the catalog: which latency bounds judge it. Unknown hosts count as APIs. */
  readonly hostKinds: ReadonlyMap<string, HostKind>;
  readonly bounds: Bounds;
  readonly assets: PageAssets;
  /** Badge file of an environment, or of a host of it, relative to the page. */
  readonly badgeFile: (environment: string, host?: string) => string;
  /** What staging's documents change against production's; undefined without both histories. */
  readonly release?: readonly DocumentChanges[];
}

/** Incidents older than this are not listed, unless still open; the page stays the same size after a year. */
export const INCIDENT_DAYS = 90;
/** At most this many incidents per environment are listed, newest first. */
export const MAX_INCIDENTS = 50;

export const BOUND_COLORS = { degraded: '#9a6700', fail: '#cf222e', budget: '#57606a' } as const;

/** `99.93%`: rounded down, so that a single failed run never shows as 100%. */
export function formatUptime(uptime: Uptime): string {
  if (uptime.upRuns === uptime.runs) return '100%';
  return `${(Math.floor(uptime.ratio * 10_000) / 100).toFixed(2)}%`;
}

const WINDOW_LABELS: Readonly<Record<UptimeWindow, string>> = { '24h': '24 h', '7d': '7 d', '30d': '30 d' };

/** A state as a chip: a shape and a word, so it reads without colour. */
function stateChip(state: HostState): string {
  const shape = { up: '●', degraded: '▲', down: '■', retired: '○', unknown: '?' }[state];
  return `<span class="state state-${state}"><span aria-hidden="true">${shape}</span> ${state}</span>`;
}

function runLink(run: RunRef, text = formatTime(run.time)): string {
  const time = `<time datetime="${escapeHtml(run.at)}">${escapeHtml(text)}</time>`;
  return run.link ? `<a href="${escapeHtml(run.link)}">${time}</a>` : time;
}

function uptimeCell(uptime: Uptime | undefined): string {
  if (!uptime) return '<td class="number" title="no run in this window">–</td>';
  return `<td class="number" title="${uptime.upRuns} of ${uptime.runs} runs up">${formatUptime(uptime)}</td>`;
}

/** How long the state has held, and since when: `3 d 4 h, since 2026-11-20 06:15 UTC`. */
function sinceCell(host: HostStatus, now: number): string {
  if (host.retired) {
    const latest = host.latest;
    if (!latest) return '<td>never checked</td>';
    const fault = latest.findings[0]?.fault;
    return `<td>last checked ${runLink(latest.run)}: ${latest.state}${fault ? ` (${escapeHtml(fault)})` : ''}</td>`;
  }
  if (!host.since) return '<td>no run checked it</td>';
  const atLeast = host.sinceOldestRun ? 'at least ' : '';
  return `<td><span class="for">${atLeast}${formatDuration(now - host.since.time)}</span>, since ${runLink(host.since)}</td>`;
}

function hostRow(host: HostStatus, environment: PageEnvironment, now: number): string {
  const latest = host.latest;
  const cells = [
    `<th scope="row">${escapeHtml(host.host)}</th>`,
    `<td>${stateChip(host.state)}</td>`,
    sinceCell(host, now),
    ...(Object.keys(UPTIME_WINDOWS) as UptimeWindow[]).map((window) => uptimeCell(host.uptime[window])),
    `<td class="number">${latest?.latencyMs === undefined ? '–' : formatMs(latest.latencyMs)}</td>`,
    host.certDays === undefined
      ? '<td class="number" title="no certificate was read: plain http, or the host did not answer">–</td>'
      : `<td class="number">${host.certDays} days</td>`,
    ...(environment.sleepsWhenIdle
      ? [`<td class="number">${latest?.wakeMs === undefined ? '–' : formatMs(latest.wakeMs)}</td>`]
      : []),
  ];
  return `<tr data-host="${escapeHtml(host.host)}" data-state="${host.state}">${cells.join('')}</tr>`;
}

function hostTable(environment: PageEnvironment, now: number): string {
  const name = environment.status.environment;
  const headers = [
    'Host',
    'State',
    'For',
    ...Object.values(WINDOW_LABELS),
    'Latency',
    'Certificate',
    ...(environment.sleepsWhenIdle ? ['Wake'] : []),
  ];
  const rows = environment.status.hosts.map((host) => hostRow(host, environment, now));
  return [
    `<table class="hosts">`,
    `<caption>Hosts of ${escapeHtml(name)}: the state the latest run found, how long it has held, the share of runs that found each host up (24 h, 7 d, 30 d), and the latest run's slowest check, certificate days left${environment.sleepsWhenIdle ? ' and wake time' : ''}</caption>`,
    `<thead><tr>${headers.map((header) => `<th scope="col">${header}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    `</table>`,
  ].join('\n');
}

function incidentRow(incident: Incident, now: number): string {
  const end = incident.to?.time ?? now;
  const findings = incident.findings
    .map(
      (finding) =>
        `<li><span class="fault">${escapeHtml(finding.fault)}</span> ${escapeHtml(finding.check)}: ${escapeHtml(finding.cause)}</li>`,
    )
    .join('');
  const runs =
    incident.runs === 1
      ? '1 run'
      : `${incident.runs} runs, the last ${runLink(incident.last, formatTime(incident.last.time))}`;
  return [
    `<tr data-host="${escapeHtml(incident.host ?? '')}" data-severity="${incident.severity}" data-open="${incident.to === undefined}">`,
    `<th scope="row">${incident.host === undefined ? '(every host)' : escapeHtml(incident.host)}</th>`,
    `<td>${incident.severity === 'unchecked' ? 'not checked' : stateChip(incident.severity)}</td>`,
    `<td>${runLink(incident.from)}</td>`,
    `<td>${incident.to ? runLink(incident.to) : '<strong>ongoing</strong>'}</td>`,
    `<td class="number">${formatDuration(end - incident.from.time)}</td>`,
    `<td><ul class="findings">${findings}</ul></td>`,
    `<td>${runs}</td>`,
    `</tr>`,
  ].join('');
}

function incidentList(status: EnvironmentStatus, now: number): string {
  const shown = status.incidents.filter(
    (incident) => !incident.retired && (incident.to === undefined || incident.to.time > now - INCIDENT_DAYS * DAY_MS),
  );
  const listed = shown.slice(0, MAX_INCIDENTS);
  const heading = `<h3 id="${status.environment}-incidents">Incidents of ${escapeHtml(status.environment)}</h3>`;
  const note = `<p class="note">Runs that found a host down or degraded, from the first such run to the run that found it up again, newest first; the last ${INCIDENT_DAYS} days${shown.length > listed.length ? `, the latest ${MAX_INCIDENTS} of ${shown.length}` : ''}. Retired hosts' incidents are not listed.</p>`;
  if (listed.length === 0) return `${heading}\n${note}\n<p class="empty">No incident.</p>`;
  return [
    heading,
    note,
    `<table class="incidents" aria-labelledby="${status.environment}-incidents">`,
    `<thead><tr>${['Host', 'Severity', 'From', 'To', 'Lasted', 'Fault and cause', 'Runs'].map((header) => `<th scope="col">${header}</th>`).join('')}</tr></thead>`,
    `<tbody>${listed.map((incident) => incidentRow(incident, now)).join('\n')}</tbody>`,
    `</table>`,
  ].join('\n');
}

/** The lines a latency chart draws: the bounds the checks judge the host's kind by. */
function chartBounds(kind: HostKind, bounds: Bounds): ChartSpec['bounds'] {
  const { degraded, fail } = latencyBounds(kind, bounds);
  return [
    { label: 'degraded bound', setting: degraded.setting, ms: degraded.ms, color: BOUND_COLORS.degraded },
    { label: 'fail bound', setting: fail.setting, ms: fail.ms, color: BOUND_COLORS.fail },
  ];
}

function chartSpecs(environment: PageEnvironment, input: PageInput): ChartSpec[] {
  const name = environment.status.environment;
  const wake: ChartSpec[] = environment.sleepsWhenIdle
    ? [
        {
          id: `${name}-wake`,
          environment: name,
          series: 'wake',
          bounds: [
            {
              label: 'warm-up budget',
              setting: 'SMOKE_WARMUP_TIMEOUT_S',
              ms: input.bounds.warmupTimeoutMs,
              color: BOUND_COLORS.budget,
            },
          ],
        },
      ]
    : [];
  return [
    ...wake,
    ...environment.status.hosts.map((host): ChartSpec => ({
      id: `${name}-${host.host}-latency`,
      environment: name,
      series: 'latency',
      host: host.host,
      bounds: chartBounds(input.hostKinds.get(host.host) ?? 'api', input.bounds),
    })),
  ];
}

function figure(chart: ChartSpec, caption: string, description: string): string {
  const bounds = chart.bounds.map((bound) => `${bound.label} ${formatMs(bound.ms)} (${bound.setting})`).join(', ');
  return [
    `<figure class="chart" id="${escapeHtml(chart.id)}" data-chart="${escapeHtml(chart.id)}">`,
    `<figcaption><strong>${escapeHtml(caption)}</strong> <span class="note">${escapeHtml(description)}; ${escapeHtml(bounds)}</span> <span class="span-note"></span></figcaption>`,
    `<div class="plot" role="img" aria-label="${escapeHtml(`${caption}: ${description}`)}"></div>`,
    `</figure>`,
  ].join('');
}

function chartSection(environment: PageEnvironment, charts: readonly ChartSpec[]): string {
  const name = environment.status.environment;
  const buttons = SPANS.filter((span) => environment.charts.spans[span.id] !== undefined)
    .map(
      (span) =>
        `<button type="button" data-span="${span.id}" aria-pressed="${span.id === environment.charts.defaultSpan}">${span.label}</button>`,
    )
    .join('');
  const hostsByName = new Map(environment.status.hosts.map((host) => [host.host, host]));
  const latencyFigure = (chart: ChartSpec): string =>
    figure(chart, `${chart.host ?? ''} latency`, "each run's slowest check of the host");
  const current = charts.filter((chart) => chart.series === 'latency' && !hostsByName.get(chart.host ?? '')?.retired);
  const retired = charts.filter((chart) => chart.series === 'latency' && hostsByName.get(chart.host ?? '')?.retired);
  const wake = charts.find((chart) => chart.series === 'wake');
  return [
    `<h3 id="${name}-charts">Latency${wake ? ' and wake time' : ''} over time</h3>`,
    `<div class="spans" role="group" aria-label="Span of ${escapeHtml(name)}'s charts" data-environment="${escapeHtml(name)}">${buttons}</div>`,
    wake
      ? figure(wake, `${name} wake time`, 'from the warm-up’s first contact until the last host answered, each run')
      : '',
    `<div class="charts">${current.map(latencyFigure).join('\n')}</div>`,
    retired.length > 0
      ? `<details class="retired-charts"><summary>Latency of the retired hosts (${retired.length})</summary><div class="charts">${retired.map(latencyFigure).join('\n')}</div></details>`
      : '',
  ].join('\n');
}

function latestRunLine(status: EnvironmentStatus): string {
  const run = status.latestRun;
  if (!run) return '<p>No run yet.</p>';
  const line = run.line;
  const words = line
    ? `${escapeHtml(line.status)}, ${line.checks} checks${line.durationMs === undefined ? '' : ` in ${formatDuration(line.durationMs)}`}`
    : `${run.checks.length} checks`;
  const nothing = status.latestRunCheckedNothing
    ? `<p class="alert" role="alert">The latest run checked no host: ${escapeHtml(status.latestRunCheckedNothing)}. The hosts' states below are from earlier runs.</p>`
    : '';
  return `<p>Latest run: ${runLink(runRef(run))}, ${words}. ${status.runs.length} runs in this history.</p>${nothing}`;
}

function environmentSection(environment: PageEnvironment, input: PageInput, charts: readonly ChartSpec[]): string {
  const { status } = environment;
  const name = status.environment;
  const current = status.hosts.filter((host) => !host.retired);
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
  return [
    `<section class="environment" id="${escapeHtml(name)}" data-environment="${escapeHtml(name)}" data-state="${status.state}" aria-labelledby="${escapeHtml(name)}-heading">`,
    `<h2 id="${escapeHtml(name)}-heading">${escapeHtml(name)} ${stateChip(status.state)}</h2>`,
    `<p class="summary"><img src="${escapeHtml(input.badgeFile(name))}" alt="badge: ${escapeHtml(name)} ${status.state}" height="20"> ${current.length} current hosts${counts ? `: ${counts}` : ''}. Runs with no current host down: ${uptime}.</p>`,
    latestRunLine(status),
    hostTable(environment, input.now),
    chartSection(environment, charts),
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
  const charts = input.environments.map((environment) => chartSpecs(environment, input));
  const data: PageData = {
    environments: input.environments.map((environment) => environment.charts),
    charts: charts.flat(),
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
