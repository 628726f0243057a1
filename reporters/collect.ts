/**
 * The run summary that the summary's reporters share: collected once per run from Playwright's data
 * (`src/summary/summarise.ts`), however many of them ask, and the base of each of those reporters, which
 * writes its one output from it. Playwright hands every reporter the same root suite, so the suite
 * names the run.
 */
import type { FullConfig, FullResult, Reporter, Suite } from '@playwright/test/reporter';
import { settings } from '../src/config/settings.ts';
import { summariseRun } from '../src/summary/summarise.ts';
import { runDocuments, type RunDocuments } from '../src/summary/run-documents.ts';
import type { RunSummary } from '../src/summary/summary.ts';

/** The run as its reporters share it: the summary, and the documents its checks read. */
export interface CollectedRun {
  readonly summary: RunSummary;
  readonly documents: RunDocuments;
}

const collected = new WeakMap<Suite, { readonly run: CollectedRun | undefined }>();

/** The run, collected by the first reporter to ask; undefined when no test ran. */
function collectedRun(root: Suite, result: FullResult): CollectedRun | undefined {
  const known = collected.get(root);
  if (known) return known.run;
  // Noted before collecting: a collection that throws is reported once, by the reporter that asked
  // first, and the others find no run to write rather than throwing the same error again.
  collected.set(root, { run: undefined });
  const current = settings();
  const summary = summariseRun(root.allTests(), result, current);
  if (!summary) return undefined;
  const documents = runDocuments(root.allTests(), summary.startedAt, [
    ...(current.historyBaseDir === undefined ? [] : [current.historyBaseDir]),
    current.historyDir,
  ]);
  const run = {
    summary: documents.nextRelease ? { ...summary, nextRelease: documents.nextRelease } : summary,
    documents,
  };
  collected.set(root, { run });
  return run;
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

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    const run = this.root && collectedRun(this.root, result);
    if (!run) return undefined;
    await this.write(run.summary, run);
    // Every check skipped is a pass to Playwright; a run whose runner was cut off must exit non-zero.
    return run.summary.offline ? { status: 'failed' } : undefined;
  }

  protected abstract write(summary: RunSummary, run: CollectedRun): void | Promise<void>;
}
