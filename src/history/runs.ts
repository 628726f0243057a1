/**
 * The history read as runs: each run line with the check lines of the same `at`, and a run's checks
 * host by host. The status page and the alerts both read the history this way, so a run means the
 * same to both; each then applies its own rules (uptime and incidents; streaks and thresholds).
 */
import type { CheckLine, HistoryLine, RunLine } from './history.ts';

/** One run of the history: its run line and its check lines, joined by `at`. */
export interface HistoryRun {
  readonly at: string;
  /** `at` in milliseconds since the epoch. */
  readonly time: number;
  /** Undefined when only check lines of the run are in the history (the run line is written first, so rarely). */
  readonly line: RunLine | undefined;
  readonly checks: readonly CheckLine[];
}

/** The history's runs, oldest first: each run line with the check lines of the same `at`. */
export function runsOf(lines: readonly HistoryLine[]): HistoryRun[] {
  const byAt = new Map<string, { line: RunLine | undefined; checks: CheckLine[] }>();
  for (const line of lines) {
    // A line of a kind this version does not know (a later format) is left alone.
    if (line.type !== 'run' && line.type !== 'check') continue;
    let run = byAt.get(line.at);
    if (!run) {
      run = { line: undefined, checks: [] };
      byAt.set(line.at, run);
    }
    if (line.type === 'run') run.line = line;
    else run.checks.push(line);
  }
  return [...byAt]
    .map(([at, run]) => ({ at, time: Date.parse(at), ...run }))
    .filter((run) => Number.isFinite(run.time))
    .sort((a, b) => a.time - b.time);
}

/** A skipped check did not run: it tells nothing of its host, and neither extends nor ends a streak. */
export function ran(check: CheckLine): boolean {
  return check.verdict !== 'skipped';
}

/** A run's check lines host by host, hosts in the order first seen. */
export function checksByHost(checks: readonly CheckLine[]): Map<string, CheckLine[]> {
  const byHost = new Map<string, CheckLine[]>();
  for (const check of checks) {
    const hostChecks = byHost.get(check.host);
    if (hostChecks) hostChecks.push(check);
    else byHost.set(check.host, [check]);
  }
  return byHost;
}
