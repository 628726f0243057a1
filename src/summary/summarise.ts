/**
 * A finished run as one RunSummary, from what Playwright hands its reporters: each test's outcome and
 * attachments, and the run's start, duration and status. It reads each check's record attachment and
 * finds the check of a test in the plan; it parses no text. Playwright's types only: the tests and the
 * result are passed in, so this runs wherever a reporter does, a shard merge included.
 */
import type { FullResult, TestCase } from '@playwright/test/reporter';
import { isEnvironmentName, type EnvironmentName } from '../catalog/catalog.ts';
import { reportedOnlyBecause, silenceOf } from '../config/maintenance.ts';
import type { Settings } from '../config/settings.ts';
import { withoutCredentials } from '../config/variables.ts';
import { plannedByTitle, type PlannedCheck } from '../plan/plan.ts';
import { findTarget, resolveEnvironment, type ResolvedEnvironment } from '../targets/targets.ts';
import { attachedJson, findRecord } from '../checks/record.ts';
import type { WarmupRecord } from '../checks/warmup.ts';
import { WARMUP_ATTACHMENT } from '../checks/warmup-handover.ts';
import { CONTROL_ATTACHMENT, type ControlRecord } from '../checks/control.ts';
import { judgeReachability } from './offline.ts';
import { summaryRow, type RunSummary, type SetupFailure, type SummaryRow } from './summary.ts';

/**
 * Each environment's control probes: one per run, or one per shard of a merged run. Any attempt of
 * a test may carry one: the probe is attached to the first attempt of the first test its worker
 * ran, and a retry of that test runs in another worker, which does not probe again.
 */
function controlRecords(tests: readonly TestCase[]): Map<EnvironmentName, ControlRecord[]> {
  const records = new Map<EnvironmentName, ControlRecord[]>();
  for (const result of tests.flatMap((test) => test.results)) {
    const record = attachedJson<ControlRecord>(result.attachments, CONTROL_ATTACHMENT);
    if (record) records.set(record.environment, [...(records.get(record.environment) ?? []), record]);
  }
  return records;
}

/**
 * The warm-ups that failed because no host woke, by environment: they found Wink down, not the
 * monitor broken. Each record gives every host's verdict, and such a warm-up is no setup failure.
 */
function warmupsOfNothingWoke(tests: readonly TestCase[]): {
  byEnvironment: Map<string, WarmupRecord>;
  tests: Set<TestCase>;
} {
  const byEnvironment = new Map<string, WarmupRecord>();
  const warmups = new Set<TestCase>();
  for (const test of tests) {
    if (test.outcome() !== 'unexpected') continue;
    const warmup = attachedJson<WarmupRecord>(test.results.at(-1)?.attachments ?? [], WARMUP_ATTACHMENT);
    if (warmup && !warmup.hosts.some((host) => host.state === 'awake')) {
      byEnvironment.set(warmup.environment, warmup);
      warmups.add(test);
    }
  }
  return { byEnvironment, tests: warmups };
}

/** What the check would have said of a reported-only failure, had the warm-up woken its host: a silence then, or a retired host. */
function sleptThrough(
  warmup: WarmupRecord,
  planned: PlannedCheck,
  environment: EnvironmentName,
  startTime: Date,
  current: Settings,
) {
  // When the checks would have started: after the warm-up, from the run's start.
  const checksAt = new Date(startTime.getTime() + warmup.elapsedMs);
  const silenced = silenceOf(current.maintenance, environment, planned.host.id, checksAt);
  return {
    warmup,
    ...(silenced ? { silenced } : {}),
    reportedOnly: reportedOnlyBecause(planned.host, silenced, current.retired) !== undefined,
  };
}

/** Where each host of each environment was checked: resolved once per environment, not once per row. */
function urlsOf(current: Settings): (name: EnvironmentName, id: string) => string {
  const resolved = new Map<EnvironmentName, ResolvedEnvironment>();
  return (name, id) => {
    const known = resolved.get(name) ?? resolveEnvironment(name, current);
    resolved.set(name, known);
    return findTarget(known, id).url;
  };
}

/** The run's summary; undefined when no test ran (`--list`, or nothing matched). */
export function summariseRun(
  tests: readonly TestCase[],
  result: FullResult,
  current: Settings,
): RunSummary | undefined {
  if (!tests.some((test) => test.results.length > 0)) return undefined;
  const plan = plannedByTitle(current.hosts);
  // One block per host, in catalog order, whatever order the workers finished in.
  const position = new Map([...plan.keys()].map((title, index) => [title, index]));
  const placed: { row: SummaryRow; position: number }[] = [];
  const urlOf = urlsOf(current);
  const setupFailures: SetupFailure[] = [];
  const nothingWoke = warmupsOfNothingWoke(tests);
  for (const test of tests) {
    const project = test.parent.project()?.name ?? '';
    const planned = plan.get(test.title);
    if (!isEnvironmentName(project) || !planned) {
      const error = test.results.at(-1)?.error?.message;
      if (test.outcome() === 'unexpected' && !nothingWoke.tests.has(test))
        setupFailures.push({ project, title: test.title, message: error?.split('\n')[0] ?? 'failed' });
      continue;
    }
    // A check that needs credentials the run did not hold would have been skipped, host awake or not.
    const warmup = nothingWoke.byEnvironment.get(project);
    const wouldRun = warmup && (!planned.needsCredentials || warmup.credentialed === true);
    const row = summaryRow(
      {
        project,
        planned,
        outcome: test.outcome(),
        record: findRecord(test.results.at(-1)?.attachments ?? []),
        ...(warmup && wouldRun
          ? { nothingWoke: sleptThrough(warmup, planned, project, result.startTime, current) }
          : {}),
        ...(warmup && !wouldRun ? { wouldSkip: withoutCredentials(project) } : {}),
      },
      () => urlOf(project, planned.host.id),
    );
    placed.push({ row, position: position.get(test.title)! });
  }
  placed.sort((a, b) => a.row.environment.localeCompare(b.row.environment) || a.position - b.position);
  const { rows, offline } = judgeReachability(
    placed.map(({ row }) => row),
    controlRecords(tests),
  );
  return {
    // The run's start, not the reporter's: merging shards' blob reports runs it later, elsewhere.
    startedAt: result.startTime.toISOString(),
    durationMs: Math.round(result.duration),
    // A run that judged nothing, its runner cut off, is the monitor's failure: never a pass.
    status: offline.length > 0 && result.status === 'passed' ? 'failed' : result.status,
    rows,
    ...(current.traceUrl === undefined ? {} : { traceUrl: current.traceUrl }),
    setupFailures,
    ...(offline.length > 0 ? { offline } : {}),
  };
}
