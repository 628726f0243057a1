/**
 * A check's verdict in the one word the summary shows it in (`pass`, `degraded`, `flaky`, `fail`,
 * `skipped`), the word Playwright's own reporters give its test, and those words counted. Apart from
 * the table (`table.ts`) because it is a rule, not a layout: the word a row gets, and why a failure
 * was reported only, decide what the counts and the lines of failures and skips say; the table only
 * places them.
 */
import { describeSilence } from '../config/maintenance.ts';
import type { SummaryRow } from './summary.ts';

/** The words a check's verdict is shown in, always in this order. */
const WORDS = ['pass', 'degraded', 'flaky', 'fail', 'skipped'] as const;
type Word = (typeof WORDS)[number];

/**
 * A check's verdict in one word, the one Playwright's list and HTML report give its test. A failure
 * reported only (a retired or silenced host's, a contract change under SMOKE_CONTRACT=report) is a
 * skipped test there, and so is a check that never started, failed for its host's sleep through a
 * warm-up in which nothing woke: `skipped` here too, the fault beside it and the cause below. `pass`
 * and `degraded` are Playwright's passed, `fail` its failed.
 */
export function wordOf(row: SummaryRow): Word {
  return row.reportedOnly || row.unstarted || row.verdict === 'contract' ? 'skipped' : row.verdict;
}

/** Why a failure was reported only, in the words its test was skipped with; undefined for any other row. */
export function reportedOnlyWhy(row: SummaryRow): string | undefined {
  if (row.verdict === 'contract') return 'contract change, reported only (SMOKE_CONTRACT=report)';
  if (!row.reportedOnly) return undefined;
  return `${row.silenced ? describeSilence(row.silenced) : 'retired host'}, reported only`;
}

/**
 * `16 pass, 1 degraded, 1 fail, 3 skipped (2 reported only)`: the words that occur, always in the
 * same order, each counting what Playwright counts under its own word; of the skipped, the failures
 * reported only (retired hosts', silenced hosts', contract changes), since they fail nothing. Empty
 * when there are no rows.
 */
export function wordCounts(rows: readonly SummaryRow[]): string {
  const reportedOnly = rows.filter((row) => reportedOnlyWhy(row) !== undefined).length;
  return WORDS.map((word) => [word, rows.filter((row) => wordOf(row) === word).length] as const)
    .filter(([, count]) => count > 0)
    .map(
      ([word, count]) =>
        `${count} ${word}${word === 'skipped' && reportedOnly > 0 ? ` (${reportedOnly} reported only)` : ''}`,
    )
    .join(', ');
}
