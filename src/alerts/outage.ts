/**
 * The issues, quiet: after each run of an environment, what to do with its GitHub issues, decided
 * from the alert state the history gives (`src/alerts/state.ts`), never from one run alone.
 *
 * - One **outage** issue per environment (labels `outage`, `env:<name>`) is open while any host is
 *   announced down. Its body says since when each host has been down and what fails; it is commented
 *   only when the set of failing checks changes, and closed with the outage's duration. Retired
 *   hosts never open it or keep it open; a silenced host (maintenance, mute) changes nothing in it
 *   until its silence ends, as it alerts nobody.
 * - One **monitor** issue per environment (labels `monitor`, `env:<name>`, never `outage`) is open
 *   while runs die before any check, a setup step fails or the runner cannot reach the network, or
 *   when the heartbeat finds no finished run: then the suite, not Wink, needs someone.
 *
 * The decisions are pure; `scripts/outage.ts` and `scripts/heartbeat.ts` talk to GitHub.
 */
import { RUNS_STOPPED_ADVICE, between, describeFailing } from './message.ts';
import { formatDuration, formatTime } from '../shared/format.ts';
import type { FailingCheck, Outage, RunAlerts } from './state.ts';
import { RUNNER_OFFLINE, type RunLine } from '../history/history.ts';

/** The monitor issue's title, the same whoever opens it: a run that died, or the heartbeat. */
const monitorIssueTitle = (environment: string): string => `Smoke monitor: ${environment} runs are not finishing`;

/** `inventory: health is UP`: a failing check's key, for comparing sets of failures. */
const failingKey = (failing: FailingCheck): string => `${failing.host}: ${failing.check}`;

/** The checks failing in an outage as announced, as sorted keys; empty when there is none. */
export function failingSet(outage: Outage | undefined): string[] {
  return (outage?.hosts ?? []).flatMap((host) => host.failing.map(failingKey)).sort();
}

/** Labels that mark the one outage issue of an environment. */
export function outageLabels(environment: string): string[] {
  return ['outage', `env:${environment}`];
}

/** Labels that mark the one monitor issue of an environment: the suite itself is broken. */
export function monitorLabels(environment: string): string[] {
  return ['monitor', `env:${environment}`];
}

export interface OpenIssue {
  readonly number: number;
}

export type IssueAction =
  | { readonly kind: 'open'; readonly title: string; readonly body: string; readonly labels: readonly string[] }
  | { readonly kind: 'comment'; readonly issue: number; readonly body: string }
  /** Replaces the issue's body, so that it always tells the current state; notifies nobody. */
  | { readonly kind: 'update'; readonly issue: number; readonly body: string }
  | { readonly kind: 'close'; readonly issue: number; readonly body: string };

export interface IssueInput {
  readonly environment: string;
  /** The replayed runs, oldest first; the newest is the run to act on. */
  readonly runs: readonly RunAlerts[];
  readonly openOutage: OpenIssue | undefined;
  readonly openMonitor: OpenIssue | undefined;
}

const escapeCell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const runReference = (run: RunLine): string =>
  run.link ? `[the run of ${formatTime(run.at)}](${run.link})` : `the run of ${formatTime(run.at)}`;

/** The outage issue's body: since when each host has been down, and what fails, as of `run`. */
function outageBody(environment: string, outage: Outage, run: RunLine): string {
  return [
    `Smoke checks of **${environment}** have been failing since ${formatTime(outage.since)} (${formatDuration(between(outage.since, run.at))} as of ${runReference(run)}).`,
    '',
    '| host | down since | for | failing checks |',
    '|---|---|---|---|',
    ...outage.hosts.map(
      (host) =>
        `| \`${host.host}\` | ${formatTime(host.since)} | ${formatDuration(between(host.since, run.at))} | ${escapeCell(host.failing.map(describeFailing).join('; ') || 'recovering')} |`,
    ),
    '',
    'The smoke workflow keeps this issue up to date (`npm run outage`): it comments only when the set of failing checks changes, and closes it when every host is up again.',
  ].join('\n');
}

function outageActions(input: IssueInput, newest: RunAlerts, previous: RunAlerts | undefined): IssueAction[] {
  const { environment, openOutage } = input;
  const outage = newest.outage;
  if (outage) {
    const body = outageBody(environment, outage, newest.run);
    if (!openOutage)
      return [{ kind: 'open', title: `Smoke: ${environment} is down`, body, labels: outageLabels(environment) }];
    const before = failingSet(previous?.outage);
    const now = failingSet(outage);
    if (before.join('\n') === now.join('\n')) return [];
    const added = now.filter((key) => !before.includes(key));
    const removed = before.filter((key) => !now.includes(key));
    const comment = [
      `The failing checks changed in ${runReference(newest.run)}:`,
      '',
      ...added.map((key) => `- now failing: \`${key}\``),
      ...removed.map((key) => `- no longer failing: \`${key}\``),
      '',
      ...outage.hosts.flatMap((host) => [
        `\`${host.host}\` down since ${formatTime(host.since)}:`,
        ...host.failing.map((failing) => `- ${describeFailing(failing)}`),
      ]),
    ].join('\n');
    return [
      { kind: 'update', issue: openOutage.number, body },
      { kind: 'comment', issue: openOutage.number, body: comment },
    ];
  }
  if (!openOutage) return [];
  const ended = newest.outageEnded;
  const body = ended
    ? `Every host is up again, as of ${runReference(newest.run)}. The outage lasted ${formatDuration(between(ended.since, ended.until))}, from ${formatTime(ended.since)} to ${formatTime(ended.until)}.`
    : `No host is down any more, as of ${runReference(newest.run)}.`;
  return [{ kind: 'close', issue: openOutage.number, body }];
}

function monitorActions(input: IssueInput, newest: RunAlerts): IssueAction[] {
  const { environment, openMonitor } = input;
  const broken = newest.monitorBroken;
  if (broken && !openMonitor) {
    const what =
      broken.status === 'died'
        ? 'died before any check reported'
        : broken.status === RUNNER_OFFLINE
          ? 'ran where the network could not be reached'
          : 'had a setup step fail';
    return [
      {
        kind: 'open',
        title: monitorIssueTitle(environment),
        body: [
          `The smoke run of **${environment}** ${what}, since ${formatTime(broken.since)} (${runReference(newest.run)}):`,
          '',
          ...broken.problems.map((problem) => `- ${problem}`),
          '',
          'This is the monitor, not Wink: until a run finishes, nothing is known of the hosts. The smoke workflow closes this issue when a run finishes again.',
        ].join('\n'),
        labels: monitorLabels(environment),
      },
    ];
  }
  if (!broken && openMonitor) {
    const mended = newest.events.find((event) => event.kind === 'monitor-recovered');
    const body = mended
      ? `Runs finish again, as of ${runReference(newest.run)}. The monitor was broken for ${formatDuration(between(mended.since, newest.run.at))}, from ${formatTime(mended.since)}.`
      : `A run finished again: ${runReference(newest.run)}.`;
    return [{ kind: 'close', issue: openMonitor.number, body }];
  }
  return [];
}

/** What to do with the environment's outage and monitor issues after its newest run. */
export function decideIssues(input: IssueInput): IssueAction[] {
  const newest = input.runs.at(-1);
  if (!newest) return [];
  return [...outageActions(input, newest, input.runs.at(-2)), ...monitorActions(input, newest)];
}

/**
 * The heartbeat's decision: with no run finished within `maxAgeMs`, a monitor issue is opened,
 * unless one is open already (a run that died opened it, or yesterday's heartbeat).
 */
export function decideHeartbeat(input: {
  readonly environment: string;
  readonly now: Date;
  readonly maxAgeMs: number;
  readonly lastFinished: RunLine | undefined;
  readonly openMonitor: OpenIssue | undefined;
}): { readonly stale: boolean; readonly action: IssueAction | undefined } {
  const { environment, now, maxAgeMs, lastFinished, openMonitor } = input;
  const stale = !lastFinished || now.getTime() - Date.parse(lastFinished.at) > maxAgeMs;
  if (!stale || openMonitor) return { stale, action: undefined };
  return {
    stale,
    action: {
      kind: 'open',
      title: monitorIssueTitle(environment),
      body: [
        lastFinished
          ? `The heartbeat of ${formatTime(now.toISOString())} found no finished run of **${environment}** for ${formatDuration(now.getTime() - Date.parse(lastFinished.at))} (it allows ${formatDuration(maxAgeMs)}); the newest was ${runReference(lastFinished)}.`
          : `The heartbeat of ${formatTime(now.toISOString())} found no finished run of **${environment}** in the history.`,
        '',
        `${RUNS_STOPPED_ADVICE} The smoke workflow closes this issue when a run finishes again.`,
      ].join('\n'),
      labels: monitorLabels(environment),
    },
  };
}
