/**
 * Appends the run to the history (SMOKE_HISTORY_DIR): for every environment the run checked, its run
 * line and a line per check. A run in which no test ran (`--list`) writes none.
 */
import { appendHistory, runIdentity } from '../src/history/history.ts';
import { settings } from '../src/config/settings.ts';
import { linesOfRun } from '../src/summary/history-lines.ts';
import { environmentsOf, type RunSummary } from '../src/summary/summary.ts';
import { SummaryOutputReporter, type CollectedRun } from './collect.ts';

export default class HistoryReporter extends SummaryOutputReporter {
  protected write(summary: RunSummary, collected: CollectedRun): void {
    const { run, link } = runIdentity(summary.startedAt);
    for (const [environment, lines] of linesOfRun(summary, environmentsOf(summary), run, link)) {
      // The run line first, then the checks, then the documents' digests: one append, one run.
      appendHistory(settings().historyDir, environment, [
        ...lines,
        ...(collected.documents.lines.get(environment) ?? []),
      ]);
    }
  }
}
