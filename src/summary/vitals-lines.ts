/**
 * What the summary says of web vitals and traces: a line per app with its vitals, under the table
 * (the terminal's table stays within 100 columns), and the trace a failure's check sent, linked when
 * SMOKE_TRACE_URL says where traces are viewed.
 */
import { VITALS, formatVital, type WebVitals } from '../checks/vitals.ts';
import { traceLink } from '../shared/trace.ts';
import type { SummaryRow } from './summary.ts';

/** `LCP 1234 ms, CLS 0.012, FCP 310 ms, TTFB 12 ms, TBT 0 ms`: the vitals the page reported. */
export function describeVitals(vitals: WebVitals): string {
  return VITALS.flatMap(({ name, key, unit }) => {
    const value = vitals[key];
    return value === undefined ? [] : [`${name} ${formatVital(value, unit)}`];
  }).join(', ');
}

/** `staging book web vitals: LCP 1234 ms, ...`: one line per check that measured them. */
export function vitalsLines(rows: readonly SummaryRow[]): string[] {
  return rows.flatMap((row) =>
    row.vitals && Object.keys(row.vitals).length > 0
      ? [`${row.environment} ${row.host} web vitals: ${describeVitals(row.vitals)}`]
      : [],
  );
}

/** ` (trace <link or id>)`, said after a failure's cause; empty for a record without a trace. */
export function traceMark(row: Pick<SummaryRow, 'traceId'>, traceUrl: string | undefined): string {
  if (row.traceId === undefined) return '';
  return ` (trace ${traceUrl === undefined ? row.traceId : traceLink(traceUrl, row.traceId)})`;
}
