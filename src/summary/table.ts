/**
 * The run summary as people read it: a table for the terminal, and the same table as GitHub-flavoured
 * Markdown for summary.md and the job summary. The rows are made in `summary.ts`, and a verdict's word
 * chosen in `verdict-words.ts`; this only lays them out.
 */
import { describeChange } from '../checks/openapi-diff.ts';
import { offlineLine } from '../checks/control.ts';
import { certificateDays } from '../checks/record.ts';
import { meaningOf } from '../shared/faults.ts';
import { formatSeconds } from '../shared/format.ts';
import type { RunSummary, SummaryRow } from './summary.ts';
import { reportedOnlyWhy, wordCounts, wordOf } from './verdict-words.ts';
import { traceMark, vitalsLines } from './vitals-lines.ts';

/** The rows the table shows: not those of an environment whose runner could not reach the network. */
const judgedRows = (summary: RunSummary): readonly SummaryRow[] =>
  summary.rows.filter((row) => !summary.offline?.some((entry) => entry.environment === row.environment));

/** The judged rows' verdicts counted in words, or why there are none. */
function counts(summary: RunSummary): string {
  return wordCounts(judgedRows(summary)) || (summary.offline ? 'no host judged' : 'no checks ran');
}

/** `4.1 s` (whole seconds from 100 s on), or the host's state when it did not wake; a dash without a warm-up. */
function wakeCell(row: SummaryRow): string {
  if (!row.wake) return '-';
  return row.wake.wakeMs === undefined ? row.wake.state : formatSeconds(row.wake.wakeMs);
}

interface Column {
  readonly title: string;
  readonly cell: (row: SummaryRow) => string;
  /** Shown once per host, on its first row: the host's own facts, not its checks'. */
  readonly perHost?: boolean;
  /** Left out of the terminal's table, which lists the wake times above it instead. */
  readonly markdownOnly?: boolean;
}

const orDash = (value: number | string | undefined): string => (value === undefined ? '-' : String(value));

/**
 * The table's columns. A terminal table fits 100 columns with the built-in catalog (a unit test
 * holds it there): the environment heads each block with its hosts' wake times, the host shows
 * once per host, and causes are listed in full below the table rather than in it.
 */
const COLUMNS: readonly Column[] = [
  { title: 'host', cell: (row) => `${row.host}${row.retired ? '*' : ''}${row.silenced ? '~' : ''}`, perHost: true },
  { title: 'wake', cell: wakeCell, perHost: true, markdownOnly: true },
  { title: 'check', cell: (row) => row.name },
  { title: 'verdict', cell: wordOf },
  { title: 'HTTP', cell: (row) => orDash(row.httpStatus) },
  { title: 'ms', cell: (row) => orDash(row.latencyMs) },
  /** Days left on the certificate; the reason there are none is in the record and the failures. */
  { title: 'cert', cell: (row) => orDash(certificateDays(row)) },
  { title: 'fault', cell: (row) => orDash(row.fault) },
];

function tableLines(rows: readonly SummaryRow[], columns: readonly Column[]): string[][] {
  return rows.map((row, index) => {
    const sameHost = index > 0 && rows[index - 1]!.host === row.host;
    return columns.map((column) => (column.perHost && sameHost ? '' : column.cell(row)));
  });
}

/** The terminal's width: the table and the wake line are kept within it. */
const TERMINAL_COLUMNS = 100;

/** `wake: agent 3.2 s, corporate 3.2 s, ...`, wrapped: each host's wake time, once. */
function wakeLines(rows: readonly SummaryRow[]): string[] {
  const hosts = rows.filter((row, index) => row.wake && (index === 0 || rows[index - 1]!.host !== row.host));
  const lines: string[] = [];
  let line = 'wake:';
  for (const [index, row] of hosts.entries()) {
    const item = ` ${row.host} ${wakeCell(row)}${index < hosts.length - 1 ? ',' : ''}`;
    if (line.length + item.length > TERMINAL_COLUMNS) {
      lines.push(line);
      line = '     ';
    }
    line += item;
  }
  return hosts.length > 0 ? [...lines, line] : [];
}

/** What a failure's line adds of its host: a retired host checked as any (SMOKE_RETIRED=check) is marked. */
const retiredMark = (row: SummaryRow): string => (row.retired ? ' (retired host)' : '');

/** A failure's problem, as lines that group failures say it: one meaning of its fault class, or its cause. */
const problemOf = (row: SummaryRow): string => (row.fault && meaningOf(row.fault)) ?? row.cause ?? 'failed';

/**
 * Rows that tell the same thing, in the order their first row comes: one environment, one problem
 * (`problem` gives it) and, for failures, one mark (a retired host's failure is said apart).
 */
function groupRows(
  rows: readonly SummaryRow[],
  problem: (row: SummaryRow) => string,
  mark: (row: SummaryRow) => string = () => '',
): { readonly problem: string; readonly rows: readonly SummaryRow[] }[] {
  const groups = new Map<string, { problem: string; rows: SummaryRow[] }>();
  for (const row of rows) {
    const said = problem(row);
    const key = JSON.stringify([row.environment, mark(row), said]);
    const group = groups.get(key) ?? { problem: said, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** `iam (3 checks), partner grpc answers`: the checks of a group, host by host. */
function checksOf(rows: readonly SummaryRow[]): string {
  const hosts = [...new Set(rows.map((row) => row.host))];
  return hosts
    .map((host) => {
      const checks = rows.filter((row) => row.host === host);
      return checks.length === 1 ? `${host} ${checks[0]!.name}` : `${host} (${checks.length} checks)`;
    })
    .join(', ');
}

/** `staging iam https://staging-iam.wink.travel`, as a check's failure names it; a domain is its own URL. */
const labelOf = (row: SummaryRow): string =>
  `${row.environment} ${row.host}${row.url === row.host ? '' : ` ${row.url}`}`;

/**
 * One line per failure, with its cause in full; failures that tell the same are one line naming
 * the checks they cover. The same is the same cause on one host (its URL then shown once), or, across
 * hosts, the same cause or a fault class that means one thing (offline, every check's name does
 * not resolve: one line, not one per check).
 */
function failureLines(rows: readonly SummaryRow[], traceUrl: string | undefined): string[] {
  const failed = rows.filter((row) => wordOf(row) === 'fail');
  return groupRows(failed, problemOf, retiredMark).map(({ problem: said, rows: group }) => {
    const first = group[0]!;
    if (group.length === 1)
      return `${labelOf(first)}: ${first.cause ?? 'failed'}${traceMark(first, traceUrl)}${retiredMark(first)}`;
    if (group.every((row) => row.host === first.host && row.cause === first.cause))
      return `${labelOf(first)}: ${first.cause ?? 'failed'}${retiredMark(first)}; ${group.length} checks: ${group.map((row) => row.name).join(', ')}`;
    return `${first.environment}: ${said}${retiredMark(first)}; ${group.length} checks: ${checksOf(group)}`;
  });
}

/**
 * One line per reason a check was skipped, naming the checks it covers: `staging skipped, <why>: ...`.
 * A failure reported only gives why it was and what failed (`retired host, reported only: <problem>`);
 * one that never started, what its host did (`still asleep after the warm-up waited 180 s; ...`).
 */
function skipLines(rows: readonly SummaryRow[]): string[] {
  const skipped = rows.filter((row) => wordOf(row) === 'skipped');
  const why = (row: SummaryRow): string =>
    row.verdict === 'skipped'
      ? (row.note ?? 'did not run')
      : [reportedOnlyWhy(row), problemOf(row)].filter((part) => part !== undefined).join(': ');
  return groupRows(skipped, why).map(
    ({ problem: why, rows: group }) => `${group[0]!.environment} skipped, ${why}: ${checksOf(group)}`,
  );
}

/** One line per failure and per finding beside the verdicts, causes in full. */
function problemLines(summary: RunSummary): string[] {
  return [
    ...summary.setupFailures.map((failure) => `${failure.project} ${failure.title}: ${failure.message}`),
    ...failureLines(summary.rows, summary.traceUrl),
    ...summary.rows.flatMap((row) =>
      row.discovered
        ? [`${row.environment} ${row.host}: published, not in the catalog: ${row.discovered.join(', ')} (${row.name})`]
        : [],
    ),
  ];
}

const footnote = (summary: RunSummary): string[] => [
  ...(judgedRows(summary).some((row) => row.retired)
    ? ['* retired: the current environments page no longer lists the host']
    : []),
  ...(judgedRows(summary).some((row) => row.verdict === 'contract')
    ? [
        'contract: the host is up but no longer serves a documented surface; reported only (SMOKE_CONTRACT=check fails it)',
      ]
    : []),
  ...(judgedRows(summary).some((row) => row.silenced)
    ? ['~ in a maintenance window or muted (maintenance.json): failures reported only, nobody alerted']
    : []),
];

/** What the next release changes, a line per document: empty when the run has no comparison to make. */
function releaseLines(summary: RunSummary): string[] {
  if (!summary.nextRelease) return [];
  if (summary.nextRelease.length === 0) return ["next release: staging's OpenAPI documents match production's"];
  return [
    "next release: staging's OpenAPI documents against production's",
    ...summary.nextRelease.map(
      ({ host, path, changes }) => `${host} ${path}: ${changes.map(describeChange).join(', ')}`,
    ),
  ];
}

/** `production: this runner cannot reach the network (...)`, when the run was the monitor's failure there. */
function offlineVerdict(summary: RunSummary, environment: string): string | undefined {
  const offline = summary.offline?.find((entry) => entry.environment === environment);
  return offline && `${environment}: ${offlineLine(offline.controls)}`;
}

/**
 * The table for a terminal: one aligned block per environment, then the failures in full. An
 * environment whose runner could not reach the network gets one line, the monitor's verdict, instead.
 */
export function formatTable(summary: RunSummary): string {
  const lines: string[] = [];
  for (const environment of new Set(summary.rows.map((row) => row.environment))) {
    const offline = offlineVerdict(summary, environment);
    if (offline) {
      lines.push(offline, '');
      continue;
    }
    const rows = summary.rows.filter((row) => row.environment === environment);
    const columns = COLUMNS.filter((column) => !column.markdownOnly);
    const header = columns.map((column) => column.title);
    const body = tableLines(rows, columns);
    const widths = header.map((title, column) => Math.max(title.length, ...body.map((line) => line[column]!.length)));
    const format = (line: readonly string[]): string =>
      line
        .map((text, column) => text.padEnd(widths[column]!))
        .join('  ')
        .trimEnd();
    lines.push(
      `${environment}:`,
      ...wakeLines(rows),
      format(header),
      format(widths.map((width) => '-'.repeat(width))),
      ...body.map(format),
      '',
    );
  }
  lines.push(...vitalsLines(judgedRows(summary)));
  lines.push(...footnote(summary), `wink-smoke: ${counts(summary)} in ${(summary.durationMs / 1000).toFixed(1)} s`);
  lines.push(...[...problemLines(summary), ...skipLines(judgedRows(summary))].map((line) => `  ${line}`));
  const release = releaseLines(summary);
  if (release.length > 0) lines.push(release[0]!, ...release.slice(1).map((line) => `  ${line}`));
  return lines.join('\n');
}

const escapeMarkdown = (text: string): string => text.replaceAll('|', '\\|');

/**
 * The same table as GitHub-flavoured Markdown, for the job summary and summary.md; an environment
 * whose runner could not reach the network has its one line in bold in the table's place.
 */
export function formatMarkdown(summary: RunSummary): string {
  const environments = [...new Set(summary.rows.map((row) => row.environment))];
  const titles = ['environment', ...COLUMNS.map((column) => column.title)];
  const verdicts = environments.flatMap((environment) => offlineVerdict(summary, environment) ?? []);
  const judged = judgedRows(summary);
  const lines = [
    `### wink-smoke: ${environments.join(', ') || 'no environment'}`,
    '',
    `${counts(summary)} · ${(summary.durationMs / 1000).toFixed(1)} s · started ${summary.startedAt}`,
    ...verdicts.flatMap((verdict) => ['', `**${escapeMarkdown(verdict)}**`]),
  ];
  if (judged.length > 0 || verdicts.length === 0) {
    lines.push('', `| ${titles.join(' | ')} |`, `|${titles.map(() => '---').join('|')}|`);
    for (const environment of new Set(judged.map((row) => row.environment))) {
      const rows = judged.filter((row) => row.environment === environment);
      for (const line of tableLines(rows, COLUMNS))
        lines.push(`| ${[environment, ...line].map(escapeMarkdown).join(' | ')} |`);
    }
  }
  const problems = problemLines(summary);
  if (problems.length > 0)
    lines.push('', '**Failures**', '', ...problems.map((problem) => `- ${escapeMarkdown(problem)}`));
  const skips = skipLines(judgedRows(summary));
  if (skips.length > 0) lines.push('', '**Skipped**', '', ...skips.map((skip) => `- ${escapeMarkdown(skip)}`));
  const vitals = vitalsLines(judged);
  if (vitals.length > 0) lines.push('', '**Web vitals**', '', ...vitals.map((line) => `- ${line}`));
  if (footnote(summary).length > 0) lines.push('', ...footnote(summary));
  const release = releaseLines(summary);
  if (release.length > 0)
    lines.push(
      '',
      `**${escapeMarkdown(release[0]!)}**`,
      '',
      ...release.slice(1).map((line) => `- ${escapeMarkdown(line)}`),
    );
  return `${lines.join('\n')}\n`;
}
