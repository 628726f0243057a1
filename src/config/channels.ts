/**
 * The alert channels, each by the secret variable that turns it on, with what it is. Declared here,
 * in config, so that the settings read and validate the variables and `.env.example` lists them;
 * each channel's messages are laid out by its module in `src/alerts/channels/`, which sits above
 * config, and `src/alerts/notify.ts` does not compile while a channel declared here has no module.
 */
export const CHANNEL_VARIABLES = {
  SMOKE_SLACK_WEBHOOK_URL: 'a Slack incoming webhook: alerts are posted to its channel',
  SMOKE_TEAMS_WEBHOOK_URL:
    'a Microsoft Teams workflow webhook ("When a Teams webhook request is received"): alerts are posted as Adaptive Cards',
  SMOKE_WEBHOOK_URL: 'a webhook that receives each alert as JSON (a pager, a chat bridge, your own service)',
} as const;
export type ChannelVariable = keyof typeof CHANNEL_VARIABLES;
