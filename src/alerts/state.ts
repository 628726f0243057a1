/**
 * Alert state, derived from the run history alone (`src/history/history.ts`): the history is replayed run by
 * run, oldest first, and each run yields the state of every host and check and the alerts it causes.
 * No state file: the history is already kept, appended to and never rewritten, so the same history
 * always gives the same states and the same alerts, and there is nothing to drift out of step with it.
 *
 * - A host is `down` after `alertAfter` failing runs in a row (any of its checks failed), and
 *   recovers after `recoverAfter` passing runs in a row. It is `degraded` when it answers but not
 *   well: a check slow (`degraded`), passing on retry only (`flaky`), or failing for fewer runs than
 *   make it down. A host the catalog marks retired is `retired`, whatever it does. A check's state
 *   follows the same rules on its own runs.
 * - What people were told is the announced state: a host is announced down (with its failing checks)
 *   when it goes down, recovered (with how long it was down) when it recovers, and again as a
 *   reminder every `remindMs` while it stays down. A silenced host (maintenance window, mute) is told
 *   about to nobody; when the silence ends, whatever differs from what was announced is announced.
 *   Retired hosts are never announced.
 * - The monitor is broken when a run died before any check, a setup step failed (the warm-up, the
 *   emulator) or the runner could not reach the network; its breaking and mending are announced
 *   too. An interrupted run has no verdict and is left out; a run that died tells nothing of the
 *   hosts, which keep their states.
 */
import { RUNNER_OFFLINE, type CheckLine, type HistoryLine, type RunLine } from '../history/history.ts';
import type { Silence } from '../config/maintenance.ts';
import type { AlertPolicy } from '../config/policies.ts';
import { changesOfRun, type DocumentChanges } from '../history/documents.ts';
import { checksByHost, ran, runsOf } from '../history/runs.ts';

export type State = 'up' | 'degraded' | 'down' | 'retired';

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
  | { readonly kind: 'api-changed'; readonly documents: readonly DocumentChanges[] };

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

/** Failing and passing streaks, and whether they add up to down: one host's or one check's. */
class Streaks {
  failing = 0;
  passing = 0;
  failingSince = '';
  passingSince = '';
  down = false;
  downSince = '';
  state: State = 'up';
  stateSince = '';

  private readonly policy: AlertPolicy;

  constructor(policy: AlertPolicy) {
    this.policy = policy;
  }

  /** Counts one run; returns when the recovery began if this run made a down host recover. */
  observe(failed: boolean, at: string): string | undefined {
    if (failed) {
      if (this.failing === 0) this.failingSince = at;
      this.failing += 1;
      this.passing = 0;
      if (!this.down && this.failing >= this.policy.alertAfter) {
        this.down = true;
        this.downSince = this.failingSince;
      }
      return undefined;
    }
    if (this.passing === 0) this.passingSince = at;
    this.passing += 1;
    this.failing = 0;
    if (this.down && this.passing >= this.policy.recoverAfter) {
      this.down = false;
      return this.passingSince;
    }
    return undefined;
  }

  /** Sets the state the last run showed; `since` moves only when the state changes. */
  settle(retired: boolean, failed: boolean, unwell: boolean, at: string): void {
    const state: State = retired ? 'retired' : this.down ? 'down' : failed || unwell ? 'degraded' : 'up';
    if (state !== this.state || this.stateSince === '') this.stateSince = state === 'down' ? this.downSince : at;
    this.state = state;
  }
}

type Announced =
  | { readonly down: false }
  | { readonly down: true; readonly since: string; readonly lastAt: string; readonly failing: readonly FailingCheck[] };

interface HostTrack {
  readonly streaks: Streaks;
  announced: Announced;
  silenced: Silence | undefined;
  readonly checks: Map<string, { streaks: Streaks; last: CheckLine }>;
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

/**
 * Replays an environment's history up to `now` (every line, when unset): the state of each host and
 * check after the newest run, and for every run what it changed. `policy` is the same for the whole
 * replay, so changing SMOKE_ALERT_AFTER re-reads the past with the new rule.
 */
export function deriveAlerts(lines: readonly HistoryLine[], policy: AlertPolicy, now?: Date): EnvironmentAlerts {
  const hosts = new Map<string, HostTrack>();
  const runs: RunAlerts[] = [];
  let monitor: RunAlerts['monitorBroken'];
  let outageSince: string | undefined;

  for (const { line: run, checks } of historyRuns(lines)) {
    if (now && Date.parse(run.at) > now.getTime()) break;
    // Cancelled by hand or by a newer run: it says nothing of the hosts or of the monitor.
    if (run.status === 'interrupted') continue;
    const events: AlertEvent[] = [];

    if (monitorProblem(run)) {
      if (!monitor) events.push({ kind: 'monitor-broken', status: run.status, problems: run.problems ?? [] });
      monitor = { since: monitor?.since ?? run.at, status: run.status, problems: run.problems ?? [] };
    } else if (monitor) {
      events.push({ kind: 'monitor-recovered', since: monitor.since });
      monitor = undefined;
    }

    const reported = checksByHost(checks.filter(ran));

    let recoveredUntil: string | undefined;
    for (const [host, hostChecks] of reported) {
      const track: HostTrack = hosts.get(host) ?? {
        streaks: new Streaks(policy),
        announced: { down: false },
        silenced: undefined,
        checks: new Map(),
      };
      hosts.set(host, track);
      const retired = hostChecks.some((check) => check.retired);
      const failing = failingOf(hostChecks);
      for (const check of hostChecks) {
        const entry = track.checks.get(check.check) ?? { streaks: new Streaks(policy), last: check };
        entry.last = check;
        entry.streaks.observe(check.verdict === 'fail', run.at);
        entry.streaks.settle(retired, check.verdict === 'fail', unwell(check), run.at);
        track.checks.set(check.check, entry);
      }
      const recoveredAt = track.streaks.observe(failing.length > 0, run.at);
      track.streaks.settle(retired, failing.length > 0, hostChecks.some(unwell), run.at);
      track.silenced = hostChecks.find((check) => check.silenced)?.silenced;

      const { announced, streaks } = track;
      if (retired) {
        // A retired host never alerts, nor keeps an outage open: what was said of it is dropped.
        track.announced = { down: false };
      } else if (track.silenced) {
        // Nobody is told during a window or a mute; the difference is announced when it ends.
      } else if (streaks.down && !announced.down) {
        events.push({ kind: 'down', host, since: streaks.downSince, failing });
        track.announced = { down: true, since: streaks.downSince, lastAt: run.at, failing };
      } else if (!streaks.down && announced.down) {
        const until = recoveredAt ?? streaks.passingSince;
        events.push({ kind: 'recovered', host, since: announced.since, recoveredAt: until });
        track.announced = { down: false };
        recoveredUntil = recoveredUntil && recoveredUntil > until ? recoveredUntil : until;
      } else if (announced.down && failing.length > 0) {
        const due = policy.remindMs > 0 && Date.parse(run.at) - Date.parse(announced.lastAt) >= policy.remindMs;
        if (due) events.push({ kind: 'reminder', host, since: announced.since, failing });
        track.announced = { ...announced, failing, lastAt: due ? run.at : announced.lastAt };
      }
    }

    const documents = changesOfRun(lines, run.at);
    if (documents.length > 0) events.push({ kind: 'api-changed', documents });

    const down = [...hosts].flatMap(([host, track]): DownHost[] =>
      track.announced.down ? [{ host, since: track.announced.since, failing: track.announced.failing }] : [],
    );
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

  return {
    runs,
    hosts: [...hosts].map(([host, track]) => ({
      host,
      state: track.streaks.state,
      since: track.streaks.stateSince,
      ...(track.silenced ? { silenced: track.silenced } : {}),
      checks: [...track.checks].map(([check, { streaks, last }]) => ({
        host,
        check,
        state: streaks.state,
        since: streaks.stateSince,
        ...(last.fault === undefined || last.verdict !== 'fail' ? {} : { fault: last.fault }),
        ...(last.cause === undefined || last.verdict !== 'fail' ? {} : { cause: last.cause }),
      })),
    })),
  };
}

/** `inventory: health is UP`: a failing check's key, for comparing sets of failures. */
const failingKey = (failing: FailingCheck): string => `${failing.host}: ${failing.check}`;

/** The checks failing in an outage as announced, as sorted keys; empty when there is none. */
export function failingSet(outage: Outage | undefined): string[] {
  return (outage?.hosts ?? []).flatMap((host) => host.failing.map(failingKey)).sort();
}

/** The newest run that finished (it reported on checks), at or before `now`. */
export function newestFinishedRun(lines: readonly HistoryLine[], now: Date): RunLine | undefined {
  return historyRuns(lines)
    .map((run) => run.line)
    .filter((run) => Date.parse(run.at) <= now.getTime() && run.status !== 'interrupted' && run.checks > 0)
    .at(-1);
}
