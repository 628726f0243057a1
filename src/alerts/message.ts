/**
 * The words of an alert, whatever the channel: a title that says what changed, lines with since
 * when and why, facts for a table, and the link to the run. Each channel of `src/alerts/channels/`
 * lays them out its way; the outage issue uses the same times and durations.
 */
import type { AlertEvent, FailingCheck } from './state.ts';
import { RUNNER_OFFLINE, type RunLine } from '../history/history.ts';
import { describeChange, type OperationChange } from '../checks/openapi-diff.ts';
import { formatDuration, formatTime } from '../shared/format.ts';

/** What to look at when no run finishes: said by the heartbeat's alert and by its monitor issue. */
export const RUNS_STOPPED_ADVICE =
  'The scheduled runs have stopped or keep dying: check the smoke workflow (a disabled schedule, a failing job, an Actions outage).';

export const between = (from: string, to: string): number => Date.parse(to) - Date.parse(from);

/** `health is UP (health): GET /actuator/health answered HTTP 503`: a failing check and its cause. */
export function describeFailing(failing: FailingCheck): string {
  return `${failing.check}${failing.fault ? ` (${failing.fault})` : ''}: ${failing.cause ?? 'failed'}`;
}

/** How an alert reads: a problem, a problem that goes on, good news, or news that pages nobody. */
export type Tone = 'problem' | 'reminder' | 'resolved' | 'info';

export interface AlertMessage {
  readonly environment: string;
  /** What changed, in one line: `production: inventory is down`. */
  readonly title: string;
  /** Since when, and the causes, one per line. */
  readonly lines: readonly string[];
  /** Name and value pairs for a table: environment, host, since. */
  readonly facts: readonly { readonly name: string; readonly value: string }[];
  readonly tone: Tone;
  /** The run that showed the change. */
  readonly run: { readonly id: string; readonly at: string; readonly link?: string };
  /** The change itself, as data, for the JSON webhook. */
  readonly event: AlertEvent | HeartbeatEvent;
}

/** No run finished within the heartbeat's bound: the monitor itself may be down. */
export interface HeartbeatEvent {
  readonly kind: 'heartbeat-missed';
  readonly maxAgeMs: number;
  /** When the newest finished run started; unset when the history has none. */
  readonly lastFinishedAt?: string;
}

/**
 * `Run started 2026-03-02 08:30 UTC (not on GitHub Actions: no link).`: what a channel shows in place
 * of the link to the run when there is none; empty when there is one.
 */
export const unlinkedRunLine = (message: AlertMessage): string =>
  message.run.link ? '' : `Run started ${formatTime(message.run.at)} (not on GitHub Actions: no link).`;

const runOf = (run: RunLine): AlertMessage['run'] => ({
  id: run.run,
  at: run.at,
  ...(run.link === undefined ? {} : { link: run.link }),
});

/** What kept a run from telling anything of the hosts, by its run line's status. */
function monitorTrouble(status: string): string {
  if (status === 'died') return 'is broken: the run died before any check';
  if (status === RUNNER_OFFLINE) return 'cannot run: its runner cannot reach the network';
  return 'is broken: a setup step failed';
}

/** The words of an `api-changed` event: what the run's documents change, counted, and per document. */
function apiChanged(
  environment: string,
  run: RunLine,
  event: Extract<AlertEvent, { kind: 'api-changed' }>,
): Pick<AlertMessage, 'title' | 'lines' | 'facts'> {
  const all = event.documents.flatMap((document) => document.changes);
  const count = (change: OperationChange['change']): number => all.filter((item) => item.change === change).length;
  const breaking = all.filter((change) => change.breaking).length;
  const parts = [
    ...(count('removed') > 0 ? [`${count('removed')} removed`] : []),
    ...(count('added') > 0 ? [`${count('added')} added`] : []),
    ...(count('changed') > 0 ? [`${count('changed')} changed`] : []),
  ];
  return {
    title: `${environment}: the API changed: ${parts.join(', ')} operation${all.length === 1 ? '' : 's'}${breaking > 0 ? `, ${breaking} breaking` : ''}`,
    lines: event.documents.map(
      (document) => `${document.host} ${document.path}: ${document.changes.map(describeChange).join(', ')}`,
    ),
    facts: [
      { name: 'Environment', value: environment },
      { name: 'Run started', value: formatTime(run.at) },
    ],
  };
}

/** The words of an `issuer-changed` event: each host, with its certificate's issuer before and now. */
function issuerChanged(
  environment: string,
  run: RunLine,
  event: Extract<AlertEvent, { kind: 'issuer-changed' }>,
): Pick<AlertMessage, 'title' | 'lines' | 'facts'> {
  const [only] = event.hosts;
  return {
    title:
      event.hosts.length === 1 && only
        ? `${environment}: new certificate issuer for ${only.host}: ${only.to}`
        : `${environment}: new certificate issuers for ${event.hosts.length} hosts`,
    lines: [
      ...event.hosts.map((change) => `${change.host}: issued by ${change.to}, before by ${change.from}.`),
      'Valid and trusted: told once, for information (a client that pins the old issuer would refuse it).',
    ],
    facts: [
      { name: 'Environment', value: environment },
      { name: 'Run started', value: formatTime(run.at) },
    ],
  };
}

/** The message announcing one change, seen in `run` of `environment`. */
export function alertMessage(environment: string, run: RunLine, event: AlertEvent): AlertMessage {
  const common = { environment, run: runOf(run), event };
  const hostFacts = (host: string, since: string) => [
    { name: 'Environment', value: environment },
    { name: 'Host', value: host },
    { name: 'Down since', value: formatTime(since) },
  ];
  switch (event.kind) {
    case 'down':
      return {
        ...common,
        title: `${environment}: ${event.host} is down`,
        lines: [`Down since ${formatTime(event.since)}.`, ...event.failing.map(describeFailing)],
        facts: hostFacts(event.host, event.since),
        tone: 'problem',
      };
    case 'reminder':
      return {
        ...common,
        title: `${environment}: ${event.host} is still down, for ${formatDuration(between(event.since, run.at))}`,
        lines: [`Down since ${formatTime(event.since)}.`, ...event.failing.map(describeFailing)],
        facts: hostFacts(event.host, event.since),
        tone: 'reminder',
      };
    case 'recovered': {
      const down = formatDuration(between(event.since, event.recoveredAt));
      return {
        ...common,
        title: `${environment}: ${event.host} recovered after ${down}`,
        lines: [`Down from ${formatTime(event.since)} to ${formatTime(event.recoveredAt)} (${down}).`],
        facts: [...hostFacts(event.host, event.since), { name: 'Recovered', value: formatTime(event.recoveredAt) }],
        tone: 'resolved',
      };
    }
    case 'monitor-broken':
      return {
        ...common,
        title: `${environment}: the monitor ${monitorTrouble(event.status)}`,
        lines: [...event.problems, "The hosts' states are unknown until a run finishes; the monitor issue follows it."],
        facts: [
          { name: 'Environment', value: environment },
          { name: 'Run started', value: formatTime(run.at) },
        ],
        tone: 'problem',
      };
    case 'api-changed':
      return { ...common, ...apiChanged(environment, run, event), tone: 'info' };
    case 'issuer-changed':
      return { ...common, ...issuerChanged(environment, run, event), tone: 'info' };
    case 'monitor-recovered':
      return {
        ...common,
        title: `${environment}: the monitor works again, after ${formatDuration(between(event.since, run.at))}`,
        lines: [`Runs failed to finish from ${formatTime(event.since)} to ${formatTime(run.at)}.`],
        facts: [
          { name: 'Environment', value: environment },
          { name: 'Broken since', value: formatTime(event.since) },
        ],
        tone: 'resolved',
      };
  }
}

/** The heartbeat's alert: no run of the environment has finished for too long. */
export function heartbeatMessage(
  environment: string,
  now: Date,
  maxAgeMs: number,
  lastFinished: RunLine | undefined,
): AlertMessage {
  const age = lastFinished ? formatDuration(now.getTime() - Date.parse(lastFinished.at)) : undefined;
  return {
    environment,
    title: age
      ? `${environment}: no run has finished for ${age}`
      : `${environment}: no run has ever finished, by the history`,
    lines: [
      lastFinished
        ? `The newest finished run started ${formatTime(lastFinished.at)}; the heartbeat allows ${formatDuration(maxAgeMs)}.`
        : 'The history holds no finished run.',
      RUNS_STOPPED_ADVICE,
    ],
    facts: [
      { name: 'Environment', value: environment },
      { name: 'Last finished run', value: lastFinished ? formatTime(lastFinished.at) : 'none' },
    ],
    tone: 'problem',
    run: lastFinished ? runOf(lastFinished) : { id: 'none', at: now.toISOString() },
    event: {
      kind: 'heartbeat-missed',
      maxAgeMs,
      ...(lastFinished ? { lastFinishedAt: lastFinished.at } : {}),
    },
  };
}
