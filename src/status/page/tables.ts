/**
 * The status page's two tables of an environment: its hosts (state, the last days, how long the
 * state has held, uptime, latency, certificate, wake) and its incidents. Every cell carries its
 * column's name, so that a narrow screen lays each row out as a card.
 */
import { DAY_MS, formatDuration, formatMs, formatTime } from '../../shared/format.ts';
import type { Incident } from '../incidents.ts';
import type { RunRef } from '../observation.ts';
import {
  UPTIME_WINDOWS,
  type EnvironmentStatus,
  type HostState,
  type HostStatus,
  type Uptime,
  type UptimeWindow,
} from '../status.ts';
import { escapeMarkup as escapeHtml } from './badge.ts';
import type { PageEnvironment } from './charts.ts';
import { STRIP_DAYS, dayStrip, hostDays } from './days.ts';

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

export const WINDOW_LABELS: Readonly<Record<UptimeWindow, string>> = { '24h': '24 h', '7d': '7 d', '30d': '30 d' };

/** A state as a chip: a shape and a word, so it reads without colour. */
export function stateChip(state: HostState): string {
  const shape = { up: '●', degraded: '▲', down: '■', retired: '○', unknown: '?' }[state];
  return `<span class="state state-${state}"><span aria-hidden="true">${shape}</span> ${state}</span>`;
}

export function runLink(run: RunRef, text = formatTime(run.time)): string {
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

export function hostTable(environment: PageEnvironment, now: number): string {
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
    `<caption>Hosts of ${escapeHtml(name)}: each host's state (down after enough failing runs in a row, as the alerts say), each of the last ${STRIP_DAYS} days (the worst a run found that day), how long the state has held, the share of runs that found each host up (24 h, 7 d, 30 d), and the latest run's slowest check, certificate days left${environment.sleepsWhenIdle ? ' and wake time' : ''}</caption>`,
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

export function incidentList(status: EnvironmentStatus, now: number): string {
  const shown = status.incidents.filter(
    (incident) => !incident.retired && (incident.to === undefined || incident.to.time > now - INCIDENT_DAYS * DAY_MS),
  );
  const listed = shown.slice(0, MAX_INCIDENTS);
  const heading = `<h3 id="${status.environment}-incidents">Incidents of ${escapeHtml(status.environment)}</h3>`;
  const note = `<p class="note">Runs after which a host was down or degraded, from the first such run to the run after which it was up again, newest first; the last ${INCIDENT_DAYS} days${shown.length > listed.length ? `, the latest ${MAX_INCIDENTS} of ${shown.length}` : ''}. Retired hosts' incidents are not listed.</p>`;
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
