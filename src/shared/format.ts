/**
 * How times and durations read everywhere a person sees them: the terminal table, the alerts, the
 * outage issue, the status page. Times are UTC to the minute (minutes are what people act on; the
 * seconds are in the history).
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** `2026-03-02 08:30 UTC`. */
export function formatTime(at: string | number | Date): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `45 min`, `13 h 10 min`, `2 d 3 h`: the two largest units, rounded down. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** `4.1 s`, or whole seconds from 100 s on: a wake time or a run's length, to a tenth where it matters. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds < 100 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

/** `123 ms`, `2.4 s`, `61 s`: a latency, in the unit that reads best. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 && ms % 1000 !== 0 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
