/**
 * Writes the run summary as `summary.json` (the rows as data) and `summary.md` (the table) beside the
 * results: the first project's output folder, `test-results/` unless `--output` says otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, Suite } from '@playwright/test/reporter';
import { formatMarkdown } from '../src/summary/table.ts';
import type { RunSummary } from '../src/summary/summary.ts';
import { SummaryOutputReporter } from './collect.ts';

export default class SummaryFilesReporter extends SummaryOutputReporter {
  private outputDir = 'test-results';

  override onBegin(config: FullConfig, suite: Suite): void {
    super.onBegin(config, suite);
    this.outputDir = config.projects[0]?.outputDir ?? this.outputDir;
  }

  protected write(summary: RunSummary): void {
    fs.mkdirSync(this.outputDir, { recursive: true });
    fs.writeFileSync(path.join(this.outputDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(this.outputDir, 'summary.md'), formatMarkdown(summary));
  }
}
