/**
 * What the run history says about an environment and each of its hosts: the state now and since
 * when, the uptime over a window, the incidents. Pure: history lines and the time in, facts out.
 * The status page reads it; the alerts (`src/alerts/state.ts`) read the history into runs the same
 * way (`runsOf`, `src/history/runs.ts`), and both take a host's state from one definition
 * (`host-state.ts`, with SMOKE_ALERT_AFTER and SMOKE_RECOVER_AFTER), so a host is down on the page
 * exactly when the alerts say it is.
 *
 * - What one run found of one host is an observation (`observation.ts`); a host's incidents are its
 *   streaks of down or degraded observations, and an environment's its streaks of runs that
 *   observed no host (`incidents.ts`).
 * - A host's state now is its state over the runs that observed it (`host-state.ts`): down after
 *   enough failing runs in a row; `retired` when the current environments page no longer lists it;
 *   `unknown` when no run observed it. Its incidents are the streaks in which it was not up.
 * - Uptime over a window is the share of the runs in the window that observed the host and found it
 *   up or degraded (a degraded host answered). Runs are scheduled at a fixed cadence, so this is
 *   also, near enough, the share of the time; it is counted, never interpolated between runs.
 */
import type { CheckLine, HistoryLine } from '../history/history.ts';
import { checksByHost, ran, runsOf, type HistoryRun } from '../history/runs.ts';
import { DAY_MS } from '../shared/format.ts';
import { incidentsOf, uncheckedIncidents, whyNothing, type Incident } from './incidents.ts';
import type { AlertPolicy } from '../config/policies.ts';
import { statesOver } from './host-state.ts';
import { observe, runRef, type HostObservation, type Observed, type RunRef } from './observation.ts';

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
  /**
   * How many failing runs in a row make a host down, and passing ones recover it (SMOKE_ALERT_AFTER,
   * SMOKE_RECOVER_AFTER): the alerts' thresholds, so that the page and the alerts agree. The
   * settings' defaults when unset.
   */
  readonly policy?: Pick<AlertPolicy, 'alertAfter' | 'recoverAfter'>;
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

/**
 * A host's state after each of its observations, by the one definition the alerts share
 * (`host-state.ts`): a run that found it down is a failing run, and only enough of them in a row
 * make it down.
 */
function statesOf(
  observations: readonly HostObservation[],
  options: StatusOptions,
): { readonly state: Observed; readonly since: string }[] {
  return statesOver(
    observations.map((observation) => ({
      at: observation.run.at,
      failed: observation.state === 'down',
      unwell: observation.state === 'degraded',
      retired: false,
    })),
    options.policy,
  ).map(({ state, since }) => ({ state: state === 'retired' ? 'up' : state, since }));
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
  const states = statesOf(observations, options);
  const latest = observations.at(-1);
  const now = states.at(-1);
  const since = now ? observations.find((observation) => observation.run.at === now.since)?.run : undefined;
  return {
    host,
    state: retired ? 'retired' : (now?.state ?? 'unknown'),
    retired,
    latest,
    since,
    sinceOldestRun: since !== undefined && oldestRun !== undefined && since.time <= oldestRun.time,
    uptime: uptimes(observations, options.now),
    certDays: observations.findLast((observation) => observation.certDays !== undefined)?.certDays,
    observations,
    // An incident is a streak of runs after which the host was not up, as its state says.
    incidents: incidentsOf(
      host,
      observations.map((observation, index) => ({ ...observation, state: states[index]!.state })),
      retired,
    ),
  };
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
  // A host no run ever judged (each of its checks skipped, as a domain RDAP never answers for) says
  // nothing of the environment: its row reads unknown, and the others' states decide.
  const worst = current
    .filter((host) => host.latest !== undefined)
    .reduce<HostState | undefined>(
      (state, host) => (state === undefined || STATE_SEVERITY[host.state] > STATE_SEVERITY[state] ? host.state : state),
      undefined,
    );
  const envObservations: HostObservation[] = [...observedRuns].map(([time, { anyDown }]) => ({
    run: { at: new Date(time).toISOString(), time, run: undefined, link: undefined },
    state: anyDown ? 'down' : 'up',
    latencyMs: undefined,
    certDays: undefined,
    wakeMs: undefined,
    vitals: {},
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
