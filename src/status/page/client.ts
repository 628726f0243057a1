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
/** The run's (or the bucket's median) value, and the bucket's maximum. */
const COLORS = { typical: '#0969da', worst: '#8250df' } as const;

const data = JSON.parse(document.getElementById('status-data')?.textContent ?? '{}') as PageData;
const selected = new Map<string, SpanId>(data.environments.map((charts) => [charts.environment, charts.defaultSpan]));
const plots = new Map<string, UPlot>();

/** As the page's text writes durations (render.ts's formatMs): `123 ms`, `2.4 s`, `61 s`. */
function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 && ms % 1000 !== 0 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
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
  return chart.series === 'wake' ? span.wake : span.latency[chart.host ?? ''];
}

function describeSpan(span: SpanSeries): string {
  if (span.bucketMs === undefined) return `A point per run: ${span.runs} runs.`;
  const bucket = span.bucketMs >= 86_400_000 ? 'daily' : 'hourly';
  return `${bucket[0]!.toUpperCase()}${bucket.slice(1)} median and maximum of ${span.runs} runs.`;
}

function draw(chart: ChartSpec): void {
  const figure = document.getElementById(chart.id);
  const plot = figure?.querySelector<HTMLElement>('.plot');
  const note = figure?.querySelector<HTMLElement>('.span-note');
  // A chart inside a closed <details> is drawn when opened, at the width it then has.
  if (!figure || !plot || !note || figure.closest('details:not([open])') || plot.clientWidth === 0) return;
  plots.get(chart.id)?.destroy();
  plots.delete(chart.id);
  const spanId = selected.get(chart.environment);
  const span = spanId && data.environments.find((charts) => charts.environment === chart.environment)?.spans[spanId];
  const pair = span && seriesOf(chart, span);
  const drawn = pair?.typical.filter((value) => value !== null).length ?? 0;
  figure.dataset.span = spanId ?? '';
  figure.dataset.points = String(drawn);
  if (!span || !pair || drawn === 0) {
    note.textContent = 'No run measured this in the span.';
    return;
  }
  note.textContent = describeSpan(span);
  const perRun = span.bucketMs === undefined;
  // Latency spans from a few ms to the fail bound: on a log scale both ends stay readable.
  const logScale = chart.series === 'latency';
  const shown = (values: SeriesPair['typical']): (number | null)[] =>
    values.map((value) => (value === null ? null : logScale ? Math.max(1, value) : value));
  const valueOf =
    (values: SeriesPair['typical']) =>
    (_plot: UPlot, _value: number | null, _series: number, index: number | null): string => {
      const value = index === null ? null : values[index];
      return value === null || value === undefined ? '–' : formatMs(value);
    };
  const first = chart.series === 'wake' ? 'until the last host woke' : 'slowest check';
  const series: UPlot.Series[] = [
    { value: (_plot, seconds) => (seconds === null ? '–' : `${formatTime(seconds, 'minute')} UTC`) },
    {
      label: perRun ? first : 'median',
      stroke: COLORS.typical,
      width: 1.5,
      spanGaps: true,
      // Each run a dot, smaller where a week of half-hourly runs would run them together.
      points: { show: perRun, size: drawn > 150 ? 3 : 6, fill: COLORS.typical },
      value: valueOf(pair.typical),
    },
    ...(pair.worst
      ? [{ label: 'maximum', stroke: COLORS.worst, width: 1, spanGaps: true, value: valueOf(pair.worst) }]
      : []),
    ...chart.bounds.map((bound): UPlot.Series => ({
      label: bound.label,
      stroke: bound.color,
      width: 1,
      dash: [6, 4],
      points: { show: false },
      value: () => formatMs(bound.ms),
    })),
  ];
  const values: UPlot.AlignedData = [
    [...span.times],
    shown(pair.typical),
    ...(pair.worst ? [shown(pair.worst)] : []),
    ...chart.bounds.map((bound) => span.times.map(() => bound.ms)),
  ];
  const measured = [...pair.typical, ...(pair.worst ?? [])].filter((value): value is number => value !== null);
  const options: UPlot.Options = {
    width: plot.clientWidth,
    height: HEIGHT,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    scales: {
      y: logScale
        ? // Whole decades, from below the fastest value to above the fail bound: both bounds always show.
          { distr: 3, range: (_plot, min, max) => [decadeBelow(min), decadeAbove(max)] }
        : // From zero to a little above the slowest wake: the warm-up's budget shows only when it is near.
          { range: () => [0, Math.max(...measured) * 1.25] },
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
        size: 64,
        ...(logScale ? { splits: (plot: UPlot) => decades(plot.scales.y?.min ?? 1, plot.scales.y?.max ?? 10) } : {}),
        values: (_plot, splits) => splits.map((split) => formatMs(split)),
      },
    ],
    series,
  };
  plots.set(chart.id, new uPlot(options, values, plot));
}

function drawEnvironment(environment: string): void {
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

for (const details of document.querySelectorAll<HTMLDetailsElement>('details.retired-charts')) {
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
