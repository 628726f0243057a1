/**
 * The reporters of the run summary, one output each, in the order they write. Playwright ends its
 * reporters one after another in the order listed, and reports a reporter that throws and goes on
 * with the next: the history is appended even if the summary files could not be written, and before
 * the metrics push, which may wait on the network. The config and the self-tests' child runs both
 * list these, so a child run writes every output a real run does. Paths are from the project's root.
 */
export const SUMMARY_REPORTERS = [
  './reporters/terminal.ts',
  './reporters/summary-files.ts',
  './reporters/step-summary.ts',
  './reporters/append-history.ts',
  './reporters/metrics.ts',
] as const;

/**
 * Playwright's list reporter, folding the tests a runner cut off from the network skipped into a
 * line per environment (`reporters/list.ts`): the config's and the self-tests' runs list it instead
 * of `list`.
 */
export const LIST_REPORTER = './reporters/list.ts';
