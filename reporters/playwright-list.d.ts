/**
 * The part of Playwright's own list reporter that `reporters/list.ts` builds on. Playwright exports
 * the class from `playwright/lib/runner` (a subpath its package.json lists) without its types; these
 * are the methods of its ReporterV2 interface the subclass calls, as 1.65 defines them, and the
 * reporter Playwright gives the name `list` in a `--list` run.
 */
declare module 'playwright/lib/runner' {
  import type { FullConfig, FullResult, Suite, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

  /** What Playwright's `list` is in a `--list` run: the tests listed, none run. */
  export class ListModeReporter {
    constructor(options?: Record<string, unknown>);
  }

  export class ListReporter {
    constructor(options?: Record<string, unknown>);
    protected config: FullConfig;
    onConfigure(config: FullConfig): void;
    onBegin(suite: Suite): void;
    onTestBegin(test: TestCase, result: TestResult): void;
    onStepBegin(test: TestCase, result: TestResult, step: TestStep): void;
    onStepEnd(test: TestCase, result: TestResult, step: TestStep): void;
    onTestEnd(test: TestCase, result: TestResult): void;
    onEnd(result: FullResult): Promise<void>;
    printsToStdio(): boolean;
    /** The counts of Playwright's last lines: tests that never started apart (`didNotRun`) from those skipped. */
    protected generateSummary(): { didNotRun: number; skipped: number } & Record<string, unknown>;
  }
}
