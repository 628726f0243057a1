/**
 * Alert state, derived from the run history alone (`src/history/history.ts`): the history is replayed run by
 * run, oldest first, and each run yields the state of every host and check and the alerts it causes.
 * No state file: the history is already kept, appended to and never rewritten, so the same history
 * always gives the same states and the same alerts, and there is nothing to drift out of step with it.
 *
 * - A host's state (`up`, `degraded`, `down`, `retired`) is the one the status page shows too:
 *   `src/status/host-state.ts` defines it, from `alertAfter` failing runs in a row to down and
 *   `recoverAfter` passing runs in a row back. A check's state follows the same rules on its own runs.
 * - What people were told is the announced state: a host is announced down (with its failing checks)
 *   when it goes down, recovered (with how long it was down) when it recovers, and again as a
 *   reminder every `remindMs` while it stays down. A silenced host (maintenance window, mute) is told
 *   about to nobody; when the silence ends, whatever differs from what was announced is announced.
 *   Retired hosts are never announced.
 * - The monitor is broken when a run died before any check, a setup step failed or the runner could
 *   not reach the network; its breaking and mending are announced too. An interrupted run has no
 *   verdict and is left out; a run that died tells nothing of the hosts, which keep their states.
 */
import { RUNNER_OFFLINE, type CheckLine, type HistoryLine, type RunLine } from '../history/history.ts';
import type { Silence } from '../config/maintenance.ts';
import type { AlertPolicy } from '../config/policies.ts';
import { changesOfRun, type DocumentChanges } from '../history/openapi-history.ts';
import { checksByHost, ran, runsOf } from '../history/runs.ts';
import { StateOverRuns, type State } from '../status/host-state.ts';
import { issuerChanges, type IssuerChange } from './issuers.ts';

export type { State } from '../status/host-state.ts';

/** A check that failed, with its fault class and cause as recorded. */
export interface FailingCheck {
  readonly host: string;
  readonly check: string;
  readonly fault?: string;
  readonly cause?: string;
}

/** A host announced down: since when, and the checks failing as last seen. */
export interface DownHost {
  readonly host: string;
  readonly since: string;
  readonly failing: readonly FailingCheck[];
}

export type AlertEvent =
  | { readonly kind: 'down'; readonly host: string; readonly since: string; readonly failing: readonly FailingCheck[] }
  | {
      readonly kind: 'reminder';
      readonly host: string;
      readonly since: string;
      readonly failing: readonly FailingCheck[];
    }
  | { readonly kind: 'recovered'; readonly host: string; readonly since: string; readonly recoveredAt: string }
  | { readonly kind: 'monitor-broken'; readonly status: string; readonly problems: readonly string[] }
  | { readonly kind: 'monitor-recovered'; readonly since: string }
  /** The run read OpenAPI documents whose operations differ from the previous snapshot: for information, paging nobody. */
  | { readonly kind: 'api-changed'; readonly documents: readonly DocumentChanges[] }
  /** Hosts whose certificate another issuer signed than in their previous read: for information, paging nobody. */
  | { readonly kind: 'issuer-changed'; readonly hosts: readonly IssuerChange[] };

/** The environment's outage as announced: from the first host announced down until none is. */
export interface Outage {
  readonly since: string;
  readonly hosts: readonly DownHost[];
}

/** One run of the history, as the replay saw it. */
export interface RunAlerts {
  readonly run: RunLine;
  /** What this run changed, to announce: at most one event per host, and the monitor's. */
  readonly events: readonly AlertEvent[];
  /** The outage as announced after this run; undefined when no host is announced down. */
  readonly outage: Outage | undefined;
  /** Set on the run that ended an outage: from its start to the last host's recovery. */
  readonly outageEnded?: { readonly since: string; readonly until: string };
  /** Set while the monitor is broken: since when, and why (this run's problems). */
  readonly monitorBroken?: { readonly since: string; readonly status: string; readonly problems: readonly string[] };
}

/** A check's alert state as of the newest run, from its streak of runs. */
export interface CheckAlertState {
  readonly host: string;
  readonly check: string;
  readonly state: State;
  /** When the check entered this state (for `down`, its first failing run). */
  readonly since: string;
  readonly fault?: string;
  readonly cause?: string;
}

/**
 * A host's alert state as of the newest run: what the alerts announce and remind of. The status
 * page's view of a host is another type, `HostStatus` in `src/status/status.ts`.
 */
export interface HostAlertState {
  readonly host: string;
  readonly state: State;
  /** When the host entered this state (for `down`, its first failing run). */
  readonly since: string;
  /** The newest run that reported on the host was under a maintenance window or mute. */
  readonly silenced?: Silence;
  readonly checks: readonly CheckAlertState[];
}

export interface EnvironmentAlerts {
  /** Every run with a verdict, oldest first (interrupted runs are left out). */
  readonly runs: readonly RunAlerts[];
  /** Every host ever reported on, in the order first seen, as of the newest run. */
  readonly hosts: readonly HostAlertState[];
}

/** The runs of a history with their run line, oldest first; check lines without one are left out. */
function historyRuns(
  lines: readonly HistoryLine[],
): { readonly line: RunLine; readonly checks: readonly CheckLine[] }[] {
  return runsOf(lines).flatMap((run) => (run.line ? [{ line: run.line, checks: run.checks }] : []));
}

/**
 * A run whose setup failed, that died before any check, or whose runner could not reach the
 * network: the monitor, not Wink, is broken.
 */
function monitorProblem(run: RunLine): boolean {
  return run.status === 'died' || run.status === RUNNER_OFFLINE || (run.problems?.length ?? 0) > 0;
}

type Announced =
  | { readonly down: false }
  | { readonly down: true; readonly since: string; readonly lastAt: string; readonly failing: readonly FailingCheck[] };

interface HostTrack {
  readonly state: StateOverRuns;
  announced: Announced;
  silenced: Silence | undefined;
  readonly checks: Map<string, { state: StateOverRuns; last: CheckLine }>;
}

const failingOf = (checks: readonly CheckLine[]): FailingCheck[] =>
  checks
    .filter((check) => check.verdict === 'fail')
    .map((check) => ({
      host: check.host,
      check: check.check,
      ...(check.fault === undefined ? {} : { fault: check.fault }),
      ...(check.cause === undefined ? {} : { cause: check.cause }),
    }));

/** Answers, but not as it should: slow, passing on retry only, or no longer serving a documented surface. */
const unwell = (check: CheckLine): boolean =>
  check.verdict === 'degraded' || check.verdict === 'flaky' || check.verdict === 'contract';

/** Counts one run of a host and of each of its checks; when it recovered, if this run made it. */
function observeHost(track: HostTrack, hostChecks: readonly CheckLine[], at: string, policy: AlertPolicy) {
  const retired = hostChecks.some((check) => check.retired === true);
  for (const check of hostChecks) {
    const entry = track.checks.get(check.check) ?? { state: new StateOverRuns(policy), last: check };
    entry.last = check;
    entry.state.observe({ at, failed: check.verdict === 'fail', unwell: unwell(check), retired });
    track.checks.set(check.check, entry);
  }
  const failing = failingOf(hostChecks);
  const recoveredAt = track.state.observe({ at, failed: failing.length > 0, unwell: hostChecks.some(unwell), retired });
  track.silenced = hostChecks.find((check) => check.silenced)?.silenced;
  return { retired, failing, recoveredAt };
}

/**
 * What a run changes in what people were told of a host: down, recovered (with when the recovery
 * began), a reminder when due, or nothing. Updates what was announced.
 */
function announce(
  host: string,
  track: HostTrack,
  observed: ReturnType<typeof observeHost>,
  at: string,
  policy: AlertPolicy,
): { event?: AlertEvent; recoveredUntil?: string } {
  const { announced, state } = track;
  const { retired, failing, recoveredAt } = observed;
  if (retired) {
    // A retired host never alerts, nor keeps an outage open: what was said of it is dropped.
    track.announced = { down: false };
    return {};
  }
  // Nobody is told during a window or a mute; the difference is announced when it ends.
  if (track.silenced) return {};
  if (state.down && !announced.down) {
    track.announced = { down: true, since: state.downSince, lastAt: at, failing };
    return { event: { kind: 'down', host, since: state.downSince, failing } };
  }
  if (!state.down && announced.down) {
    const until = recoveredAt ?? state.passingSince;
    track.announced = { down: false };
    return { event: { kind: 'recovered', host, since: announced.since, recoveredAt: until }, recoveredUntil: until };
  }
  if (announced.down && failing.length > 0) {
    const due = policy.remindMs > 0 && Date.parse(at) - Date.parse(announced.lastAt) >= policy.remindMs;
    track.announced = { ...announced, failing, lastAt: due ? at : announced.lastAt };
    if (due) return { event: { kind: 'reminder', host, since: announced.since, failing } };
  }
  return {};
}

/** The monitor's state after `run`, and the event its change makes, if any. */
function monitorAfter(run: RunLine, monitor: RunAlerts['monitorBroken']) {
  if (monitorProblem(run)) {
    const event: AlertEvent | undefined = monitor
      ? undefined
      : { kind: 'monitor-broken', status: run.status, problems: run.problems ?? [] };
    return { monitor: { since: monitor?.since ?? run.at, status: run.status, problems: run.problems ?? [] }, event };
  }
  const event: AlertEvent | undefined = monitor ? { kind: 'monitor-recovered', since: monitor.since } : undefined;
  return { monitor: undefined, event };
}

/** Every host announced down after a run. */
function downHosts(hosts: ReadonlyMap<string, HostTrack>): DownHost[] {
  return [...hosts].flatMap(([host, track]): DownHost[] =>
    track.announced.down ? [{ host, since: track.announced.since, failing: track.announced.failing }] : [],
  );
}

/** Each host's state as of the newest run, and each of its checks'. */
function statesOf(hosts: ReadonlyMap<string, HostTrack>): HostAlertState[] {
  return [...hosts].map(([host, track]) => ({
    host,
    state: track.state.state,
    since: track.state.stateSince,
    ...(track.silenced ? { silenced: track.silenced } : {}),
    checks: [...track.checks].map(([check, { state, last }]) => ({
      host,
      check,
      state: state.state,
      since: state.stateSince,
      ...(last.fault === undefined || last.verdict !== 'fail' ? {} : { fault: last.fault }),
      ...(last.cause === undefined || last.verdict !== 'fail' ? {} : { cause: last.cause }),
    })),
  }));
}

/**
 * Replays an environment's history up to `now` (every line, when unset): the state of each host and
 * check after the newest run, and for every run what it changed. `policy` is the same for the whole
 * replay, so changing SMOKE_ALERT_AFTER re-reads the past with the new rule.
 */
export function deriveAlerts(lines: readonly HistoryLine[], policy: AlertPolicy, now?: Date): EnvironmentAlerts {
  const hosts = new Map<string, HostTrack>();
  const issuers = new Map<string, string>();
  const runs: RunAlerts[] = [];
  let monitor: RunAlerts['monitorBroken'];
  let outageSince: string | undefined;
  for (const { line: run, checks } of historyRuns(lines)) {
    if (now && Date.parse(run.at) > now.getTime()) break;
    // Cancelled by hand or by a newer run: it says nothing of the hosts or of the monitor.
    if (run.status === 'interrupted') continue;
    const monitored = monitorAfter(run, monitor);
    monitor = monitored.monitor;
    const events: AlertEvent[] = monitored.event ? [monitored.event] : [];
    let recoveredUntil: string | undefined;
    for (const [host, hostChecks] of checksByHost(checks.filter(ran))) {
      const track = hosts.get(host) ?? {
        state: new StateOverRuns(policy),
        announced: { down: false },
        silenced: undefined,
        checks: new Map(),
      };
      hosts.set(host, track);
      const told = announce(host, track, observeHost(track, hostChecks, run.at, policy), run.at, policy);
      if (told.event) events.push(told.event);
      if (told.recoveredUntil && !(recoveredUntil && recoveredUntil > told.recoveredUntil))
        recoveredUntil = told.recoveredUntil;
    }
    const documents = changesOfRun(lines, run.at);
    if (documents.length > 0) events.push({ kind: 'api-changed', documents });
    // Every line, skipped ones too: a check skipped after its certificate was read (no credentials,
    // a window) read it all the same, and the issuer is written on one line per host only.
    const changedIssuers = issuerChanges(issuers, checksByHost(checks));
    if (changedIssuers.length > 0) events.push({ kind: 'issuer-changed', hosts: changedIssuers });
    const down = downHosts(hosts);
    const ended = outageSince !== undefined && down.length === 0;
    if (down.length > 0) outageSince ??= down.map((host) => host.since).sort()[0]!;
    runs.push({
      run,
      events,
      outage: outageSince !== undefined && down.length > 0 ? { since: outageSince, hosts: down } : undefined,
      ...(ended ? { outageEnded: { since: outageSince!, until: recoveredUntil ?? run.at } } : {}),
      ...(monitor ? { monitorBroken: monitor } : {}),
    });
    if (ended) outageSince = undefined;
  }
  return { runs, hosts: statesOf(hosts) };
}

/** The newest run that finished (it reported on checks), at or before `now`. */
export function newestFinishedRun(lines: readonly HistoryLine[], now: Date): RunLine | undefined {
  return historyRuns(lines)
    .map((run) => run.line)
    .filter((run) => Date.parse(run.at) <= now.getTime() && run.status !== 'interrupted' && run.checks > 0)
    .at(-1);
}
