/**
 * The strip of days beside each host on the status page, as Upptime, UptimeFlare and Gatus show
 * one: a bar per UTC day, coloured by the worst a run found that day, each bar titled with the day
 * and its runs, so that it reads by pointing, to a screen reader, and without colour.
 */
import { DAY_MS } from '../../shared/format.ts';
import type { HostObservation, Observed } from '../observation.ts';
import { escapeMarkup as escapeHtml } from './badge.ts';

/** The strip's length: a quarter, the span people look back over for an SLA. */
export const STRIP_DAYS = 90;

/** One day of a host: the worst its runs found, or `none` when no run checked it. */
export interface HostDay {
  /** `2026-11-20` (UTC). */
  readonly day: string;
  readonly state: Observed | 'none';
  readonly runs: number;
  readonly down: number;
  readonly degraded: number;
}

/** The host's last `count` UTC days up to the one `now` falls in, oldest first. */
export function hostDays(observations: readonly HostObservation[], now: number, count: number = STRIP_DAYS): HostDay[] {
  const today = Math.floor(now / DAY_MS);
  const first = today - count + 1;
  const tally = Array.from({ length: count }, () => ({ runs: 0, down: 0, degraded: 0 }));
  for (const observation of observations) {
    const index = Math.floor(observation.run.time / DAY_MS) - first;
    if (index < 0 || index >= count || observation.run.time > now) continue;
    const day = tally[index]!;
    day.runs += 1;
    if (observation.state === 'down') day.down += 1;
    if (observation.state === 'degraded') day.degraded += 1;
  }
  return tally.map((day, index) => ({
    day: new Date((first + index) * DAY_MS).toISOString().slice(0, 10),
    state: day.runs === 0 ? 'none' : day.down > 0 ? 'down' : day.degraded > 0 ? 'degraded' : 'up',
    ...day,
  }));
}

/** `2026-11-20: 2 of 48 runs found it down`: a bar's title. */
export function describeDay(day: HostDay): string {
  const runs = `${day.runs} run${day.runs === 1 ? '' : 's'}`;
  switch (day.state) {
    case 'none':
      return `${day.day}: no run checked it`;
    case 'up':
      return `${day.day}: up in ${day.runs === 1 ? 'its one run' : `all ${runs}`}`;
    case 'degraded':
      return `${day.day}: degraded in ${day.degraded} of ${runs}`;
    case 'down':
      return `${day.day}: down in ${day.down} of ${runs}${day.degraded > 0 ? `, degraded in ${day.degraded}` : ''}`;
  }
}

/** The strip of one host: a list of bars, named as a whole by how many days were what. */
export function dayStrip(host: string, days: readonly HostDay[]): string {
  const counts = (['up', 'degraded', 'down', 'none'] as const)
    .map((state) => [state, days.filter((day) => day.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state === 'none' ? 'unchecked' : state}`)
    .join(', ');
  const bars = days.map((day) => `<li class="day-${day.state}" title="${escapeHtml(describeDay(day))}"></li>`);
  return `<ol class="days" aria-label="${escapeHtml(`${host}, the last ${days.length} days: ${counts}`)}">${bars.join('')}</ol>`;
}
