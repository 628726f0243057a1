/**
 * Outage issues, not noise: after a scheduled run of one environment, decide what to do with its
 * GitHub issue. A failing run opens one (or comments on the open one with the new failures); a
 * passing run closes the open one with a comment; a run that passed only on retries (flaky) opens
 * nothing; an interrupted run says nothing. The decision is pure; `scripts/outage.ts` carries it out.
 */
import { alarms, type RunSummary, type SummaryRow } from './summary.ts';

/** Labels that mark the one outage issue of an environment. */
export function outageLabels(environment: string): string[] {
  return ['outage', `env:${environment}`];
}

export interface OpenIssue {
  readonly number: number;
}

export type OutageAction =
  | { readonly kind: 'open'; readonly title: string; readonly body: string; readonly labels: readonly string[] }
  | { readonly kind: 'comment'; readonly issue: number; readonly body: string }
  | { readonly kind: 'close'; readonly issue: number; readonly body: string }
  | { readonly kind: 'none'; readonly reason: string };

export interface OutageInput {
  readonly environment: string;
  /** The run's summary; undefined when the run produced none (it crashed before any check). */
  readonly summary: RunSummary | undefined;
  readonly openIssue: OpenIssue | undefined;
  /** Link to the workflow run, for the issue text. */
  readonly runUrl: string;
}

function failureLines(summary: RunSummary | undefined): string[] {
  if (!summary) return ['- the run ended before any check reported (see the run log)'];
  const lines = [
    ...summary.setupFailures.map((failure) => `- ${failure.project} ${failure.title}: ${failure.message}`),
    ...summary.rows
      .filter(alarms)
      .map(
        (row: SummaryRow) =>
          `- \`${row.host}\` ${row.name}${row.fault ? ` (${row.fault})` : ''}: ${row.cause ?? 'failed'} (${row.url})`,
      ),
  ];
  return lines.length > 0 ? lines : [`- the run ended with status ${summary.status} (see the run log)`];
}

export function decideOutageAction(input: OutageInput): OutageAction {
  const { environment, summary, openIssue, runUrl } = input;
  if (summary?.status === 'interrupted') return { kind: 'none', reason: 'the run was interrupted: no verdict' };
  const failed =
    summary === undefined ||
    summary.status !== 'passed' ||
    summary.setupFailures.length > 0 ||
    summary.rows.some(alarms);
  const flaky =
    summary?.rows.filter((row) => row.verdict === 'flaky').map((row) => `\`${row.host}\` ${row.name}`) ?? [];

  if (failed) {
    const body = [`Run: ${runUrl}`, '', ...failureLines(summary)].join('\n');
    return openIssue
      ? { kind: 'comment', issue: openIssue.number, body: `Still failing.\n\n${body}` }
      : { kind: 'open', title: `Smoke: ${environment} is failing`, body, labels: outageLabels(environment) };
  }
  if (openIssue) {
    const note = flaky.length > 0 ? `\n\nPassed on retry only: ${flaky.join(', ')}.` : '';
    return { kind: 'close', issue: openIssue.number, body: `Every check passes again: ${runUrl}${note}` };
  }
  return { kind: 'none', reason: flaky.length > 0 ? `flaky only (${flaky.join(', ')}): no issue` : 'all checks pass' };
}
