/**
 * Where people look: each alert laid out for a Slack incoming webhook (text with Block Kit blocks),
 * a Microsoft Teams workflow webhook (an Adaptive Card in the message envelope the "When a Teams
 * webhook request is received" trigger documents) and a generic JSON webhook, and sent with a bound
 * on every attempt. Webhook URLs are secrets: they travel as `Secret`, and an error names the
 * variable and what happened, never the URL.
 */
import type { AlertMessage, Tone } from './message.ts';
import { formatTime } from '../shared/format.ts';
import { describeSendError } from '../shared/faults.ts';
import type { Secret } from '../shared/secret.ts';
import type { SecretVariable } from '../config/variables.ts';

/** Slack's `mrkdwn` reserves these three; everything else is shown as written. */
const slackEscape = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Slack refuses a section text over 3000 characters; a long cause is cut rather than the message lost. */
const SLACK_SECTION_LIMIT = 3000;

const cut = (text: string, limit: number): string => (text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

const runLine = (message: AlertMessage): string =>
  message.run.link ? '' : `Run started ${formatTime(message.run.at)} (not on GitHub Actions: no link).`;

/** Slack: `text` is the notification's fallback; the blocks are what the channel shows. */
export function slackPayload(message: AlertMessage): unknown {
  const body = [`*${slackEscape(message.title)}*`, ...message.lines.map(slackEscape)].join('\n');
  const context = message.run.link
    ? `<${message.run.link}|Open the run> · started ${formatTime(message.run.at)}`
    : slackEscape(runLine(message));
  return {
    text: message.title,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: cut(body, SLACK_SECTION_LIMIT) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
  };
}

const TEAMS_COLORS: Readonly<Record<Tone, string>> = {
  problem: 'Attention',
  reminder: 'Warning',
  resolved: 'Good',
  info: 'Accent',
};

/**
 * Teams workflows take a message whose one attachment is an Adaptive Card; version 1.4 is what
 * Teams renders everywhere (desktop, web, mobile).
 */
export function teamsPayload(message: AlertMessage): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: message.title,
              weight: 'Bolder',
              size: 'Medium',
              color: TEAMS_COLORS[message.tone],
              wrap: true,
            },
            { type: 'FactSet', facts: message.facts.map((fact) => ({ title: fact.name, value: fact.value })) },
            ...[...message.lines, runLine(message)]
              .filter((line) => line !== '')
              .map((line) => ({ type: 'TextBlock', text: line, wrap: true })),
          ],
          actions: message.run.link ? [{ type: 'Action.OpenUrl', title: 'Open the run', url: message.run.link }] : [],
        },
      },
    ],
  };
}

/** The generic webhook's body: the change as data, and the same words as the chat messages. */
export interface WebhookBody {
  readonly source: 'wink-smoke';
  readonly environment: string;
  readonly title: string;
  readonly text: string;
  readonly event: AlertMessage['event'];
  readonly run: AlertMessage['run'];
}

export function webhookPayload(message: AlertMessage): WebhookBody {
  return {
    source: 'wink-smoke',
    environment: message.environment,
    title: message.title,
    text: message.lines.join('\n'),
    event: message.event,
    run: message.run,
  };
}

export interface Channel {
  readonly variable: SecretVariable;
  readonly payload: (message: AlertMessage) => unknown;
}

/** Every channel, by the variable that configures it. */
export const CHANNELS: readonly Channel[] = [
  { variable: 'SMOKE_SLACK_WEBHOOK_URL', payload: slackPayload },
  { variable: 'SMOKE_TEAMS_WEBHOOK_URL', payload: teamsPayload },
  { variable: 'SMOKE_WEBHOOK_URL', payload: webhookPayload },
];

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
  variable: SecretVariable,
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
export interface Delivery {
  readonly variable: SecretVariable;
  readonly title: string;
  /** Why it failed, naming the variable; unset when the channel took it. */
  readonly error?: string;
}

/**
 * Sends every message to every channel that is set: channels side by side, each channel's messages
 * in order (a recovery never arrives before its outage). A channel that fails does not stop the others.
 */
export async function deliver(
  messages: readonly AlertMessage[],
  secrets: Readonly<Partial<Record<SecretVariable, Secret>>>,
  timeoutMs: number = SEND_TIMEOUT_MS,
): Promise<Delivery[]> {
  const perChannel = await Promise.all(
    CHANNELS.flatMap((channel) => {
      const url = secrets[channel.variable];
      if (!url) return [];
      return [
        (async () => {
          const deliveries: Delivery[] = [];
          for (const message of messages) {
            try {
              await postJson(channel.variable, url, channel.payload(message), timeoutMs);
              deliveries.push({ variable: channel.variable, title: message.title });
            } catch (error) {
              if (!(error instanceof SendError)) throw error;
              deliveries.push({ variable: channel.variable, title: message.title, error: error.message });
            }
          }
          return deliveries;
        })(),
      ];
    }),
  );
  return perChannel.flat();
}
