/**
 * The charts' data: per span, a point per run where runs are few enough to read one by one, and
 * hourly or daily buckets (median and maximum; for web vitals the median alone) where they are not.
 * Latency, wake time and web vitals are all bucketed here, by one rule. Whatever the history's length,
 * a span holds at most `MAX_RUN_POINTS` runs or one point per bucket, so the page's size is
 * bounded: a year of runs every 30 minutes is 365 daily points, not 17,520.
 */
import { DAY_MS, HOUR_MS } from '../../shared/format.ts';
import type { HistoryRun } from '../../history/runs.ts';
import { VITALS, type VitalKey } from '../../checks/vitals.ts';
import type { EnvironmentStatus } from '../status.ts';
import type { SeriesPair, SpanId, SpanSeries } from './data.ts';

export interface SpanDefinition {
  readonly id: SpanId;
  /** Shown on the span's button. */
  readonly label: string;
  readonly ms: number;
  /** Undefined: a point per run (up to MAX_RUN_POINTS); else buckets this wide. */
  readonly bucketMs: number | undefined;
}

export const SPANS: readonly SpanDefinition[] = [
  { id: '24h', label: '24 hours', ms: DAY_MS, bucketMs: undefined },
  { id: '7d', label: '7 days', ms: 7 * DAY_MS, bucketMs: undefined },
  { id: '30d', label: '30 days', ms: 30 * DAY_MS, bucketMs: HOUR_MS },
  { id: '1y', label: '1 year', ms: 365 * DAY_MS, bucketMs: DAY_MS },
];

/**
 * A per-run span with more runs than this is bucketed hourly instead: a week of production's
 * half-hourly runs (336) stays a point each, a run every few minutes would not be readable.
 */
export const MAX_RUN_POINTS = 1000;

/** The span a chart opens on: a week, unless a longer span has at least two runs where the week has fewer. */
export function defaultSpan(runTimes: readonly number[], now: number): SpanId {
  const runsWithin = (ms: number): number => runTimes.filter((time) => time > now - ms && time <= now).length;
  const week = SPANS.find((span) => span.id === '7d')!;
  if (runsWithin(week.ms) >= 2) return week.id;
  return SPANS.find((span) => span.ms > week.ms && runsWithin(span.ms) >= 2)?.id ?? week.id;
}

/** The median, to `places` decimals: whole milliseconds, or a CLS score's places as the history keeps it. */
export function median(values: readonly number[], places = 0): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle]!;
  const scale = 10 ** places;
  return Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * scale) / scale;
}

/** Values per run, by run time: one host's latencies, or the environment's wake times. */
type PerRun = ReadonlyMap<number, number>;

/** What the charts draw of each run: values by run time, and the times of the runs that failed. */
interface RunValues {
  readonly values: PerRun;
  readonly failed: ReadonlySet<number>;
}

/** The indices of the entries of `groups` that hold a failed run; undefined when none does. */
function failedIndices(groups: readonly (readonly HistoryRun[])[], failed: ReadonlySet<number>): number[] | undefined {
  const indices = groups.flatMap((runs, index) => (runs.some((run) => failed.has(run.time)) ? [index] : []));
  return indices.length > 0 ? indices : undefined;
}

function perRunPair(runs: readonly HistoryRun[], { values, failed }: RunValues): SeriesPair {
  const marked = failedIndices(
    runs.map((run) => [run]),
    failed,
  );
  return { typical: runs.map((run) => values.get(run.time) ?? null), ...(marked ? { failed: marked } : {}) };
}

/**
 * Each bucket's median, and its maximum unless `worst` is false: a vital's chart draws the median
 * alone, which keeps the page's size near what it was before the vitals (fifteen more series).
 */
function bucketedPair(
  buckets: readonly (readonly HistoryRun[])[],
  { values, failed }: RunValues,
  { worst = true, places = 0 }: { readonly worst?: boolean; readonly places?: number } = {},
): SeriesPair {
  const inBucket = buckets.map((runs) =>
    runs.map((run) => values.get(run.time)).filter((value): value is number => value !== undefined),
  );
  const marked = failedIndices(buckets, failed);
  return {
    typical: inBucket.map((found) => (found.length === 0 ? null : median(found, places))),
    ...(worst ? { worst: inBucket.map((found) => (found.length === 0 ? null : Math.max(...found))) } : {}),
    ...(marked ? { failed: marked } : {}),
  };
}

/** A host's web vitals per run, vital by vital: only the vitals it measured at least once. */
type VitalValues = ReadonlyMap<VitalKey, RunValues>;

/**
 * Each host's slowest check per run and the runs that found it down; the environment's wake time
 * per run (until its last host woke) and the runs that found a current host down or checked nothing;
 * each current host's web vitals per run, marked failed where the host was. A retired app's vitals
 * are not charted: nobody tunes the speed of a page Wink no longer lists, and ten apps' five vitals
 * would triple the page.
 */
export function valuesPerRun(status: EnvironmentStatus): {
  latency: Map<string, RunValues>;
  wake: RunValues;
  vitals: Map<string, VitalValues>;
} {
  const latency = new Map<string, RunValues>();
  const vitals = new Map<string, VitalValues>();
  const wake = new Map<number, number>();
  const observed = new Set<number>();
  const environmentFailed = new Set<number>();
  for (const host of status.hosts) {
    const values = new Map<number, number>();
    const failed = new Set<number>();
    const byVital = new Map<VitalKey, Map<number, number>>();
    for (const observation of host.observations) {
      const time = observation.run.time;
      observed.add(time);
      if (observation.latencyMs !== undefined) values.set(time, observation.latencyMs);
      if (observation.wakeMs !== undefined) wake.set(time, Math.max(wake.get(time) ?? 0, observation.wakeMs));
      if (!host.retired)
        for (const { key } of VITALS) {
          const value = observation.vitals[key];
          if (value === undefined) continue;
          const perRun = byVital.get(key) ?? new Map<number, number>();
          byVital.set(key, perRun.set(time, value));
        }
      if (observation.state === 'down') {
        failed.add(time);
        if (!host.retired) environmentFailed.add(time);
      }
    }
    latency.set(host.host, { values, failed });
    if (byVital.size > 0)
      vitals.set(
        host.host,
        new Map(VITALS.flatMap(({ key }) => (byVital.has(key) ? [[key, { values: byVital.get(key)!, failed }]] : []))),
      );
  }
  for (const run of status.runs) if (!observed.has(run.time)) environmentFailed.add(run.time);
  return { latency, wake: { values: wake, failed: environmentFailed }, vitals };
}

/** Each charted host's vitals as `pair` makes them: per run, or per bucket. */
function vitalPairs(
  vitals: ReadonlyMap<string, VitalValues>,
  pair: (values: RunValues, places: number) => SeriesPair,
): SpanSeries['vitals'] {
  const places = Object.fromEntries(VITALS.map(({ key, places }) => [key, places]));
  return Object.fromEntries(
    [...vitals].map(([host, byVital]) => [
      host,
      Object.fromEntries([...byVital].map(([key, values]) => [key, pair(values, places[key]!)])),
    ]),
  );
}

/** The chart data of one span. */
export function spanSeries(
  status: EnvironmentStatus,
  span: SpanDefinition,
  now: number,
  withWake: boolean,
  values: ReturnType<typeof valuesPerRun> = valuesPerRun(status),
): SpanSeries {
  const runs = status.runs.filter((run) => run.time > now - span.ms && run.time <= now);
  const bucketMs = span.bucketMs ?? (runs.length > MAX_RUN_POINTS ? HOUR_MS : undefined);
  const hosts = status.hosts.map((host) => host.host);
  if (bucketMs === undefined) {
    return {
      span: span.id,
      times: runs.map((run) => Math.round(run.time / 1000)),
      runs: runs.length,
      latency: Object.fromEntries(hosts.map((host) => [host, perRunPair(runs, values.latency.get(host)!)])),
      vitals: vitalPairs(values.vitals, (vital) => perRunPair(runs, vital)),
      ...(withWake ? { wake: perRunPair(runs, values.wake) } : {}),
    };
  }
  // Buckets aligned on UTC hours or days; only those holding a run, so a quiet weekend is a gap.
  const buckets = new Map<number, HistoryRun[]>();
  for (const run of runs) {
    const start = Math.floor(run.time / bucketMs) * bucketMs;
    const bucket = buckets.get(start);
    if (bucket) bucket.push(run);
    else buckets.set(start, [run]);
  }
  const starts = [...buckets.keys()];
  const grouped = [...buckets.values()];
  return {
    span: span.id,
    bucketMs,
    times: starts.map((start) => start / 1000),
    runs: runs.length,
    latency: Object.fromEntries(hosts.map((host) => [host, bucketedPair(grouped, values.latency.get(host)!)])),
    vitals: vitalPairs(values.vitals, (vital, places) => bucketedPair(grouped, vital, { worst: false, places })),
    ...(withWake ? { wake: bucketedPair(grouped, values.wake) } : {}),
  };
}
