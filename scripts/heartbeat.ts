/**
 * The heartbeat: has the environment had a finished run within SMOKE_HEARTBEAT_H hours, by the
 * history? If not, it opens the monitor issue (unless one is open) and alerts through the webhooks:
 * `npm run heartbeat -- --environment production [--now <ISO time>]`. Without GITHUB_TOKEN (a local
 * run) it alerts on every stale check, having no issue to remember it by.
 */
import { settingsOrExit } from '../src/config/settings.ts';
import { heartbeatMessage } from '../src/alerts/message.ts';
import { newestFinishedRun } from '../src/alerts/state.ts';
import { describeAction, gitHubFromEnvironment } from '../src/alerts/github.ts';
import { readHistory } from '../src/history/history.ts';
import { deliver, toEveryChannel } from '../src/alerts/notify.ts';
import { decideHeartbeat, monitorLabels } from '../src/alerts/outage.ts';
import { alertArgs } from './alert-cli.ts';

const { environment, now } = alertArgs(
  'heartbeat',
  'Alerts when the environment has had no finished run within SMOKE_HEARTBEAT_H hours.',
);
const current = settingsOrExit('heartbeat');
try {
  const lastFinished = newestFinishedRun(readHistory(current.historyDir, environment), now);
  const github = process.env.GITHUB_TOKEN ? gitHubFromEnvironment() : undefined;
  const { stale, action } = decideHeartbeat({
    environment,
    now,
    maxAgeMs: current.heartbeatMs,
    lastFinished,
    openMonitor: await github?.openIssue(monitorLabels(environment)),
  });
  if (!stale) {
    console.log(`heartbeat ${environment}: fresh, the newest finished run started ${lastFinished?.at}`);
    process.exit(0);
  }
  if (github && !action) {
    console.log(`heartbeat ${environment}: stale, and the monitor issue is open already: nothing more to say`);
    process.exit(0);
  }
  if (github && action) {
    await github.apply(action);
    console.log(`heartbeat ${environment}: ${describeAction(action)}`);
  }
  const message = heartbeatMessage(environment, now, current.heartbeatMs, lastFinished);
  console.log(`heartbeat ${message.title}`);
  const failed = (await deliver(toEveryChannel([{ message }], current.secrets), current.secrets)).filter(
    (delivery) => delivery.error,
  );
  for (const delivery of failed) console.error(`heartbeat: not sent: ${delivery.error}`);
  process.exitCode = failed.length > 0 ? 1 : 0;
} catch (error) {
  console.error(`heartbeat: ${(error as Error).message}`);
  process.exit(1);
}
