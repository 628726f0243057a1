/** Prints the run summary's table to the terminal at the end of the run. */
import { formatTable } from '../src/summary/table.ts';
import type { RunSummary } from '../src/summary/summary.ts';
import { SummaryOutputReporter } from './collect.ts';

export default class TerminalTableReporter extends SummaryOutputReporter {
  override printsToStdio(): boolean {
    return true;
  }

  protected write(summary: RunSummary): void {
    console.log(`\n${formatTable(summary)}`);
  }
}
