/**
 * Opens, updates, comments on or closes an environment's outage and monitor issues after a run:
 * `npm run outage -- --environment production [--now <ISO time>]`. The decisions are
 * `decideIssues` on the state the history gives; this file only talks to GitHub (GITHUB_TOKEN,
 * GITHUB_REPOSITORY, GITHUB_API_URL, as GitHub Actions sets them).
 */
import { settingsOrExit } from '../src/config/settings.ts';
import { deriveAlerts } from '../src/alerts/state.ts';
import { describeAction, gitHubFromEnvironment } from '../src/alerts/github.ts';
import { readHistory } from '../src/history/history.ts';
import { decideIssues, monitorLabels, outageLabels } from '../src/alerts/outage.ts';
import { alertArgs } from './alert-cli.ts';

const { environment, now } = alertArgs(
  'outage',
  "Opens, updates or closes the environment's outage and monitor issues on GitHub after a run.",
);
const current = settingsOrExit('outage');
try {
  const github = gitHubFromEnvironment();
  const { runs } = deriveAlerts(readHistory(current.historyDir, environment), current.alertPolicy, now);
  const actions = decideIssues({
    environment,
    runs,
    openOutage: await github.openIssue(outageLabels(environment)),
    openMonitor: await github.openIssue(monitorLabels(environment)),
  });
  for (const action of actions) await github.apply(action);
  console.log(`outage ${environment}: ${actions.map(describeAction).join(', ') || 'nothing to do'}`);
} catch (error) {
  console.error(`outage: ${(error as Error).message}`);
  process.exit(1);
}
