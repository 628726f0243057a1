/**
 * The data the status page embeds for its charts, as JSON: the build writes it, the page's script
 * (`client.ts`) draws it. Types only, so that the script imports them without importing code.
 */

/** The spans a chart can show, shortest first. */
export type SpanId = '24h' | '7d' | '30d' | '1y';

/** A series as a chart draws it: one value per time, null where there is none. */
export type Values = readonly (number | null)[];

/**
 * Per run, `typical` is the run's value and `worst` is absent; per bucket, the median and the
 * maximum. A run that did not measure it (the host failed, or the run checked nothing) is null: a
 * gap in the line.
 */
export interface SeriesPair {
  readonly typical: Values;
  readonly worst?: Values;
  /**
   * The points (indices into `times`) of a failed run: the host found down, or, on the environment's
   * chart, a run that found a current host down or checked nothing. Absent when none failed.
   */
  readonly failed?: readonly number[];
}

export interface SpanSeries {
  readonly span: SpanId;
  /** Undefined: a point per run; else the width of a bucket (an hour, a day), in ms. */
  readonly bucketMs?: number;
  /** Seconds since the epoch (uPlot's unit): each run's start, or each bucket's start. */
  readonly times: readonly number[];
  /** Runs in the span. */
  readonly runs: number;
  /** Per host: the slowest check of each run, in ms. */
  readonly latency: Readonly<Record<string, SeriesPair>>;
  /** Per run: until the last host woke, in ms; only for environments that sleep when idle. */
  readonly wake?: SeriesPair;
}

/** One chart: which series it draws and the bounds it marks. */
export interface ChartSpec {
  /** The figure's element id. */
  readonly id: string;
  readonly environment: string;
  /** `latency` of a host, or the environment's `wake` time. */
  readonly series: 'latency' | 'wake';
  readonly host?: string;
  /** Lines drawn across the chart: the latency bounds, or the warm-up's budget. */
  readonly bounds: readonly {
    readonly label: string;
    /** The setting the bound comes from, e.g. SMOKE_API_DEGRADED_MS. */
    readonly setting: string;
    readonly ms: number;
    readonly color: string;
  }[];
}

export interface EnvironmentCharts {
  readonly environment: string;
  readonly defaultSpan: SpanId;
  readonly spans: Readonly<Partial<Record<SpanId, SpanSeries>>>;
}

/** The colours of what every chart draws besides its bounds (which carry their own). */
export interface ChartColors {
  readonly typical: string;
  readonly worst: string;
  readonly failed: string;
}

export interface PageData {
  readonly environments: readonly EnvironmentCharts[];
  /** The charts the page has a figure for. */
  readonly charts: readonly ChartSpec[];
  readonly colors: ChartColors;
}
