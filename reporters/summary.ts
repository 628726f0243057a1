/**
 * A Playwright reporter that ends every run with one table of the checks: printed to the terminal,
 * written as `summary.json` and `summary.md` beside the results (the first project's output
 * folder), and appended to `$GITHUB_STEP_SUMMARY` when GitHub Actions sets it. It reads each check's
 * record attachment and finds the check of a test in the plan; it parses no text.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { plannedByTitle, type PlannedCheck } from '../src/plan/plan.ts';
import { appendHistory, runIdentity } from '../src/history/history.ts';
import { linesOfRun } from '../src/run/history-lines.ts';
import { pushMetrics, runMetrics } from '../src/run/metrics.ts';
import { attachedJson, findRecord } from '../src/checks/record.ts';
import type { Secret } from '../src/shared/secret.ts';
import { settings } from '../src/config/settings.ts';
import {
  formatMarkdown,
  formatTable,
  summaryRow,
  type RunSummary,
  type SetupFailure,
  type SummaryRow,
} from '../src/run/summary.ts';
import { isEnvironmentName, type EnvironmentName } from '../src/catalog/catalog.ts';
import { reportedOnlyBecause, silenceOf } from '../src/config/maintenance.ts';
import { findTarget, resolveEnvironment } from '../src/plan/targets.ts';
import { WARMUP_ATTACHMENT, type WarmupRecord } from '../src/checks/warmup.ts';

export default class SummaryReporter implements Reporter {
  private root: Suite | undefined;
  private outputDir = 'test-results';

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.root = suite;
    this.outputDir = config.projects[0]?.outputDir ?? this.outputDir;
  }

  async onEnd(result: FullResult): Promise<void> {
    const tests = this.root?.allTests() ?? [];
    if (!tests.some((test) => test.results.length > 0)) return; // --list, or nothing ran
    const current = settings();
    const plan = plannedByTitle(current.hosts);
    // One block per host, in catalog order, whatever order the workers finished in.
    const position = new Map([...plan.keys()].map((title, index) => [title, index]));
    const placed: { row: SummaryRow; position: number }[] = [];
    const setupFailures: SetupFailure[] = [];
    // A warm-up that failed because no host woke found Wink down, not the monitor broken: its
    // record gives each host's verdict, and it is no setup failure.
    const nothingWoke = new Map<string, WarmupRecord>();
    const warmupsOfNothingWoke = new Set<TestCase>();
    for (const test of tests) {
      if (test.outcome() !== 'unexpected') continue;
      const warmup = attachedJson<WarmupRecord>(test.results.at(-1)?.attachments ?? [], WARMUP_ATTACHMENT);
      if (warmup && !warmup.hosts.some((host) => host.state === 'awake')) {
        nothingWoke.set(warmup.environment, warmup);
        warmupsOfNothingWoke.add(test);
      }
    }
    /** What the check would have said of a reported-only failure: a silence then, or a retired host. */
    const sleptThrough = (warmup: WarmupRecord, planned: PlannedCheck, environment: EnvironmentName) => {
      // When the checks would have started: after the warm-up, from the run's start.
      const checksAt = new Date(result.startTime.getTime() + warmup.elapsedMs);
      const silenced = silenceOf(current.maintenance, environment, planned.host.id, checksAt);
      return {
        warmup,
        ...(silenced ? { silenced } : {}),
        reportedOnly: reportedOnlyBecause(planned.host, silenced, current.retired) !== undefined,
      };
    };
    for (const test of tests) {
      const project = test.parent.project()?.name ?? '';
      const planned = plan.get(test.title);
      if (!isEnvironmentName(project) || !planned) {
        const error = test.results.at(-1)?.error?.message;
        if (test.outcome() === 'unexpected' && !warmupsOfNothingWoke.has(test))
          setupFailures.push({ project, title: test.title, message: error?.split('\n')[0] ?? 'failed' });
        continue;
      }
      // A check that needs credentials the run did not hold would have been skipped, host awake or not.
      const warmup = nothingWoke.get(project);
      const wouldRun = warmup && (!planned.needsCredentials || warmup.credentialed === true);
      const row = summaryRow(
        {
          project,
          planned,
          outcome: test.outcome(),
          record: findRecord(test.results.at(-1)?.attachments ?? []),
          ...(warmup && wouldRun ? { nothingWoke: sleptThrough(warmup, planned, project) } : {}),
        },
        () => findTarget(resolveEnvironment(project, current), planned.host.id).url,
      );
      placed.push({ row, position: position.get(test.title)! });
    }
    placed.sort((a, b) => a.row.environment.localeCompare(b.row.environment) || a.position - b.position);
    const rows = placed.map(({ row }) => row);
    const summary: RunSummary = {
      // The run's start, not this reporter's: merging shards' blob reports runs it later, elsewhere.
      startedAt: result.startTime.toISOString(),
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
    this.appendToHistory(summary, current.historyDir);
    const pushgateway = current.secrets.SMOKE_PUSHGATEWAY_URL;
    if (pushgateway) await this.pushMetrics(summary, pushgateway);
  }

  /** Each environment of the run replaces its group on the Pushgateway; a failed push fails nothing. */
  private async pushMetrics(summary: RunSummary, pushgateway: Secret): Promise<void> {
    for (const environment of new Set(summary.rows.map((row) => row.environment))) {
      try {
        await pushMetrics(pushgateway, environment, runMetrics(summary, environment));
        console.log(`wink-smoke: ${environment} metrics pushed to the Pushgateway`);
      } catch (error) {
        // Metrics are for trends; the run's verdict, history and alerts stand without them.
        console.error(`wink-smoke: ${environment} metrics not pushed: ${(error as Error).message}`);
      }
    }
  }

  /** Every environment this run checked gets its lines in the history; `--list` runs write none. */
  private appendToHistory(summary: RunSummary, directory: string): void {
    const environments = [...new Set(summary.rows.map((row) => row.environment))];
    const { run, link } = runIdentity(summary.startedAt);
    for (const [environment, lines] of linesOfRun(summary, environments, run, link)) {
      appendHistory(directory, environment, lines);
    }
  }
}
