/**
 * Sending alerts: every message to every channel that is set (Slack, Teams, a JSON webhook; each laid
 * out by its module in `channels/`), with a bound on every attempt. Webhook URLs are secrets: they
 * travel as `Secret`, and an error names the variable and what happened, never the URL.
 */
import type { AlertMessage } from './message.ts';
import type { Channel } from './channels/channel.ts';
import { slack } from './channels/slack.ts';
import { teams } from './channels/teams.ts';
import { webhook } from './channels/webhook.ts';
import { describeSendError } from '../shared/faults.ts';
import type { Secret } from '../shared/secret.ts';
import type { ChannelVariable } from '../config/channels.ts';

/** Each channel under the variable that turns it on: one declared in config without a module here fails to compile. */
const CHANNEL_BY_VARIABLE = {
  [slack.variable]: slack,
  [teams.variable]: teams,
  [webhook.variable]: webhook,
} satisfies { readonly [Variable in ChannelVariable]: Channel<Variable> };

/** Every alert channel, set or not. */
export const CHANNELS: readonly Channel[] = Object.values(CHANNEL_BY_VARIABLE);

/** A send that failed: names the variable and what happened, never the URL. */
class SendError extends Error {
  override name = 'SendError';
}

/**
 * A bound on each attempt: Slack and Teams answer within a second or two; ten seconds is a service
 * in trouble, and the run's other alerts and its issue must not wait on it.
 */
const SEND_TIMEOUT_MS = 10_000;
/** One more attempt after a refusal to take it now (429, 5xx) or a dropped connection, this much later. */
const RETRY_DELAY_MS = 2_000;

/**
 * POSTs the body as JSON to the secret URL: at most two attempts, each bounded by `timeoutMs`.
 * Throws `SendError` naming the variable.
 */
export async function postJson(
  variable: ChannelVariable,
  url: Secret,
  body: unknown,
  timeoutMs: number = SEND_TIMEOUT_MS,
): Promise<void> {
  let failure = '';
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    let response: Response;
    try {
      response = await fetch(url.reveal(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      failure = describeSendError(error, timeoutMs);
      continue;
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return;
    // Slack answers errors with a code (`invalid_payload`, `no_service`); other bodies are not shown.
    const code = /^[a-z_]{1,60}$/.test(text.trim()) ? ` (${text.trim()})` : '';
    failure = `answered HTTP ${response.status}${code}`;
    if (response.status !== 429 && response.status < 500) break;
  }
  throw new SendError(`${variable}: ${failure}`);
}

/** One message to one channel, and how it went. */
export interface Delivery<Item extends { readonly message: AlertMessage }> {
  readonly variable: ChannelVariable;
  readonly item: Item;
  /** Why it was not delivered, naming the variable; unset when the channel took it. */
  readonly error?: string;
}

/** The words for a message not sent because an earlier one to the same channel was not delivered. */
const HELD_BACK = 'held back: an earlier message to this channel was not delivered';

/**
 * Sends each channel its messages, channels side by side, each channel's in order. A channel stops
 * at its first message not delivered: the rest are held back, so that a recovery never arrives
 * before its outage, and a channel that is down costs one bounded send, not one per message. A
 * channel that fails does not stop the others. Channels not set are left out.
 */
export async function deliver<Item extends { readonly message: AlertMessage }>(
  outbox: ReadonlyMap<ChannelVariable, readonly Item[]>,
  secrets: Readonly<Partial<Record<ChannelVariable, Secret>>>,
  timeoutMs: number = SEND_TIMEOUT_MS,
): Promise<Delivery<Item>[]> {
  const perChannel = await Promise.all(
    CHANNELS.flatMap((channel) => {
      const url = secrets[channel.variable];
      const items = outbox.get(channel.variable) ?? [];
      if (!url || items.length === 0) return [];
      return [
        (async () => {
          const deliveries: Delivery<Item>[] = [];
          for (const item of items) {
            if (deliveries.some((delivery) => delivery.error !== undefined)) {
              deliveries.push({ variable: channel.variable, item, error: HELD_BACK });
              continue;
            }
            try {
              await postJson(channel.variable, url, channel.payload(item.message), timeoutMs);
              deliveries.push({ variable: channel.variable, item });
            } catch (error) {
              if (!(error instanceof SendError)) throw error;
              deliveries.push({ variable: channel.variable, item, error: error.message });
            }
          }
          return deliveries;
        })(),
      ];
    }),
  );
  return perChannel.flat();
}

/** The same messages for every channel that is set: an outbox for `deliver`. */
export function toEveryChannel<Item extends { readonly message: AlertMessage }>(
  items: readonly Item[],
  secrets: Readonly<Partial<Record<ChannelVariable, Secret>>>,
): Map<ChannelVariable, readonly Item[]> {
  return new Map(CHANNELS.filter((channel) => secrets[channel.variable]).map((channel) => [channel.variable, items]));
}
