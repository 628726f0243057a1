/**
 * The data the status page embeds for its charts, as JSON: the build writes it, the page's script
 * (`client.ts`) draws it. Types only, so that the script imports them without importing code.
 */
import type { VitalKey, VitalUnit } from '../../checks/vitals.ts';

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
  /**
   * Per current app host, per vital it measured: each run's value (the worst of its pages), or each
   * bucket's median alone (no `worst`). In ms, CLS in its own score.
   */
  readonly vitals: Readonly<Record<string, Readonly<Partial<Record<VitalKey, SeriesPair>>>>>;
  /** Per run: until the last host woke, in ms; only for environments that sleep when idle. */
  readonly wake?: SeriesPair;
}

/** What a chart draws: a host's `latency`, one `vital` of an app host, or the environment's `wake` time. */
export type ChartSeries =
  | { readonly series: 'wake' }
  | { readonly series: 'latency'; readonly host: string }
  | {
      readonly series: 'vital';
      readonly host: string;
      readonly vital: VitalKey;
      /** `LCP`, as the legend and the settings say it. */
      readonly name: string;
    };

/** One chart: which series it draws, in which unit, and the bounds it marks. */
export type ChartSpec = ChartSeries & {
  /** The figure's element id. */
  readonly id: string;
  readonly environment: string;
  /** Milliseconds, or CLS's score: how the axis and the readout write a value. */
  readonly unit: VitalUnit;
  /** Lines drawn across the chart: the latency bounds, the warm-up's budget, or a vital's poor bound. */
  readonly bounds: readonly {
    readonly label: string;
    /** The setting the bound comes from, e.g. SMOKE_API_DEGRADED_MS. */
    readonly setting: string;
    /** In the chart's unit. */
    readonly value: number;
    readonly color: string;
  }[];
};

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
