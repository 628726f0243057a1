/**
 * What a finished run adds to the history: per environment, its run line, then one line per check,
 * made of the summary's rows.
 */
import type { EnvironmentName } from '../catalog/catalog.ts';
import { certificateDays, certificateIssuer } from '../checks/record.ts';
import { offlineLine } from '../checks/control.ts';
import { RUNNER_OFFLINE, compact, type CheckLine, type HistoryLine, type RunLine } from '../history/history.ts';
import type { RunSummary, SummaryRow } from './summary.ts';

function checkLine(row: SummaryRow, at: string, issuer: string | undefined): CheckLine {
  return compact<CheckLine>({
    type: 'check',
    at,
    host: row.host,
    check: row.name,
    verdict: row.verdict,
    httpStatus: row.httpStatus,
    latencyMs: row.latencyMs,
    certDays: certificateDays(row),
    issuer,
    wakeMs: row.wake?.wakeMs,
    fault: row.fault,
    cause: row.cause,
    // Only a degraded check's note: a skipped check's note repeats the same words every run.
    note: row.verdict === 'degraded' ? row.note : undefined,
    vitals: row.vitals,
    // A failure's only: the trace is what one looks for when a check failed, and lines stay short.
    traceId: row.verdict === 'fail' ? row.traceId : undefined,
    // The answer as RDAP gave it, when it was read: what the next day's runs reuse.
    domain: row.domain && {
      name: row.domain.name,
      expiresAt: row.domain.expiresAt,
      source: row.domain.source,
      ...(row.domain.registrar === undefined ? {} : { registrar: row.domain.registrar }),
      readAt: row.domain.readAt,
    },
    retired: row.retired ? (true as const) : undefined,
    reportedOnly: row.reportedOnly,
    silenced: row.silenced,
  });
}

/** The lines a finished run adds, per environment: its run line, then one per check. */
export function linesOfRun(
  summary: RunSummary,
  environments: readonly EnvironmentName[],
  run: string,
  link?: string,
): Map<EnvironmentName, HistoryLine[]> {
  const lines = new Map<EnvironmentName, HistoryLine[]>();
  for (const environment of environments) {
    const rows = summary.rows.filter((row) => row.environment === environment);
    const offline = summary.offline?.find((entry) => entry.environment === environment);
    const problems = [
      ...(offline ? [offlineLine(offline.controls)] : []),
      ...summary.setupFailures
        .filter((failure) => failure.project === environment || failure.project.startsWith(`${environment}-`))
        .map((failure) => `${failure.project} ${failure.title}: ${failure.message}`),
    ];
    const runLine = compact<RunLine>({
      type: 'run',
      run,
      at: summary.startedAt,
      environment,
      status: offline ? RUNNER_OFFLINE : rows.length === 0 && problems.length === 0 ? 'died' : summary.status,
      durationMs: summary.durationMs,
      checks: rows.length,
      problems: problems.length > 0 ? problems : undefined,
      link,
    });
    // Every check of a host reads the same certificate: its issuer is written once per host and run,
    // on the first line that has it. On every line it would add 18% to a month of production's
    // history (synthetic, 66,000 lines); once per host it adds 6%.
    const told = new Set<string>();
    const checkLines = rows.map((row) => {
      const issuer = told.has(row.host) ? undefined : certificateIssuer(row);
      if (issuer !== undefined) told.add(row.host);
      return checkLine(row, summary.startedAt, issuer);
    });
    lines.set(environment, [runLine, ...checkLines]);
  }
  return lines;
}
