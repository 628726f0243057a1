/**
 * Adds one run's lines to the history, on GitHub Actions: the smoke job writes its lines to a folder
 * of its own (`SMOKE_HISTORY_DIR=run-history`) and uploads it; the alerts job appends them to the
 * history branch's checkout. When the folder holds no run line of the environment, the run died
 * before its reporter wrote one (an install step, a crash, a cancelled job), and a `died` line says
 * so: `npm run record-run -- --environment production --lines results/run-history --reason "..."`.
 */
import { settingsOrExit } from '../src/config/settings.ts';
import { appendHistory, diedRunLine, readHistory, runIdentity } from '../src/history/history.ts';
import { alertArgs } from './alert-cli.ts';

const { environment, now, values } = alertArgs(
  'record-run',
  "Adds a run's lines from --lines to the history, or a died run (with --reason) when it holds none.",
  { lines: '<dir>', reason: '<text>' },
);
const current = settingsOrExit('record-run');
const lines = values.lines ? readHistory(values.lines, environment) : [];
if (lines.some((line) => line.type === 'run')) {
  appendHistory(current.historyDir, environment, lines);
  console.log(`record-run ${environment}: ${lines.length} lines added to ${current.historyDir}`);
} else {
  const { run, link } = runIdentity(now.toISOString());
  const reason = values.reason ?? 'the run ended before any check reported (see the run log)';
  appendHistory(current.historyDir, environment, [diedRunLine(environment, run, now, reason, link)]);
  console.log(`record-run ${environment}: no run line found, recorded a died run: ${reason}`);
}
