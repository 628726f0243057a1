/**
 * A Playwright reporter that ends every run with one table of the checks: printed to the terminal,
 * written as `summary.json` and `summary.md` beside the results (the first project's output
 * folder), and appended to `$GITHUB_STEP_SUMMARY` when GitHub Actions sets it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite } from '@playwright/test/reporter';
import {
  formatMarkdown,
  formatTable,
  summaryRow,
  uniqueAnnotations,
  type RunSummary,
  type SetupFailure,
  type SummaryRow,
} from '../src/summary.ts';

export default class SummaryReporter implements Reporter {
  private root: Suite | undefined;
  private outputDir = 'test-results';
  private readonly started = new Date();

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.root = suite;
    this.outputDir = config.projects[0]?.outputDir ?? this.outputDir;
  }

  onEnd(result: FullResult): void {
    const tests = this.root?.allTests() ?? [];
    if (!tests.some((test) => test.results.length > 0)) return; // --list, or nothing ran
    const rows: SummaryRow[] = [];
    const setupFailures: SetupFailure[] = [];
    for (const test of tests) {
      const project = test.parent.project()?.name ?? '';
      const error = test.results.at(-1)?.error?.message;
      const row = summaryRow({
        project,
        title: test.title,
        tags: test.tags,
        outcome: test.outcome(),
        annotations: uniqueAnnotations(test.annotations, test.results.at(-1)?.annotations ?? []),
        error,
      });
      if (row) rows.push(row);
      else if (test.outcome() === 'unexpected')
        setupFailures.push({ project, title: test.title, message: error?.split('\n')[0] ?? 'failed' });
    }
    const summary: RunSummary = {
      startedAt: this.started.toISOString(),
      durationMs: Math.round(result.duration),
      status: result.status,
      rows,
      setupFailures,
    };
    console.log(`\n${formatTable(summary)}`);
    const markdown = formatMarkdown(summary);
    fs.mkdirSync(this.outputDir, { recursive: true });
    fs.writeFileSync(path.join(this.outputDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(this.outputDir, 'summary.md'), markdown);
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    if (stepSummary) fs.appendFileSync(stepSummary, markdown);
  }
}
