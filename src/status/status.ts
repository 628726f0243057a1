/**
 * What the run history says about an environment and each of its hosts: the state now and since
 * when, the uptime over a window, the incidents. Pure: history lines and the time in, facts out.
 * The status page reads it; the alerts (`src/alerts/state.ts`) share its reading of the history into
 * runs (`runsOf`) and keep their own thresholds (`SMOKE_ALERT_AFTER`, `SMOKE_RECOVER_AFTER`), so a host
 * failing for fewer runs than the threshold is down here and degraded there.
 *
 * - A run *observes* a host when at least one of the host's checks ran (was not skipped): it found
 *   the host `down` if any check failed, `degraded` if none failed but one passed slowly or only on
 *   retry, else `up`. A run in which every check of the host was skipped says nothing about it.
 * - A host's state now is what the latest run that observed it found; `retired` when the current
 *   environments page no longer lists it; `unknown` when no run observed it.
 * - Uptime over a window is the share of the runs in the window that observed the host and found it
 *   up or degraded (a degraded host answered). Runs are scheduled at a fixed cadence, so this is
 *   also, near enough, the share of the time; it is counted, never interpolated between runs.
 * - An incident is a streak of runs that found a host down or degraded, from the first such run to
 *   the first run that found it up again (open while none has). Runs that did not observe the host
 *   neither extend nor end it. Its severity is the worst its runs found. A streak of runs that
 *   observed no host at all (the run died, or its warm-up failed) is an incident of the environment.
 */
import type { CheckLine, HistoryLine } from '../history/history.ts';
import { checksByHost, ran, runsOf, type HistoryRun } from '../history/runs.ts';
import { DAY_MS } from '../shared/format.ts';

/** What one run found of a host. */
export type Observed = 'up' | 'degraded' | 'down';

/** A host's state now. */
export type HostState = Observed | 'retired' | 'unknown';

/** The worst first: the order in which states are shown and an environment's state is chosen. */
const STATE_SEVERITY: Readonly<Record<HostState, number>> = {
  down: 4,
  degraded: 3,
  unknown: 2,
  up: 1,
  retired: 0,
};

/** The windows uptime is given over, newest last. */
export const UPTIME_WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;
export type UptimeWindow = keyof typeof UPTIME_WINDOWS;

/** A run, as an incident or a state names it: when, its id, and where to read it. */
export interface RunRef {
  readonly at: string;
  readonly time: number;
  readonly run: string | undefined;
  readonly link: string | undefined;
}

/** A check that made a run find its host down or degraded. */
export interface Finding {
  readonly check: string;
  readonly verdict: 'fail' | 'degraded' | 'flaky' | 'contract';
  /** A failed check's fault class; `slow` for a degraded one, `flaky` for a pass on retry only. */
  readonly fault: string;
  /** In words, as the check recorded it. */
  readonly cause: string;
}

/** What one run found of one host. */
export interface HostObservation {
  readonly run: RunRef;
  readonly state: Observed;
  /** The slowest duration among the host's checks: what the latency bounds judged. */
  readonly latencyMs: number | undefined;
  /** The fewest days left on the host's certificate among its checks. */
  readonly certDays: number | undefined;
  /** How long the host took to wake in this run's warm-up. */
  readonly wakeMs: number | undefined;
  /** Why it is down or degraded, check by check; empty when up. */
  readonly findings: readonly Finding[];
}

export type IncidentSeverity = 'down' | 'degraded' | 'unchecked';

export interface Incident {
  /** The host; undefined for an incident of the environment (`unchecked`: runs that observed no host). */
  readonly host: string | undefined;
  /** `down` when any of its runs found the host down, else `degraded`. */
  readonly severity: IncidentSeverity;
  /** The first run that found it. */
  readonly from: RunRef;
  /** The last run that found it. */
  readonly last: RunRef;
  /** The run that found the host up again (or observed a host again); undefined while it lasts. */
  readonly to: RunRef | undefined;
  /** How many runs found it. */
  readonly runs: number;
  /** Its distinct faults and causes, first seen first (at most `MAX_FINDINGS`). */
  readonly findings: readonly Finding[];
  /** Set when the host is retired now. */
  readonly retired: boolean;
}

export interface Uptime {
  /** From 0 to 1. */
  readonly ratio: number;
  /** Runs in the window that observed the host (or, for an environment, any host). */
  readonly runs: number;
  /** Of those, the runs that found it up or degraded (for an environment: no current host down). */
  readonly upRuns: number;
}

export interface HostStatus {
  readonly host: string;
  readonly state: HostState;
  readonly retired: boolean;
  /** The latest run that observed the host. */
  readonly latest: HostObservation | undefined;
  /** The first run of the streak that ends with the latest observation: the state holds since then. */
  readonly since: RunRef | undefined;
  /** The streak goes back to the oldest run read: the state may have begun earlier. */
  readonly sinceOldestRun: boolean;
  readonly uptime: Readonly<Record<UptimeWindow, Uptime | undefined>>;
  /** Days left on the certificate, from the latest run that read one. */
  readonly certDays: number | undefined;
  /** Oldest first. */
  readonly observations: readonly HostObservation[];
  /** Oldest first. */
  readonly incidents: readonly Incident[];
}

export interface EnvironmentStatus {
  readonly environment: string;
  /** Worst of the current hosts' states; `unknown` also when the latest run observed no host. */
  readonly state: HostState;
  /** Oldest first. */
  readonly runs: readonly HistoryRun[];
  readonly latestRun: HistoryRun | undefined;
  /** Set when the latest run observed no host: why, from its run line. */
  readonly latestRunCheckedNothing: string | undefined;
  /** Current hosts first (in `hostOrder`), then retired ones. */
  readonly hosts: readonly HostStatus[];
  /** Over the runs that observed any current host: the share in which none was down. */
  readonly uptime: Readonly<Record<UptimeWindow, Uptime | undefined>>;
  /** Every incident of the environment and its hosts, current and retired, newest first. */
  readonly incidents: readonly Incident[];
}

export interface StatusOptions {
  /** The time the status is taken at: the end of every uptime window. */
  readonly now: number;
  /** The catalog's order of hosts; hosts it lacks come after, by name. */
  readonly hostOrder?: readonly string[];
  /**
   * The current hosts (the catalog's, less those it marks retired): a host of the history that is
   * not among them is retired. Without it, only the `retired` mark of the host's latest lines says so.
   */
  readonly currentHosts?: ReadonlySet<string>;
}

/** An incident lists at most this many distinct causes: a long incident's causes often differ only in numbers. */
const MAX_FINDINGS = 3;

export function runRef(run: HistoryRun): RunRef {
  return { at: run.at, time: run.time, run: run.line?.run, link: run.line?.link };
}

function findingOf(check: CheckLine): Finding | undefined {
  if (check.verdict === 'fail')
    return { check: check.check, verdict: 'fail', fault: check.fault ?? 'unknown', cause: check.cause ?? 'failed' };
  if (check.verdict === 'degraded') {
    const cause =
      check.note ?? (check.latencyMs === undefined ? 'slower than its bound' : `took ${check.latencyMs} ms`);
    return { check: check.check, verdict: 'degraded', fault: 'slow', cause };
  }
  // Up, but a documented surface is gone: the host answers, so it is degraded, never down.
  if (check.verdict === 'contract')
    return {
      check: check.check,
      verdict: 'contract',
      fault: 'contract',
      cause: check.cause ?? 'a documented surface is gone',
    };
  if (check.verdict === 'flaky')
    return { check: check.check, verdict: 'flaky', fault: 'flaky', cause: 'passed on retry only' };
  return undefined;
}

const maxOf = (values: readonly (number | undefined)[]): number | undefined => {
  const defined = values.filter((value): value is number => value !== undefined);
  return defined.length === 0 ? undefined : Math.max(...defined);
};
const minOf = (values: readonly (number | undefined)[]): number | undefined => {
  const defined = values.filter((value): value is number => value !== undefined);
  return defined.length === 0 ? undefined : Math.min(...defined);
};

/** What a run found of a host from the host's check lines in it; undefined when every one was skipped. */
export function observe(run: RunRef, checks: readonly CheckLine[]): HostObservation | undefined {
  const ranChecks = checks.filter(ran);
  if (ranChecks.length === 0) return undefined;
  const findings = ranChecks.map(findingOf).filter((finding): finding is Finding => finding !== undefined);
  const state: Observed = findings.some((finding) => finding.verdict === 'fail')
    ? 'down'
    : findings.length > 0
      ? 'degraded'
      : 'up';
  return {
    run,
    state,
    latencyMs: maxOf(ranChecks.map((check) => check.latencyMs)),
    certDays: minOf(checks.map((check) => check.certDays)),
    wakeMs: maxOf(checks.map((check) => check.wakeMs)),
    // A down host's story is its failures; slow checks beside them would only hide them.
    findings: state === 'down' ? findings.filter((finding) => finding.verdict === 'fail') : findings,
  };
}

/** Each host's check lines per run, oldest run first, and the hosts in the order first seen. */
function runsByHost(runs: readonly HistoryRun[]): Map<string, { run: HistoryRun; checks: CheckLine[] }[]> {
  const byHost = new Map<string, { run: HistoryRun; checks: CheckLine[] }[]>();
  for (const run of runs) {
    for (const [host, checks] of checksByHost(run.checks)) {
      let list = byHost.get(host);
      if (!list) {
        list = [];
        byHost.set(host, list);
      }
      list.push({ run, checks });
    }
  }
  return byHost;
}

function addFinding(findings: Finding[], finding: Finding): void {
  if (findings.length >= MAX_FINDINGS) return;
  if (findings.some((known) => known.fault === finding.fault && known.cause === finding.cause)) return;
  findings.push(finding);
}

/** A host's incidents: its streaks of down or degraded runs, oldest first. */
export function incidentsOf(host: string, observations: readonly HostObservation[], retired: boolean): Incident[] {
  const incidents: Incident[] = [];
  let open: { from: RunRef; last: RunRef; runs: number; down: boolean; findings: Finding[] } | undefined;
  const close = (to: RunRef | undefined): void => {
    if (!open) return;
    incidents.push({
      host,
      severity: open.down ? 'down' : 'degraded',
      from: open.from,
      last: open.last,
      to,
      runs: open.runs,
      findings: open.findings,
      retired,
    });
    open = undefined;
  };
  for (const observation of observations) {
    if (observation.state === 'up') {
      close(observation.run);
      continue;
    }
    open ??= { from: observation.run, last: observation.run, runs: 0, down: false, findings: [] };
    open.last = observation.run;
    open.runs += 1;
    open.down ||= observation.state === 'down';
    for (const finding of observation.findings) addFinding(open.findings, finding);
  }
  close(undefined);
  return incidents;
}

/** The share of the observations in [from, to] that found the host up or degraded. */
export function uptimeOf(observations: readonly HostObservation[], from: number, to: number): Uptime | undefined {
  const inWindow = observations.filter((observation) => observation.run.time > from && observation.run.time <= to);
  if (inWindow.length === 0) return undefined;
  const upRuns = inWindow.filter((observation) => observation.state !== 'down').length;
  return { ratio: upRuns / inWindow.length, runs: inWindow.length, upRuns };
}

function uptimes(observations: readonly HostObservation[], now: number): Record<UptimeWindow, Uptime | undefined> {
  return {
    '24h': uptimeOf(observations, now - UPTIME_WINDOWS['24h'], now),
    '7d': uptimeOf(observations, now - UPTIME_WINDOWS['7d'], now),
    '30d': uptimeOf(observations, now - UPTIME_WINDOWS['30d'], now),
  };
}

/** A host's status from its check lines, run by run (oldest first). */
function hostStatus(
  host: string,
  perRun: readonly { readonly run: HistoryRun; readonly checks: readonly CheckLine[] }[],
  options: StatusOptions,
  oldestRun: HistoryRun | undefined,
): HostStatus {
  const observations = perRun
    .map(({ run, checks }) => observe(runRef(run), checks))
    .filter((observation): observation is HostObservation => observation !== undefined);
  const lastChecks = perRun.at(-1)?.checks ?? [];
  const retired =
    lastChecks.some((check) => check.retired === true) ||
    (options.currentHosts !== undefined && !options.currentHosts.has(host));
  const latest = observations.at(-1);
  let streakStart = observations.length - 1;
  while (streakStart > 0 && observations[streakStart - 1]!.state === latest?.state) streakStart -= 1;
  const since = latest ? observations[streakStart]!.run : undefined;
  return {
    host,
    state: retired ? 'retired' : (latest?.state ?? 'unknown'),
    retired,
    latest,
    since,
    sinceOldestRun: since !== undefined && oldestRun !== undefined && since.time <= oldestRun.time,
    uptime: uptimes(observations, options.now),
    certDays: observations.findLast((observation) => observation.certDays !== undefined)?.certDays,
    observations,
    incidents: incidentsOf(host, observations, retired),
  };
}

/** Why a run observed no host, from its run line. */
function whyNothing(run: HistoryRun): string {
  const line = run.line;
  if (!line) return 'the run recorded no check';
  const problems = line.problems?.join('; ');
  if (line.status === 'died') return problems ? `the run died: ${problems}` : 'the run died before any check';
  return problems ?? `the run ended ${line.status} before any check ran`;
}

/** The environment's own incidents: streaks of runs that observed no host. */
function uncheckedIncidents(runs: readonly HistoryRun[], observedAny: ReadonlySet<HistoryRun>): Incident[] {
  const incidents: Incident[] = [];
  let open: { from: RunRef; last: RunRef; runs: number; findings: Finding[] } | undefined;
  for (const run of runs) {
    if (observedAny.has(run)) {
      if (open) incidents.push({ host: undefined, severity: 'unchecked', ...open, to: runRef(run), retired: false });
      open = undefined;
      continue;
    }
    open ??= { from: runRef(run), last: runRef(run), runs: 0, findings: [] };
    open.last = runRef(run);
    open.runs += 1;
    addFinding(open.findings, {
      check: 'run',
      verdict: 'fail',
      fault: run.line?.status ?? 'died',
      cause: whyNothing(run),
    });
  }
  if (open) incidents.push({ host: undefined, severity: 'unchecked', ...open, to: undefined, retired: false });
  return incidents;
}

function hostRank(order: readonly string[]): (host: string) => number {
  const positions = new Map(order.map((host, index) => [host, index]));
  return (host) => positions.get(host) ?? order.length;
}

/** The status of an environment from its history lines. */
export function environmentStatus(
  environment: string,
  lines: readonly HistoryLine[],
  options: StatusOptions,
): EnvironmentStatus {
  const runs = runsOf(lines);
  const rank = hostRank(options.hostOrder ?? []);
  const hosts = [...runsByHost(runs)]
    .map(([host, perRun]) => hostStatus(host, perRun, options, runs[0]))
    .sort(
      (a, b) => Number(a.retired) - Number(b.retired) || rank(a.host) - rank(b.host) || a.host.localeCompare(b.host),
    );
  const observedAny = new Set<HistoryRun>();
  const observedRuns = new Map<number, { anyDown: boolean }>();
  for (const host of hosts) {
    if (host.retired) continue;
    for (const observation of host.observations) {
      const entry = observedRuns.get(observation.run.time) ?? { anyDown: false };
      entry.anyDown ||= observation.state === 'down';
      observedRuns.set(observation.run.time, entry);
    }
  }
  for (const run of runs) if (run.checks.some(ran)) observedAny.add(run);
  const latestRun = runs.at(-1);
  const latestRunCheckedNothing = latestRun && !observedAny.has(latestRun) ? whyNothing(latestRun) : undefined;
  const current = hosts.filter((host) => !host.retired);
  const worst = current.reduce<HostState | undefined>(
    (state, host) => (state === undefined || STATE_SEVERITY[host.state] > STATE_SEVERITY[state] ? host.state : state),
    undefined,
  );
  const envObservations: HostObservation[] = [...observedRuns].map(([time, { anyDown }]) => ({
    run: { at: new Date(time).toISOString(), time, run: undefined, link: undefined },
    state: anyDown ? 'down' : 'up',
    latencyMs: undefined,
    certDays: undefined,
    wakeMs: undefined,
    findings: [],
  }));
  const incidents = [...hosts.flatMap((host) => host.incidents), ...uncheckedIncidents(runs, observedAny)].sort(
    (a, b) => b.from.time - a.from.time || (a.host ?? '').localeCompare(b.host ?? ''),
  );
  return {
    environment,
    state: latestRunCheckedNothing !== undefined ? 'unknown' : (worst ?? 'unknown'),
    runs,
    latestRun,
    latestRunCheckedNothing,
    hosts,
    uptime: uptimes(envObservations, options.now),
    incidents,
  };
}
