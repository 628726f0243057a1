/**
 * The status page as one HTML file: every word and number is written here, from the environments'
 * status (`src/status/status.ts`), so the page reads without its script; the script only draws the charts
 * from the data embedded beside them. uPlot, its stylesheet and the page's own are inlined: the
 * page opens from disk and from GitHub Pages alike, and loads nothing from anywhere.
 */
import { DAY_MS, formatDuration, formatMs, formatTime } from '../../shared/format.ts';
import type { HostKind } from '../../catalog/hosts.ts';
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
import { CHART_COLORS, chartSection, chartSpecs, hasData, type Bounds, type PageEnvironment } from './charts.ts';
import type { ChartSpec, PageData } from './data.ts';
import { STRIP_DAYS, dayStrip, hostDays } from './days.ts';
import { releaseSection } from './release.ts';
import type { DocumentChanges } from '../../history/openapi-history.ts';

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

/**
 * `99.9%`, `66.7%`: one decimal; two from 99.95% up, rounded down there, so that a single failed run
 * in thousands never shows as 100%.
 */
export function formatUptime(uptime: Uptime): string {
  if (uptime.upRuns === uptime.runs) return '100%';
  const percent = uptime.ratio * 100;
  if (percent >= 99.95) return `${(Math.floor(percent * 100) / 100).toFixed(2)}%`;
  return `${percent.toFixed(1)}%`;
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

/**
 * A table cell with its column's name as data: on a narrow screen the table lays each row out as a
 * card, and the name is written before the value (style.css).
 */
function cell(label: string, content: string, className?: string, title?: string): string {
  const attributes = [
    ...(className ? [`class="${className}"`] : []),
    `data-label="${escapeHtml(label)}"`,
    ...(title ? [`title="${escapeHtml(title)}"`] : []),
  ];
  return `<td ${attributes.join(' ')}>${content}</td>`;
}

function uptimeCell(window: UptimeWindow, uptime: Uptime | undefined): string {
  const label = WINDOW_LABELS[window];
  if (!uptime) return cell(label, '–', 'number', 'no run in this window');
  return cell(label, formatUptime(uptime), 'number', `${uptime.upRuns} of ${uptime.runs} runs up`);
}

/** How long the state has held, and since when: `3 d 4 h, since 2026-11-20 06:15 UTC`. */
function sinceCell(host: HostStatus, now: number): string {
  if (host.retired) {
    const latest = host.latest;
    if (!latest) return cell('For', 'never checked', 'for');
    const fault = latest.findings[0]?.fault;
    return cell(
      'For',
      `last checked ${runLink(latest.run)}: ${latest.state}${fault ? ` (${escapeHtml(fault)})` : ''}`,
      'for',
    );
  }
  if (!host.since) return cell('For', 'no run checked it', 'for');
  const atLeast = host.sinceOldestRun ? 'at least ' : '';
  return cell(
    'For',
    `<span class="for">${atLeast}${formatDuration(now - host.since.time)}</span>, since ${runLink(host.since)}`,
    'for',
  );
}

function hostRow(host: HostStatus, environment: PageEnvironment, now: number): string {
  const latest = host.latest;
  const cells = [
    `<th scope="row">${escapeHtml(host.host)}</th>`,
    cell('State', stateChip(host.state), 'state-cell'),
    cell(`Last ${STRIP_DAYS} days`, dayStrip(host.host, hostDays(host.observations, now)), 'days-cell'),
    sinceCell(host, now),
    ...(Object.keys(UPTIME_WINDOWS) as UptimeWindow[]).map((window) => uptimeCell(window, host.uptime[window])),
    cell('Latency', latest?.latencyMs === undefined ? '–' : formatMs(latest.latencyMs), 'number'),
    host.certDays === undefined
      ? cell('Certificate', '–', 'number', 'no certificate was read: plain http, or the host did not answer')
      : cell('Certificate', `${host.certDays} days`, 'number'),
    ...(environment.sleepsWhenIdle
      ? [cell('Wake', latest?.wakeMs === undefined ? '–' : formatMs(latest.wakeMs), 'number')]
      : []),
  ];
  return `<tr data-host="${escapeHtml(host.host)}" data-state="${host.state}">${cells.join('')}</tr>`;
}

function hostTable(environment: PageEnvironment, now: number): string {
  const name = environment.status.environment;
  const headers = [
    'Host',
    'State',
    `Last ${STRIP_DAYS} days`,
    'For',
    ...Object.values(WINDOW_LABELS),
    'Latency',
    'Certificate',
    ...(environment.sleepsWhenIdle ? ['Wake'] : []),
  ];
  // A retired host no run ever checked has nothing to show.
  const hosts = environment.status.hosts.filter((host) => !host.retired || host.latest !== undefined);
  const rows = hosts.map((host) => hostRow(host, environment, now));
  return [
    `<table class="hosts">`,
    `<caption>Hosts of ${escapeHtml(name)}: the state the latest run found, each of the last ${STRIP_DAYS} days (the worst a run found that day), how long the state has held, the share of runs that found each host up (24 h, 7 d, 30 d), and the latest run's slowest check, certificate days left${environment.sleepsWhenIdle ? ' and wake time' : ''}</caption>`,
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
    cell('Severity', incident.severity === 'unchecked' ? 'not checked' : stateChip(incident.severity)),
    cell('From', runLink(incident.from)),
    cell('To', incident.to ? runLink(incident.to) : '<strong>ongoing</strong>'),
    cell('Lasted', formatDuration(end - incident.from.time), 'number'),
    cell('Fault and cause', `<ul class="findings">${findings}</ul>`, 'findings-cell'),
    cell('Runs', runs),
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
  const hosts = `${current.length} current host${current.length === 1 ? '' : 's'}`;
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
    `<p class="summary"><img src="${escapeHtml(input.badgeFile(name))}" alt="badge: ${escapeHtml(name)} ${status.state}" height="20"> ${summary}</p>`,
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
