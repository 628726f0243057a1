/**
 * The run summary: one row per check, built from what the checks recorded (tags and annotations);
 * nothing here measures anything. Printed as a table, written as Markdown and JSON, and read by
 * the outage-issue logic of the scheduled workflow.
 */
import { ANNOTATION } from './verdict.ts';

/** A test's annotations, each once: runtime annotations appear on the test and on its last result. */
export function uniqueAnnotations<T extends { readonly type: string; readonly description?: string | undefined }>(
  ...lists: readonly (readonly T[])[]
): T[] {
  const seen = new Set<string>();
  return lists.flat().filter((annotation) => {
    const key = `${annotation.type}\u0000${annotation.description ?? ''}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** pass, pass but slow (degraded), pass on retry only (flaky), fail, or did not run (skipped). */
export type Verdict = 'pass' | 'degraded' | 'flaky' | 'fail' | 'skipped';

export interface SummaryRow {
  readonly environment: string;
  readonly host: string;
  readonly kind: 'api' | 'app';
  /** The title without the host id: `app renders`, `serves /v3/api-docs/affiliate`. */
  readonly check: string;
  readonly verdict: Verdict;
  readonly status?: number;
  readonly latencyMs?: number;
  readonly wake?: string;
  readonly certDays?: number;
  readonly fault?: string;
  /** First line of the failure message. */
  readonly message?: string;
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
  readonly setupFailures: readonly SetupFailure[];
}

/** What the reporter knows of one test at the end of the run. */
export interface FinishedTest {
  readonly project: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** Playwright's outcome: expected, unexpected, flaky or skipped. */
  readonly outcome: string;
  readonly annotations: readonly { readonly type: string; readonly description?: string | undefined }[];
  readonly error?: string | undefined;
}

const lastNumber = (text: string | undefined): number | undefined => {
  const match = text === undefined ? null : /(-?\d+(?:\.\d+)?)\D*$/.exec(text);
  return match ? Number(match[1]) : undefined;
};

function verdictOf(test: FinishedTest): Verdict {
  if (test.outcome === 'skipped') return 'skipped';
  if (test.outcome === 'flaky') return 'flaky';
  if (test.outcome === 'unexpected') return 'fail';
  return test.annotations.some((annotation) => annotation.type === ANNOTATION.degraded) ? 'degraded' : 'pass';
}

/** The row of a host check, or undefined for a test that checks no host (setup, teardown). */
export function summaryRow(test: FinishedTest): SummaryRow | undefined {
  const kind = test.tags.includes('@api') ? 'api' : test.tags.includes('@app') ? 'app' : undefined;
  const host = test.tags.find((tag) => tag !== '@api' && tag !== '@app')?.slice(1);
  if (!kind || !host) return undefined;
  const last = (type: string): string | undefined =>
    test.annotations.filter((annotation) => annotation.type === type).at(-1)?.description;
  const row: SummaryRow = {
    environment: test.project,
    host,
    kind,
    check: test.title.startsWith(`${host} `) ? test.title.slice(host.length + 1) : test.title,
    verdict: verdictOf(test),
  };
  const facts = {
    status: lastNumber(last(ANNOTATION.status)),
    latencyMs: lastNumber(last(ANNOTATION.latency) ?? last(ANNOTATION.loadTime)),
    wake: last(ANNOTATION.wakeTime),
    certDays: lastNumber(last(ANNOTATION.certDays)),
    fault: last(ANNOTATION.fault),
    message: test.outcome === 'unexpected' ? test.error?.split('\n')[0] : undefined,
  };
  return { ...row, ...Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) };
}

const COLUMNS = [
  ['environment', 'environment'],
  ['host', 'host'],
  ['kind', 'kind'],
  ['check', 'check'],
  ['verdict', 'verdict'],
  ['status', 'HTTP'],
  ['latencyMs', 'latency ms'],
  ['wake', 'wake'],
  ['certDays', 'cert days'],
  ['fault', 'fault'],
] as const satisfies readonly (readonly [keyof SummaryRow, string])[];

const cell = (row: SummaryRow, key: keyof SummaryRow): string => {
  const value = row[key];
  return value === undefined ? '-' : String(value);
};

const VERDICTS: readonly Verdict[] = ['pass', 'degraded', 'flaky', 'fail', 'skipped'];

/** `16 pass, 1 degraded, 1 fail`: the verdicts that occur, always in the same order. */
function counts(summary: RunSummary): string {
  return VERDICTS.map((verdict) => [verdict, summary.rows.filter((row) => row.verdict === verdict).length] as const)
    .filter(([, count]) => count > 0)
    .map(([verdict, count]) => `${count} ${verdict}`)
    .join(', ');
}

/** The table for a terminal: aligned columns, then the failures in full. */
export function formatTable(summary: RunSummary): string {
  const header = COLUMNS.map(([, title]) => title);
  const body = summary.rows.map((row) => COLUMNS.map(([key]) => cell(row, key)));
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((line) => line[column]!.length)));
  const format = (line: readonly string[]): string =>
    line
      .map((text, column) => text.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const lines = [format(header), format(widths.map((width) => '-'.repeat(width))), ...body.map(format)];
  lines.push('', `wink-smoke: ${counts(summary)} in ${(summary.durationMs / 1000).toFixed(1)} s`);
  for (const failure of summary.setupFailures) lines.push(`  ${failure.project} ${failure.title}: ${failure.message}`);
  for (const row of summary.rows.filter((candidate) => candidate.message)) lines.push(`  ${row.message}`);
  return lines.join('\n');
}

const escapeMarkdown = (text: string): string => text.replaceAll('|', '\\|');

/** The same table as GitHub-flavoured Markdown, for the job summary and summary.md. */
export function formatMarkdown(summary: RunSummary): string {
  const environments = [...new Set(summary.rows.map((row) => row.environment))].join(', ') || 'no environment';
  const lines = [
    `### wink-smoke: ${environments}`,
    '',
    `${counts(summary) || 'no checks ran'} · ${(summary.durationMs / 1000).toFixed(1)} s · started ${summary.startedAt}`,
    '',
    `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...summary.rows.map((row) => `| ${COLUMNS.map(([key]) => escapeMarkdown(cell(row, key))).join(' | ')} |`),
  ];
  const problems = [
    ...summary.setupFailures.map((failure) => `${failure.project} ${failure.title}: ${failure.message}`),
    ...summary.rows.flatMap((row) => (row.message ? [row.message] : [])),
  ];
  if (problems.length > 0)
    lines.push('', '**Failures**', '', ...problems.map((problem) => `- ${escapeMarkdown(problem)}`));
  return `${lines.join('\n')}\n`;
}
