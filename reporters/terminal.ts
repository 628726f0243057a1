/** Prints the run summary's table to the terminal at the end of the run. */
import { formatTable } from '../src/run/table.ts';
import type { RunSummary } from '../src/run/summary.ts';
import { SummaryOutputReporter } from './collect.ts';

export default class TerminalTableReporter extends SummaryOutputReporter {
  override printsToStdio(): boolean {
    return true;
  }

  protected write(summary: RunSummary): void {
    console.log(`\n${formatTable(summary)}`);
  }
}
