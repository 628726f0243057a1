/**
 * The status page's script: draws each chart with uPlot (inlined before it, as the global `uPlot`)
 * from the data embedded in the page, and redraws an environment's charts when its span changes.
 * Every word and number of the page is written by the build; this only draws. Transpiled to
 * JavaScript at build time and inlined as a module script, so it runs from disk too.
 */
import type UPlot from 'uplot';
import type { ChartSpec, PageData, SeriesPair, SpanId, SpanSeries } from './data.ts';

declare const uPlot: typeof UPlot;

const HEIGHT = 200;

const data = JSON.parse(document.getElementById('status-data')?.textContent ?? '{}') as PageData;
const selected = new Map<string, SpanId>(data.environments.map((charts) => [charts.environment, charts.defaultSpan]));
const plots = new Map<string, UPlot>();

/** As the page's text writes durations (render.ts's formatMs): `123 ms`, `2.4 s`, `61 s`. */
function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 && ms % 1000 !== 0 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** A value in its chart's unit: a duration as above, a CLS score to three places as the summary writes it. */
function formatValue(value: number, unit: ChartSpec['unit']): string {
  return unit === 'ms' ? formatMs(value) : value.toFixed(3);
}

/**
 * An axis's labels in one unit: seconds when its largest label is a second or more (`0.1 s`, `1 s`,
 * `10 s`), else milliseconds; never `500 ms` beside `1 s`. A score's axis is bare numbers.
 */
function axisLabels(splits: readonly number[], unit: ChartSpec['unit']): string[] {
  if (unit === 'score') return splits.map((split) => String(Number(split.toFixed(3))));
  const inSeconds = Math.max(...splits) >= 1000;
  return splits.map((split) => (inSeconds ? `${Number((split / 1000).toPrecision(3))} s` : `${Math.round(split)} ms`));
}

/** How much of a time an axis label shows: the seconds on an axis of minutes, the date alone on one of weeks. */
type Precision = 'second' | 'minute' | 'day';

/** As the page's text writes times, in UTC: `09:34:12`, `11-23 09:34`, `2026-11-23`. */
function formatTime(seconds: number, precision: Precision): string {
  const iso = new Date(seconds * 1000).toISOString();
  if (precision === 'second') return iso.slice(11, 19);
  return precision === 'minute' ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

function precisionFor(rangeSeconds: number): Precision {
  if (rangeSeconds <= 2 * 3600) return 'second';
  return rangeSeconds <= 2 * 86_400 ? 'minute' : 'day';
}

const decadeBelow = (value: number): number => 10 ** Math.floor(Math.log10(Math.max(1, value)));
const decadeAbove = (value: number): number => 10 ** Math.ceil(Math.log10(Math.max(10, value)));

/** 1, 10, 100 ... from min to max: a log axis labelled at every decade, and only there. */
function decades(min: number, max: number): number[] {
  const splits: number[] = [];
  for (let value = decadeBelow(min); value <= max * 1.0001; value *= 10) splits.push(value);
  return splits;
}

function seriesOf(chart: ChartSpec, span: SpanSeries): SeriesPair | undefined {
  if (chart.series === 'wake') return span.wake;
  return chart.series === 'latency' ? span.latency[chart.host] : span.vitals[chart.host]?.[chart.vital];
}

function describeSpan(span: SpanSeries): string {
  if (span.bucketMs === undefined) return `A point per run: ${span.runs} runs.`;
  const bucket = span.bucketMs >= 86_400_000 ? 'daily' : 'hourly';
  return `${bucket[0]!.toUpperCase()}${bucket.slice(1)} median and maximum of ${span.runs} runs.`;
}

/** What a chart says of the point at `index`: when, its value (or values), and whether it failed. */
function readout(chart: ChartSpec, span: SpanSeries, pair: SeriesPair, index: number): string {
  const perRun = span.bucketMs === undefined;
  const time = `${formatTime(span.times[index]!, 'minute')} UTC`;
  const typical = pair.typical[index];
  const worst = pair.worst?.[index];
  const values =
    typical === null || typical === undefined
      ? []
      : perRun
        ? [formatValue(typical, chart.unit)]
        : [
            `median ${formatValue(typical, chart.unit)}`,
            ...(worst === null || worst === undefined ? [] : [`maximum ${formatValue(worst, chart.unit)}`]),
          ];
  const what = chart.series === 'wake' ? 'a host down, or none checked' : 'found down';
  const failed = pair.failed?.includes(index) ? [perRun ? what : `a run ${what}`] : [];
  const said = [...values, ...failed];
  return `${time}: ${said.length > 0 ? said.join(', ') : 'not measured'}`;
}

/**
 * Marks each failed run where it happened: a dot along the top of the chart, and a pale band across
 * its height as wide as the run's share of the axis (an outage of many runs is a wide band), never
 * wider than the usual step between runs, so a lone failure before a quiet weekend stays narrow.
 */
function markFailed(plot: UPlot, times: readonly number[], failed: readonly number[]): void {
  const { ctx, bbox } = plot;
  const ratio = window.devicePixelRatio || 1;
  const x = (index: number): number => plot.valToPos(times[index]!, 'x', true);
  const steps = times.slice(1).map((_, index) => x(index + 1) - x(index));
  const usual = steps.length > 0 ? [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)]! : 0;
  const reach = (from: number, to: number | undefined): number =>
    to === undefined ? usual / 2 : Math.min(Math.abs(x(to) - x(from)) / 2, usual / 2);
  ctx.save();
  ctx.fillStyle = data.colors.failed;
  // Runs failed one after another are one band: an outage, not a row of stripes.
  const streaks: [number, number][] = [];
  for (const index of failed) {
    const last = streaks.at(-1);
    if (last && last[1] === index - 1) last[1] = index;
    else streaks.push([index, index]);
  }
  ctx.globalAlpha = 0.18;
  for (const [first, last] of streaks) {
    const left = x(first) - reach(first, first > 0 ? first - 1 : undefined);
    const right = x(last) + reach(last, last < times.length - 1 ? last + 1 : undefined);
    const width = Math.max(3 * ratio, right - left);
    ctx.fillRect((left + right) / 2 - width / 2, bbox.top, width, bbox.height);
  }
  ctx.globalAlpha = 1;
  const radius = 3.5 * ratio;
  for (const index of failed) {
    ctx.beginPath();
    ctx.arc(x(index), bbox.top + radius, radius, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.restore();
}

/** The lines of a chart: the typical value, the worst where bucketed, and each bound dashed. */
function plotLines(
  chart: ChartSpec,
  span: SpanSeries,
  pair: SeriesPair,
  drawn: number,
  logScale: boolean,
): { series: UPlot.Series[]; values: UPlot.AlignedData } {
  const shown = (values: SeriesPair['typical']): (number | null)[] =>
    values.map((value) => (value === null ? null : logScale ? Math.max(1, value) : value));
  const series: UPlot.Series[] = [
    {},
    {
      stroke: data.colors.typical,
      width: 1.5,
      // A run that measured nothing (the host failed, the run checked nothing) is a gap.
      spanGaps: false,
      // Each run a dot, smaller where a week of half-hourly runs would run them together.
      points: { show: span.bucketMs === undefined, size: drawn > 150 ? 3 : 6, fill: data.colors.typical },
    },
    ...(pair.worst ? [{ stroke: data.colors.worst, width: 1, spanGaps: false }] : []),
    ...chart.bounds.map((bound): UPlot.Series => ({
      stroke: bound.color,
      width: 1,
      dash: [6, 4],
      points: { show: false },
    })),
  ];
  const values: UPlot.AlignedData = [
    [...span.times],
    shown(pair.typical),
    ...(pair.worst ? [shown(pair.worst)] : []),
    ...chart.bounds.map((bound) => span.times.map(() => bound.value)),
  ];
  return { series, values };
}

/**
 * The chart's scales and axes: latency on whole decades, a wake from zero, a vital from zero to past
 * its poor bound; times as the page writes them.
 */
function plotScales(chart: ChartSpec, measured: readonly number[]): Pick<UPlot.Options, 'scales' | 'axes'> {
  const logScale = chart.series === 'latency';
  // A vital's poor bound always shows, however good the app: how far from poor it is is the point.
  const top =
    chart.series === 'vital'
      ? Math.max(chart.unit === 'ms' ? 100 : 0.01, ...measured, ...chart.bounds.map((bound) => bound.value)) * 1.15
      : // A second at least, for a span of failed runs only: the warm-up's budget shows only when it is near.
        Math.max(1000, ...measured) * 1.25;
  return {
    scales: {
      y: logScale
        ? // Whole decades, from below the fastest value to above the fail bound: both bounds always show.
          { distr: 3, range: (_plot, min, max) => [decadeBelow(min), decadeAbove(max)] }
        : { range: () => [0, top] },
    },
    axes: [
      {
        // Times as the page writes them (UTC), as precise as the axis's span needs; far enough
        // apart that the longest label (`11-23 09:34`) never runs into the next.
        space: 100,
        values: (plot, splits) => {
          const precision = precisionFor((plot.scales.x?.max ?? 0) - (plot.scales.x?.min ?? 0));
          return splits.map((split) => formatTime(split, precision));
        },
      },
      {
        size: 56,
        ...(logScale ? { splits: (plot: UPlot) => decades(plot.scales.y?.min ?? 1, plot.scales.y?.max ?? 10) } : {}),
        values: (_plot, splits) => axisLabels(splits, chart.unit),
      },
    ],
  };
}

function draw(chart: ChartSpec): void {
  const figure = document.getElementById(chart.id);
  const plot = figure?.querySelector<HTMLElement>('.plot');
  const output = figure?.querySelector<HTMLElement>('.readout');
  // A chart inside a closed <details> is drawn when opened, at the width it then has.
  if (!figure || !plot || !output || figure.closest('details:not([open])') || plot.clientWidth === 0) return;
  plots.get(chart.id)?.destroy();
  plots.delete(chart.id);
  const spanId = selected.get(chart.environment);
  const span = spanId && data.environments.find((charts) => charts.environment === chart.environment)?.spans[spanId];
  const pair = span && seriesOf(chart, span);
  const drawn = pair?.typical.filter((value) => value !== null).length ?? 0;
  const failed = pair?.failed ?? [];
  figure.dataset.span = spanId ?? '';
  figure.dataset.points = String(drawn);
  figure.dataset.failed = String(failed.length);
  if (!span || !pair || drawn + failed.length === 0) {
    output.textContent = 'No run measured this in the span.';
    return;
  }
  // Latency spans from a few ms to the fail bound: on a log scale both ends stay readable.
  const logScale = chart.series === 'latency';
  const { series, values } = plotLines(chart, span, pair, drawn, logScale);
  const measured = [...pair.typical, ...(pair.worst ?? [])].filter((value): value is number => value !== null);
  const latest =
    span.times.length -
    1 -
    [...span.times.keys()].reverse().findIndex((index) => pair.typical[index] !== null || failed.includes(index));
  output.textContent = `latest ${readout(chart, span, pair, latest)}`;
  const options: UPlot.Options = {
    width: plot.clientWidth,
    height: HEIGHT,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    // One legend for every chart of the section is on the page; the value pointed at is the readout's.
    legend: { show: false },
    ...plotScales(chart, measured),
    hooks: {
      draw: [(drawnPlot) => markFailed(drawnPlot, span.times, failed)],
      setCursor: [
        (pointed) => {
          const index = pointed.cursor.idx;
          output.textContent =
            index === null || index === undefined
              ? `latest ${readout(chart, span, pair, latest)}`
              : readout(chart, span, pair, index);
        },
      ],
    },
    series,
  };
  plots.set(chart.id, new uPlot(options, values, plot));
}

function drawEnvironment(environment: string): void {
  const spanId = selected.get(environment);
  const span = spanId && data.environments.find((charts) => charts.environment === environment)?.spans[spanId];
  const note = document.querySelector<HTMLElement>(`.span-note[data-environment="${environment}"]`);
  if (note) note.textContent = span ? describeSpan(span) : '';
  for (const chart of data.charts) if (chart.environment === environment) draw(chart);
}

for (const group of document.querySelectorAll<HTMLElement>('.spans')) {
  const environment = group.dataset.environment ?? '';
  group.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-span]');
    if (!button) return;
    selected.set(environment, button.dataset.span as SpanId);
    for (const other of group.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
    drawEnvironment(environment);
  });
}

for (const details of document.querySelectorAll<HTMLDetailsElement>('details.more-charts')) {
  details.addEventListener('toggle', () => {
    if (!details.open) return;
    for (const figure of details.querySelectorAll<HTMLElement>('figure[data-chart]')) {
      const chart = data.charts.find((candidate) => candidate.id === figure.id);
      if (chart) draw(chart);
    }
  });
}

let resizing: number | undefined;
window.addEventListener('resize', () => {
  window.clearTimeout(resizing);
  // Redrawn once the window stops changing, not on every step of a drag.
  resizing = window.setTimeout(() => {
    for (const [id, chart] of plots) {
      const width = document.getElementById(id)?.querySelector<HTMLElement>('.plot')?.clientWidth ?? 0;
      if (width > 0) chart.setSize({ width, height: HEIGHT });
    }
  }, 150);
});

for (const charts of data.environments) drawEnvironment(charts.environment);
document.documentElement.dataset.chartsDrawn = String(plots.size);
