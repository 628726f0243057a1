/**
 * The warm-up of a sleeping environment: contact every host at once and poll each, with backoff,
 * until it answers with something other than a gateway error or a connection error, within a budget.
 *
 * The policy is pure: the probe, the clock and the sleep are passed in, so unit tests drive it with a
 * fake clock, and the setup project drives it with Playwright's `request`. The record it returns is
 * written to a file that the checks of later workers read (globals are not shared across workers).
 */
import type { Target } from '../targets/targets.ts';
import { formatMs, formatSeconds } from '../shared/format.ts';
import { GATEWAY_STATUSES } from './failure.ts';
import type { WakeRecord } from './record.ts';
import { ONE_MEANING, describeNetworkError, type FaultClass } from '../shared/faults.ts';

/** What one contact with a host showed. */
export type ProbeOutcome =
  | { readonly state: 'awake'; readonly status: number }
  /** Not awake yet; `fault` is set when no answer came at all (a gateway's 503 is an answer). */
  | { readonly state: 'asleep'; readonly reason: string; readonly fault?: FaultClass }
  /** The name does not resolve: the host is not asleep, it is missing; it is not waited for. */
  | { readonly state: 'unresolvable'; readonly reason: string };

/**
 * Answers that mean "still starting" during a wake: a gateway's 502, 503 or 504, and Cloud Run's 429
 * while it starts an instance (where Wink's backend runs). After the warm-up, a 429 is an answer.
 */
const WAKING_STATUSES: ReadonlySet<number> = new Set([...GATEWAY_STATUSES, 429]);

export function classifyAnswer(status: number, statusText: string): ProbeOutcome {
  return WAKING_STATUSES.has(status)
    ? { state: 'asleep', reason: `HTTP ${status} ${statusText}`.trim() }
    : { state: 'awake', status };
}

/** A probe that got no answer: a name that does not resolve is missing, anything else is asleep. */
export function classifyFailure({ fault, reason }: { fault: FaultClass; reason: string }): ProbeOutcome {
  return fault === 'dns' ? { state: 'unresolvable', reason } : { state: 'asleep', reason, fault };
}

/** The same, from the error of a request that threw. */
export function classifyError(error: unknown): ProbeOutcome {
  const { fault, cause } = describeNetworkError(error);
  return classifyFailure({ fault, reason: cause });
}

/** One host's result of the warm-up. */
export interface HostWake {
  readonly id: string;
  readonly url: string;
  readonly state: ProbeOutcome['state'];
  /**
   * Time from the first contact (the runner's, as the run starts; else the warm-up's own start) to
   * the first awake answer. A host awake at its first probe was woken no later than this.
   */
  readonly wakeMs?: number;
  readonly attempts: number;
  /** The last reason the host was not awake (for asleep and unresolvable hosts). */
  readonly lastError?: string;
  /** The fault of the last probe of a host that never woke, when that probe got no answer at all. */
  readonly lastFault?: FaultClass;
}

export interface WarmupRecord {
  readonly environment: string;
  readonly budgetMs: number;
  /** When the wake was timed from, by the warm-up's clock: the run's first contact, or the warm-up's start. */
  readonly contactedAt: number;
  /** From `contactedAt` to the warm-up's end. */
  readonly elapsedMs: number;
  readonly hosts: readonly HostWake[];
  /**
   * Whether the run held the environment's client credentials, so that its checks needing them
   * would run: set by the warm-up step, which runs where the secrets are (a merged report does not).
   */
  readonly credentialed?: boolean;
}

/**
 * The pause before a host's next probe, unless its polls are being spread (`spreadPauseMs`): 0.5 s,
 * growing by half each time, capped at 1 s. No pause is longer, so the warm-up adds at most 1 s to
 * a host's wake, and a sleeping host gets about one request a second: nothing for a gateway.
 */
export function pollDelayMs(attempt: number): number {
  return Math.min(MAX_POLL_DELAY_MS, Math.round(500 * 1.5 ** Math.max(0, attempt - 1)));
}

const MAX_POLL_DELAY_MS = 1000;

/**
 * The pause of host `index` of `count` that spreads the hosts' polls evenly over one interval: a
 * fraction of it, never longer. Every host is still contacted at once (the wake starts then) and
 * never waits more than 1 s between probes; but some host is probed within `1 s / count` of any
 * instant, and its wake hints the others at once (see `warmUp`), so the environment's wake is seen
 * that soon, not up to a whole interval late.
 */
export function spreadPauseMs(index: number, count: number): number {
  return Math.round(((index + 1) / Math.max(1, count)) * MAX_POLL_DELAY_MS);
}

/** One probe waits at most this long: a gateway holding the connection open must not eat the budget. */
export const PROBE_TIMEOUT_MS = 10_000;

/** The shortest probe worth sending: below this even an awake host far away could not answer. */
export const MIN_PROBE_TIMEOUT_MS = 1_000;

/** Progress is printed at least this often while the warm-up waits: a silent minute reads as a hang. */
export const PROGRESS_INTERVAL_MS = 5_000;

export function progressLine(
  environment: string,
  targets: readonly Target[],
  settled: ReadonlyMap<string, HostWake>,
  elapsedMs: number,
  budgetMs: number,
): string {
  const awake = [...settled.values()].filter((host) => host.state === 'awake').length;
  const waiting = targets.filter((target) => !settled.has(target.host.id)).map((target) => target.host.id);
  const unresolvable = [...settled.values()].filter((host) => host.state === 'unresolvable').map((host) => host.id);
  const parts = [`${environment}: ${awake}/${targets.length} awake`];
  if (waiting.length > 0) parts.push(`waiting for ${waiting.join(', ')}`);
  if (unresolvable.length > 0) parts.push(`not resolving: ${unresolvable.join(', ')}`);
  return `${parts.join(', ')} (${Math.round(elapsedMs / 1000)} s of ${Math.round(budgetMs / 1000)} s)`;
}

export interface WarmupDependencies {
  readonly probe: (target: Target, timeoutMs: number) => Promise<ProbeOutcome>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly report: (line: string) => void;
}

/**
 * A host that wakes is a hint that the rest of the environment is waking too (staging starts its
 * services together), so every host still waiting is probed at once instead of at its next turn:
 * the warm-up then ends about one answer after the first wake is seen, not up to a poll interval
 * after the last. Each wake costs each waiting host at most one extra probe.
 */
class WakeHints {
  #give: () => void = () => undefined;
  #next: Promise<void> = this.#renew();

  #renew(): Promise<void> {
    return new Promise<void>((resolve) => (this.#give = resolve));
  }

  /** Settles when a host wakes next. */
  get next(): Promise<void> {
    return this.#next;
  }

  give(): void {
    this.#give();
    this.#next = this.#renew();
  }
}

/** What every host's polling shares: the budget, the clock from the first contact, the hints. */
interface Polling {
  readonly count: number;
  readonly budgetMs: number;
  readonly elapsed: () => number;
  readonly hints: WakeHints;
  readonly deps: WarmupDependencies;
}

/** Polls one target until it is awake, does not resolve, or the budget is spent. */
async function pollHost(target: Target, index: number, polling: Polling): Promise<HostWake> {
  const { budgetMs, elapsed, hints, deps } = polling;
  let lastError = 'not contacted';
  let lastFault: FaultClass | undefined;
  // After the first contact, and after a probe the hint brought forward (which puts every host
  // back in step), this host's polls are spread across the interval again.
  let spread = true;
  for (let attempt = 1; ; attempt++) {
    const remaining = budgetMs - elapsed();
    const base = { id: target.host.id, url: target.url, attempts: attempt };
    // The first contact always happens; later ones only with time left for a real answer, so a
    // sliver of budget cannot replace the last meaningful error with a timeout of its own.
    if (attempt > 1 && remaining < MIN_PROBE_TIMEOUT_MS)
      return { ...base, attempts: attempt - 1, state: 'asleep', lastError, ...(lastFault ? { lastFault } : {}) };
    const outcome = await deps.probe(target, Math.max(MIN_PROBE_TIMEOUT_MS, Math.min(PROBE_TIMEOUT_MS, remaining)));
    if (outcome.state === 'awake') {
      // Only a host seen asleep and then awake has woken; one awake from the start tells nothing.
      if (attempt > 1) hints.give();
      return { ...base, state: 'awake', wakeMs: elapsed() };
    }
    if (outcome.state === 'unresolvable') return { ...base, state: 'unresolvable', lastError: outcome.reason };
    lastError = outcome.reason;
    lastFault = outcome.fault;
    const pause: number = spread ? spreadPauseMs(index, polling.count) : pollDelayMs(attempt);
    spread = await Promise.race([
      deps.sleep(Math.max(0, Math.min(pause, budgetMs - elapsed()))).then(() => false),
      hints.next.then(() => true),
    ]);
  }
}

/**
 * Polls every target until it is awake, does not resolve, or the budget is spent. The wake is timed
 * from `contactedAt`, when the runner first contacted the environment (`firstContactOf`), if it did;
 * otherwise from this call.
 */
export async function warmUp(
  environment: string,
  targets: readonly Target[],
  budgetMs: number,
  deps: WarmupDependencies,
  contactedAt?: number,
): Promise<WarmupRecord> {
  const startedAt = Math.min(contactedAt ?? deps.now(), deps.now());
  const elapsed = (): number => deps.now() - startedAt;
  const settled = new Map<string, HostWake>();
  const ticker = setInterval(() => {
    deps.report(progressLine(environment, targets, settled, elapsed(), budgetMs));
  }, PROGRESS_INTERVAL_MS);
  const polling: Polling = { count: targets.length, budgetMs, elapsed, hints: new WakeHints(), deps };
  try {
    const hosts = await Promise.all(
      targets.map(async (target, index) => {
        const result = await pollHost(target, index, polling);
        settled.set(target.host.id, result);
        return result;
      }),
    );
    deps.report(progressLine(environment, targets, settled, elapsed(), budgetMs));
    return { environment, budgetMs, contactedAt: startedAt, elapsedMs: elapsed(), hosts };
  } finally {
    clearInterval(ticker);
  }
}

/** What a check's record keeps of its host's warm-up. */
export function wakeRecordOf(host: HostWake): WakeRecord {
  return {
    state: host.state,
    ...(host.wakeMs === undefined ? {} : { wakeMs: host.wakeMs }),
    ...(host.lastFault === undefined ? {} : { lastFault: host.lastFault }),
  };
}

/** `iam 34.2 s`, or `iam asleep: HTTP 503 Service Unavailable`: one host's line in the report. */
export function wakeTimeLine(host: HostWake): string {
  return host.wakeMs === undefined
    ? `${host.id} ${host.state}: ${host.lastError}`
    : `${host.id} ${formatSeconds(host.wakeMs)}`;
}

/**
 * How a host the warm-up gave up on fails its checks: asleep, with the wait and its last error; or,
 * when its name did not resolve, as `dns`. Undefined for a host that woke.
 */
export function wakeFailure(
  record: WarmupRecord,
  host: HostWake,
): { readonly fault: FaultClass; readonly cause: string } | undefined {
  const waited = Math.round(record.budgetMs / 1000);
  if (host.state === 'asleep')
    return {
      fault: 'asleep',
      cause: `still asleep after the warm-up waited ${waited} s; last error: ${host.lastError}`,
    };
  if (host.state === 'unresolvable') return { fault: 'dns', cause: host.lastError ?? ONE_MEANING.dns };
  return undefined;
}

/**
 * The warm-up fails only when no host woke: then every check would fail for the same reason, so
 * one verdict lists every host's last error instead.
 */
export function assertSomeHostWoke(record: WarmupRecord): void {
  if (record.hosts.some((host) => host.state === 'awake')) return;
  const seconds = Math.round(record.budgetMs / 1000);
  const lines = record.hosts.map((host) => `  ${host.id} ${host.url}: ${host.lastError ?? host.state}`);
  // It stops before its budget only when no host is left to wait for (a name that does not resolve
  // is not asleep): saying "within 180 s" after 169 ms would name a wait that never happened.
  const waited = record.hosts.every((host) => host.state === 'unresolvable')
    ? `after ${formatMs(record.elapsedMs)}, with no host left to wait for`
    : `within ${seconds} s`;
  throw new Error([`${record.environment}: no host woke ${waited}; last error of each:`, ...lines].join('\n'));
}
