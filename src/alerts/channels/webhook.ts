/** A generic JSON webhook, for a pager, a chat bridge or a service of one's own. */
import type { AlertMessage } from '../message.ts';
import type { Channel } from './channel.ts';

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

export const webhook = { variable: 'SMOKE_WEBHOOK_URL', payload: webhookPayload } as const satisfies Channel;
