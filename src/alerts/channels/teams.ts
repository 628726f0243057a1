/**
 * A Microsoft Teams workflow webhook: an Adaptive Card in the message envelope the "When a Teams
 * webhook request is received" trigger documents.
 */
import { unlinkedRunLine, type AlertMessage, type Tone } from '../message.ts';
import type { Channel } from './channel.ts';

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
            ...[...message.lines, unlinkedRunLine(message)]
              .filter((line) => line !== '')
              .map((line) => ({ type: 'TextBlock', text: line, wrap: true })),
          ],
          actions: message.run.link ? [{ type: 'Action.OpenUrl', title: 'Open the run', url: message.run.link }] : [],
        },
      },
    ],
  };
}

export const teams = { variable: 'SMOKE_TEAMS_WEBHOOK_URL', payload: teamsPayload } as const satisfies Channel;
