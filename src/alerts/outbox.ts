/**
 * What `notify` has to send, channel by channel, from the history alone: the changes of the newest
 * run, and every earlier change a channel was sent and did not take, until it takes it or it is
 * superseded. The history records each send (`DeliveryLine`), so a second `notify` for the same run
 * sends nothing, and a channel that refused a message gets it again, with its original time, on the
 * next one.
 *
 * A recovery does not make an undelivered down moot: both are sent, in order. Each is a change a
 * reader or a pager acts on, with its own time; a down that lasted half an hour was an outage worth
 * knowing of, and a pager keyed on the host opens on the one and closes on the other. Only a
 * reminder is superseded, by any later change of its host: a late "still down for 12 h" says less
 * than what followed it.
 */
import type { ChannelVariable } from '../config/channels.ts';
import type { DeliveryLine, HistoryLine, RunLine } from '../history/history.ts';
import { formatTime } from '../shared/format.ts';
import { alertMessage, type AlertMessage } from './message.ts';
import type { AlertEvent, EnvironmentAlerts } from './state.ts';

/** One change of the history: the run that showed it, the event, and its key within the run. */
export interface Change {
  readonly run: RunLine;
  readonly event: AlertEvent;
  /** `down inventory`, `monitor-broken`: unique within a run, which has at most one event per host. */
  readonly key: string;
}

/** A message due to one channel, and the change it tells of. */
export interface Outgoing {
  readonly change: Change;
  readonly message: AlertMessage;
}

export function changeKey(event: AlertEvent): string {
  return 'host' in event ? `${event.kind} ${event.host}` : event.kind;
}

/** Every change of the replayed history, oldest run first, each run's in the order it announced them. */
export function changesOf(alerts: EnvironmentAlerts): Change[] {
  return alerts.runs.flatMap(({ run, events }) => events.map((event) => ({ run, event, key: changeKey(event) })));
}

/** The history's record of sends up to `now`. */
export function deliveriesOf(lines: readonly HistoryLine[], now: Date): DeliveryLine[] {
  return lines.filter((line): line is DeliveryLine => line.type === 'delivery' && Date.parse(line.at) <= now.getTime());
}

const changeId = (run: string, key: string): string => `${run}\n${key}`;

/** A reminder that some later change of its host has overtaken. */
function superseded(changes: readonly Change[], index: number): boolean {
  const { event } = changes[index]!;
  if (event.kind !== 'reminder') return false;
  return changes.slice(index + 1).some((later) => 'host' in later.event && later.event.host === event.host);
}

/**
 * What each channel has to send now, in order: every change of the newest run it has not taken,
 * after every earlier change it was sent and has not taken (unless superseded). A message sent
 * again says when it was first due.
 */
export function outbox(
  environment: string,
  alerts: EnvironmentAlerts,
  deliveries: readonly DeliveryLine[],
  channels: readonly ChannelVariable[],
): Map<ChannelVariable, Outgoing[]> {
  const changes = changesOf(alerts);
  const newest = alerts.runs.at(-1)?.run.run;
  const queues = new Map<ChannelVariable, Outgoing[]>();
  for (const channel of channels) {
    const delivered = new Set<string>();
    const firstTried = new Map<string, string>();
    for (const line of deliveries) {
      if (line.channel !== channel) continue;
      const id = changeId(line.run, line.change);
      if (line.delivered) delivered.add(id);
      if (!firstTried.has(id)) firstTried.set(id, line.at);
    }
    const due = changes.flatMap((change, index): Outgoing[] => {
      const id = changeId(change.run.run, change.key);
      const tried = firstTried.get(id);
      if (delivered.has(id) || superseded(changes, index)) return [];
      if (change.run.run !== newest && tried === undefined) return [];
      const message = alertMessage(environment, change.run, change.event);
      return [
        {
          change,
          message:
            tried === undefined
              ? message
              : { ...message, lines: [...message.lines, `Sent late: due ${formatTime(tried)}, not delivered then.`] },
        },
      ];
    });
    if (due.length > 0) queues.set(channel, due);
  }
  return queues;
}

/** The history's line for one send of one message. */
export function deliveryLine(
  outgoing: Outgoing,
  channel: ChannelVariable,
  at: Date,
  error: string | undefined,
): DeliveryLine {
  return {
    type: 'delivery',
    at: at.toISOString(),
    run: outgoing.change.run.run,
    change: outgoing.change.key,
    channel,
    delivered: error === undefined,
    ...(error === undefined ? {} : { error }),
  };
}
