/**
 * Sends what changed in an environment's newest run to Slack, Teams and the JSON webhook, whichever
 * are set, and again whatever an earlier `notify` could not deliver:
 * `npm run notify -- --environment production [--now 2026-03-02T08:31:00Z] [--new-lines <dir>]`.
 * The changes come from the history alone (`src/alerts/state.ts`), and so does what each channel
 * has taken (`src/alerts/outbox.ts`): every send is appended to the history as a `delivery` line, so
 * running it twice for one run sends nothing twice. `--new-lines` also writes those lines to a folder
 * of their own, for `node scripts/history.ts publish`. Exits 1 when a channel did not take a message
 * (it is kept for the next run), 2 on bad arguments or settings.
 */
import { settingsOrExit } from '../src/config/settings.ts';
import { alertMessage } from '../src/alerts/message.ts';
import { deriveAlerts } from '../src/alerts/state.ts';
import { appendHistory, readHistory } from '../src/history/history.ts';
import { CHANNELS, deliver } from '../src/alerts/notify.ts';
import { deliveriesOf, deliveryLine, outbox } from '../src/alerts/outbox.ts';
import { alertArgs } from './alert-cli.ts';

const { environment, now, values } = alertArgs(
  'notify',
  "Sends what changed in the environment's newest run, and what an earlier notify could not deliver, to the webhooks that are set, and prints it.",
  { 'new-lines': '<dir>' },
);
const current = settingsOrExit('notify');
const lines = readHistory(current.historyDir, environment);
const alerts = deriveAlerts(lines, current.alertPolicy, now);
const newest = alerts.runs.at(-1);
if (!newest) {
  console.log(`notify ${environment}: the history holds no run (${current.historyDir})`);
  process.exit(0);
}
const down = alerts.hosts.filter((host) => host.state === 'down').map((host) => host.host);
if (newest.events.length === 0) {
  console.log(
    `notify ${environment}: nothing changed in the run of ${newest.run.at}${down.length > 0 ? ` (still down: ${down.join(', ')})` : ''}`,
  );
}
for (const event of newest.events) {
  const message = alertMessage(environment, newest.run, event);
  console.log(`notify ${message.title}\n  ${message.lines.join('\n  ')}`);
}
const set = CHANNELS.map((channel) => channel.variable).filter((variable) => current.secrets[variable]);
if (set.length === 0) {
  if (newest.events.length > 0)
    console.log(`notify: no channel is set (${CHANNELS.map((channel) => channel.variable).join(', ')}): printed only`);
  process.exit(0);
}
const due = outbox(environment, alerts, deliveriesOf(lines, now), set);
if (due.size === 0) {
  if (newest.events.length > 0) console.log(`notify ${environment}: every channel has taken these already`);
  process.exit(0);
}
for (const [variable, items] of due) {
  for (const { change } of items.filter((item) => item.change.run.run !== newest.run.run))
    console.log(`notify ${variable}: again, from the run of ${change.run.at}: ${change.key}`);
}
const deliveries = await deliver(due, current.secrets);
const record = deliveries.map((delivery) => deliveryLine(delivery.item, delivery.variable, now, delivery.error));
appendHistory(current.historyDir, environment, record);
if (values['new-lines']) appendHistory(values['new-lines'], environment, record);
for (const delivery of deliveries) {
  if (delivery.error) console.error(`notify: not sent: ${delivery.item.message.title}: ${delivery.error}`);
}
const sent = deliveries.filter((delivery) => !delivery.error).length;
console.log(
  `notify ${environment}: ${sent} of ${deliveries.length} sent (${[...due.keys()].join(', ')})${sent < deliveries.length ? '; the rest is kept for the next notify' : ''}`,
);
process.exitCode = sent === deliveries.length ? 0 : 1;
