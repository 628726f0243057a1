/**
 * Sends what changed in an environment's newest run to Slack, Teams and the JSON webhook, whichever
 * are set: `npm run notify -- --environment production [--now 2026-03-02T08:31:00Z]`. The changes
 * come from the history alone (`src/alerts/state.ts`); run it once after each run, as the smoke
 * workflow does. Exits 1 when a channel refused a message, 2 on bad arguments or settings.
 */
import { settingsOrExit } from '../src/config/settings.ts';
import { alertMessage } from '../src/alerts/message.ts';
import { deriveAlerts } from '../src/alerts/state.ts';
import { readHistory } from '../src/history/history.ts';
import { CHANNELS, deliver } from '../src/alerts/notify.ts';
import { alertArgs } from './alert-cli.ts';

const { environment, now } = alertArgs(
  'notify',
  "Sends what changed in the environment's newest run to the webhooks that are set, and prints it.",
);
const current = settingsOrExit('notify');
const alerts = deriveAlerts(readHistory(current.historyDir, environment), current.alertPolicy, now);
const newest = alerts.runs.at(-1);
if (!newest) {
  console.log(`notify ${environment}: the history holds no run (${current.historyDir})`);
  process.exit(0);
}
const messages = newest.events.map((event) => alertMessage(environment, newest.run, event));
const down = alerts.hosts.filter((host) => host.state === 'down').map((host) => host.host);
if (messages.length === 0) {
  console.log(
    `notify ${environment}: nothing changed in the run of ${newest.run.at}${down.length > 0 ? ` (still down: ${down.join(', ')})` : ''}`,
  );
  process.exit(0);
}
for (const message of messages) console.log(`notify ${message.title}\n  ${message.lines.join('\n  ')}`);
const set = CHANNELS.filter((channel) => current.secrets[channel.variable]);
if (set.length === 0) {
  console.log(`notify: no channel is set (${CHANNELS.map((channel) => channel.variable).join(', ')}): printed only`);
  process.exit(0);
}
const deliveries = await deliver(messages, current.secrets);
for (const delivery of deliveries) {
  if (delivery.error) console.error(`notify: not sent: ${delivery.title}: ${delivery.error}`);
}
const sent = deliveries.filter((delivery) => !delivery.error).length;
console.log(
  `notify ${environment}: ${sent} of ${deliveries.length} sent (${set.map((channel) => channel.variable).join(', ')})`,
);
process.exitCode = sent === deliveries.length ? 0 : 1;
