/**
 * What one run found of one host, from the host's check lines in it. A run *observes* a host when at
 * least one of the host's checks ran (was not skipped): it found the host `down` if any check failed,
 * `degraded` if none failed but one passed slowly or only on retry, else `up`. A run in which every
 * check of the host was skipped says nothing about it. What a run found is not yet the host's
 * state: a host is down only after enough failing runs in a row (`host-state.ts`).
 */
import type { CheckLine } from '../history/history.ts';
import { ran, type HistoryRun } from '../history/runs.ts';
import { VITALS, type WebVitals } from '../checks/vitals.ts';

/** What one run found of a host. */
export type Observed = 'up' | 'degraded' | 'down';

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
  /** Each web vital at its worst among the host's checks that measured it; empty for a host no page of which was opened. */
  readonly vitals: WebVitals;
  /** Why it is down or degraded, check by check; empty when up. */
  readonly findings: readonly Finding[];
}

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

/** Each vital's worst value among the checks, as latency takes the slowest: higher is worse for every vital. */
function worstVitals(checks: readonly CheckLine[]): WebVitals {
  return Object.fromEntries(
    VITALS.flatMap(({ key }) => {
      const worst = maxOf(checks.map((check) => check.vitals?.[key]));
      return worst === undefined ? [] : [[key, worst]];
    }),
  );
}

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
    vitals: worstVitals(ranChecks),
    // A down host's story is its failures; slow checks beside them would only hide them.
    findings: state === 'down' ? findings.filter((finding) => finding.verdict === 'fail') : findings,
  };
}
