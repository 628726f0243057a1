/**
 * The run summary: one row per check, made of the checks' records (`src/checks/record.ts`) and Playwright's
 * outcome (a pass on retry is flaky); nothing here measures anything or reads text back. Printed as a
 * table and written as Markdown (`table.ts`), written as JSON, and read by the outage-issue logic of
 * the scheduled workflow.
 */
import type { EnvironmentName } from '../catalog/catalog.ts';
import type { Silence } from '../config/maintenance.ts';
import { ofCatalog, type PlannedCheck } from '../plan/plan.ts';
import type { CheckRecord, Verdict } from '../checks/record.ts';
import type { DocumentChanges } from '../history/openapi-history.ts';
import { wakeFailure, wakeRecordOf, type WarmupRecord } from '../checks/warmup.ts';
import type { ControlRecord } from '../checks/control.ts';

export interface SummaryRow extends CheckRecord {
  readonly verdict: Verdict;
  /**
   * Set when the check's test never started (a step it depends on failed, the run stopped): Playwright
   * skipped it, even when its verdict is a failure, its environment's warm-up having found no host awake.
   */
  readonly unstarted?: true;
}

/** A setup step that failed (the warm-up, the emulator): its checks then did not run. */
export interface SetupFailure {
  readonly project: string;
  readonly title: string;
  readonly message: string;
}

export interface RunSummary {
  readonly startedAt: string;
  readonly durationMs: number;
  /** Playwright's overall status: passed, failed, timedout or interrupted. */
  readonly status: string;
  readonly rows: readonly SummaryRow[];
  /** SMOKE_TRACE_URL: where a failure's trace is viewed, `{traceId}` in it; undefined when not set. */
  readonly traceUrl?: string;
  readonly setupFailures: readonly SetupFailure[];
  /**
   * Environments whose hosts and control probe all went unanswered: the runner, not Wink, was cut
   * off, and their rows are not judged (`offline.ts`).
   */
  readonly offline?: readonly OfflineEnvironment[];
  /** After a staging run: what staging's OpenAPI documents change against production's newest. */
  readonly nextRelease?: readonly DocumentChanges[];
}

/** An environment whose run was the monitor's failure: its hosts and its controls all went unanswered. */
export interface OfflineEnvironment {
  readonly environment: EnvironmentName;
  /** The control probes of the run: more than one when shards each probed. */
  readonly controls: readonly ControlRecord[];
}

/** The environments the summary has rows of, in its order. */
export function environmentsOf(summary: RunSummary): EnvironmentName[] {
  return [...new Set(summary.rows.map((row) => row.environment))];
}

/** What the reporter knows of one check's test at the end of the run. */
export interface FinishedCheck {
  /** The project: a check's project is named after its environment. */
  readonly project: EnvironmentName;
  readonly planned: PlannedCheck;
  /** Playwright's outcome: expected, unexpected, flaky or skipped. */
  readonly outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  /** The record the check attached on its last try; undefined when it never started. */
  readonly record: CheckRecord | undefined;
  /**
   * When its environment's warm-up failed because no host woke: the warm-up's record, which gives
   * the host's verdict though the check never started, and whether its failure is reported only
   * (a silence in force, or a retired host under SMOKE_RETIRED=report), as the check would have said.
   */
  readonly nothingWoke?: {
    readonly warmup: WarmupRecord;
    readonly silenced?: Silence;
    readonly reportedOnly: boolean;
  };
  /** Why it would have been skipped had it started: the check needs credentials the run lacked. */
  readonly wouldSkip?: string;
}

/**
 * The row of a check: its record with a verdict; when it never started (`url` is then where it would
 * have gone), a failed row if its host slept through a warm-up in which nothing woke, else a skipped one.
 */
export function summaryRow(finished: FinishedCheck, url: () => string): SummaryRow {
  const { planned, record } = finished;
  if (record) {
    const verdict: Verdict = finished.outcome === 'flaky' && record.outcome !== 'fail' ? 'flaky' : record.outcome;
    return { ...record, verdict };
  }
  const unstarted = {
    environment: finished.project,
    host: planned.subject,
    url: ofCatalog(planned) ? planned.subject : url(),
    kind: planned.host.kind,
    check: planned.kind,
    name: planned.name,
    certificate: { state: 'not-inspected' },
    ...(planned.host.retired ? { retired: planned.host.retired } : {}),
    unstarted: true,
  } as const;
  const slept = finished.nothingWoke;
  // A domain's check wakes no host: whether its host slept says nothing of it.
  const wake = ofCatalog(planned) ? undefined : slept?.warmup.hosts.find((host) => host.id === planned.host.id);
  const failure = slept && wake && wakeFailure(slept.warmup, wake);
  // Wink's outage, not the monitor's: each host fails as it would had some other host woken.
  if (slept && wake && failure) {
    return {
      ...unstarted,
      outcome: 'fail',
      wake: wakeRecordOf(wake),
      ...failure,
      ...(slept.reportedOnly ? { reportedOnly: true as const } : {}),
      ...(slept.silenced ? { silenced: slept.silenced } : {}),
      verdict: 'fail',
    };
  }
  // A domain's check is the environment's too, so it waited on the warm-up that woke nothing: its
  // domain was never asked, and saying so names the cause rather than a step.
  const neverAsked =
    slept && ofCatalog(planned)
      ? `not judged: no host of ${finished.project} woke, so none of its checks ran`
      : undefined;
  return {
    ...unstarted,
    outcome: 'skipped',
    note: finished.wouldSkip ?? neverAsked ?? 'did not run: a step it depends on failed, or the run was stopped',
    verdict: 'skipped',
  };
}
