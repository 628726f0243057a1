/**
 * Playwright's list reporter, with one change: the tests of an environment whose runner could not
 * reach the network are one line, not one each. Such a run skips every test of the environment
 * unsent with one reason (`fixtures/control.ts`), which the runner printed first; a line per test
 * said it again some fifty times, and more with every check added. And a test that never started
 * (a step it depends on failed) is counted `skipped`, the word Playwright's HTML report and the
 * summary's table give it, not "did not run". Everything else (the line per test, failures with
 * their code frames, the other counts) is Playwright's own, unchanged.
 */
import type { FullResult, Suite, TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { ListModeReporter, ListReporter } from 'playwright/lib/runner';
import { isEnvironmentName, type EnvironmentName } from '../src/catalog/catalog.ts';
import {
  controlAnswered,
  controlRecordPath,
  notJudgedReason,
  readControlRecord,
  type ControlRecord,
} from '../src/checks/control.ts';
import type { SmokeOptions } from '../fixtures/index.ts';

class FoldedListReporter extends ListReporter {
  /** The environments whose control went unanswered, by the projects of each. */
  #offline = new Map<string, { readonly environment: EnvironmentName; readonly record: ControlRecord }>();
  /** The tests folded, by environment, in the order their environment first ended one. */
  #folded = new Map<EnvironmentName, { readonly record: ControlRecord; count: number }>();

  /** After the runner's globalSetup (`tests/first-contact.ts`), which left each control's record. */
  override onBegin(suite: Suite): void {
    for (const project of this.config.projects) {
      const environment = (project.use as Partial<SmokeOptions>).environmentName;
      if (environment === undefined || !isEnvironmentName(environment)) continue;
      const record = readControlRecord(controlRecordPath(project.outputDir, environment));
      if (record && !controlAnswered([record])) this.#offline.set(project.name, { environment, record });
    }
    super.onBegin(suite);
  }

  #offlineOf(test: TestCase): { readonly environment: EnvironmentName; readonly record: ControlRecord } | undefined {
    return this.#offline.get(test.parent.project()?.name ?? '');
  }

  override onTestBegin(test: TestCase, result: TestResult): void {
    if (!this.#offlineOf(test)) super.onTestBegin(test, result);
  }

  override onStepBegin(test: TestCase, result: TestResult, step: TestStep): void {
    if (!this.#offlineOf(test)) super.onStepBegin(test, result, step);
  }

  override onStepEnd(test: TestCase, result: TestResult, step: TestStep): void {
    if (!this.#offlineOf(test)) super.onStepEnd(test, result, step);
  }

  override onTestEnd(test: TestCase, result: TestResult): void {
    const offline = this.#offlineOf(test);
    // One that ran after all (none should: its worker read the same record) gets Playwright's own line.
    if (!offline || result.status !== 'skipped') {
      super.onTestEnd(test, result);
      return;
    }
    const folded = this.#folded.get(offline.environment) ?? { record: offline.record, count: 0 };
    folded.count += 1;
    this.#folded.set(offline.environment, folded);
  }

  /** The counts of the last lines: one word per outcome, `skipped` for a test that never started too. */
  protected override generateSummary(): ReturnType<ListReporter['generateSummary']> {
    const summary = super.generateSummary();
    return { ...summary, skipped: summary.skipped + summary.didNotRun, didNotRun: 0 };
  }

  /** A line per environment folded, where its tests' lines would have been; then Playwright's end. */
  override async onEnd(result: FullResult): Promise<void> {
    for (const [environment, { record, count }] of this.#folded)
      console.log(`  -  ${environment}: ${count} tests skipped, ${notJudgedReason(record)}`);
    await super.onEnd(result);
  }
}

/**
 * What Playwright constructs (with `new`: a constructor may hand back another object than its own).
 * The name `list` gets Playwright's list mode reporter in a `--list` run, which lists and runs
 * nothing; a reporter named by its file is told the mode in its options, and does the same.
 */
export default function listReporter(options: Record<string, unknown> = {}): object {
  return options._mode === 'list' ? new ListModeReporter(options) : new FoldedListReporter(options);
}
