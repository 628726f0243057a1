/** Appends the run summary's table to the job summary of a GitHub Actions run, when it sets `$GITHUB_STEP_SUMMARY`. */
import fs from 'node:fs';
import { formatMarkdown } from '../src/summary/table.ts';
import type { RunSummary } from '../src/summary/summary.ts';
import { SummaryOutputReporter } from './collect.ts';

export default class StepSummaryReporter extends SummaryOutputReporter {
  protected write(summary: RunSummary): void {
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    if (stepSummary) fs.appendFileSync(stepSummary, formatMarkdown(summary));
  }
}
