/** Slack's incoming webhook: text with Block Kit blocks. */
import { formatTime } from '../../shared/format.ts';
import { unlinkedRunLine, type AlertMessage } from '../message.ts';
import type { Channel } from './channel.ts';

/** Slack's `mrkdwn` reserves these three; everything else is shown as written. */
const slackEscape = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Slack refuses a section text over 3000 characters; a long cause is cut rather than the message lost. */
const SLACK_SECTION_LIMIT = 3000;

const cut = (text: string, limit: number): string => (text.length > limit ? `${text.slice(0, limit - 1)}…` : text);

/** Slack: `text` is the notification's fallback; the blocks are what the channel shows. */
export function slackPayload(message: AlertMessage): unknown {
  const body = [`*${slackEscape(message.title)}*`, ...message.lines.map(slackEscape)].join('\n');
  const context = message.run.link
    ? `<${message.run.link}|Open the run> · started ${formatTime(message.run.at)}`
    : slackEscape(unlinkedRunLine(message));
  return {
    text: message.title,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: cut(body, SLACK_SECTION_LIMIT) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
  };
}

export const slack = { variable: 'SMOKE_SLACK_WEBHOOK_URL', payload: slackPayload } as const satisfies Channel;
