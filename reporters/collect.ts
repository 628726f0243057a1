/**
 * The run summary that the summary's reporters share: collected once per run from Playwright's data
 * (`src/run/collect.ts`), however many of them ask, and the base of each of those reporters, which
 * writes its one output from it. Playwright hands every reporter the same root suite, so the suite
 * names the run.
 */
import type { FullConfig, FullResult, Reporter, Suite } from '@playwright/test/reporter';
import { settings } from '../src/config/settings.ts';
import { summariseRun } from '../src/run/collect.ts';
import type { RunSummary } from '../src/run/summary.ts';

const collected = new WeakMap<Suite, { readonly summary: RunSummary | undefined }>();

/** The run's summary, collected by the first reporter to ask; undefined when no test ran. */
function collectedRun(root: Suite, result: FullResult): RunSummary | undefined {
  const known = collected.get(root);
  if (known) return known.summary;
  // Noted before collecting: a collection that throws is reported once, by the reporter that asked
  // first, and the others find no run to write rather than throwing the same error again.
  collected.set(root, { summary: undefined });
  const summary = summariseRun(root.allTests(), result, settings());
  collected.set(root, { summary });
  return summary;
}

/** A reporter that writes one output of the run summary at the end of a run in which a test ran. */
export abstract class SummaryOutputReporter implements Reporter {
  private root: Suite | undefined;

  /** Most write files: a run whose reporters all print nothing gets Playwright's own progress line. */
  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.root = suite;
  }

  async onEnd(result: FullResult): Promise<void> {
    const summary = this.root && collectedRun(this.root, result);
    if (summary) await this.write(summary);
  }

  protected abstract write(summary: RunSummary): void | Promise<void>;
}
