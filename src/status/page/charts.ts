/**
 * The status page's charts as the build writes them: which charts an environment gets, a figure
 * per chart named with its bounds, and one legend and one span note per environment for all of
 * them. The page's script (`client.ts`) draws into the figures from the data embedded beside them.
 * A chart with nothing to draw in any span is left out, and a section with none has no charts.
 */
import type { HostKind } from '../../catalog/hosts.ts';
import { latencyBounds } from '../../checks/policy.ts';
import { formatMs } from '../../shared/format.ts';
import type { EnvironmentStatus } from '../status.ts';
import { escapeMarkup as escapeHtml } from './badge.ts';
import type { ChartColors, ChartSpec, EnvironmentCharts, SeriesPair } from './data.ts';
import { SPANS } from './series.ts';

export interface Bounds {
  readonly apiDegradedMs: number;
  readonly apiFailMs: number;
  readonly appDegradedMs: number;
  readonly appFailMs: number;
  /** The warm-up's budget: a host not awake by then is given up on. */
  readonly warmupTimeoutMs: number;
}

export interface PageEnvironment {
  readonly status: EnvironmentStatus;
  readonly sleepsWhenIdle: boolean;
  readonly charts: EnvironmentCharts;
}

/** Every colour a chart draws with, and the legend's swatches with them. */
export const CHART_COLORS = {
  /** A run's value, or a bucket's median. */
  typical: '#0969da',
  /** A bucket's maximum. */
  worst: '#8250df',
  /** A run that failed: the badges' `down`. */
  failed: '#cf222e',
  degraded: '#9a6700',
  fail: '#cf222e',
  budget: '#57606a',
} as const satisfies ChartColors & Record<string, string>;

/** The lines a latency chart draws: the bounds the checks judge the host's kind by. */
function chartBounds(kind: HostKind, bounds: Bounds): ChartSpec['bounds'] {
  const { degraded, fail } = latencyBounds(kind, bounds);
  return [
    { label: 'degraded bound', setting: degraded.setting, ms: degraded.ms, color: CHART_COLORS.degraded },
    { label: 'fail bound', setting: fail.setting, ms: fail.ms, color: CHART_COLORS.fail },
  ];
}

/** The environment's charts: its wake time when it sleeps, then each host's latency. */
export function chartSpecs(
  environment: PageEnvironment,
  hostKinds: ReadonlyMap<string, HostKind>,
  bounds: Bounds,
): ChartSpec[] {
  const name = environment.status.environment;
  const wake: ChartSpec[] = environment.sleepsWhenIdle
    ? [
        {
          id: `${name}-wake`,
          environment: name,
          series: 'wake',
          bounds: [
            {
              label: 'warm-up budget',
              setting: 'SMOKE_WARMUP_TIMEOUT_S',
              ms: bounds.warmupTimeoutMs,
              color: CHART_COLORS.budget,
            },
          ],
        },
      ]
    : [];
  return [
    ...wake,
    ...environment.status.hosts.map((host): ChartSpec => ({
      id: `${name}-${host.host}-latency`,
      environment: name,
      series: 'latency',
      host: host.host,
      bounds: chartBounds(hostKinds.get(host.host) ?? 'api', bounds),
    })),
  ];
}

/** What a chart draws in one span, as the script finds it. */
function seriesOf(chart: ChartSpec, charts: EnvironmentCharts, span: keyof EnvironmentCharts['spans']) {
  const series = charts.spans[span];
  return chart.series === 'wake' ? series?.wake : series?.latency[chart.host ?? ''];
}

const hasPoints = (pair: SeriesPair | undefined): boolean =>
  pair !== undefined && (pair.typical.some((value) => value !== null) || (pair.failed?.length ?? 0) > 0);

/** A chart is drawn when some span has a value or a failed run for it. */
export function hasData(chart: ChartSpec, charts: EnvironmentCharts): boolean {
  return SPANS.some((span) => hasPoints(seriesOf(chart, charts, span.id)));
}

/** A figure: the chart's name and its bounds in a line, the plot, and the value pointed at. */
function figure(chart: ChartSpec, name: string, description: string): string {
  const bounds = chart.bounds.map((bound) => formatMs(bound.ms)).join(' · ');
  return [
    `<figure class="chart" id="${escapeHtml(chart.id)}" data-chart="${escapeHtml(chart.id)}">`,
    `<figcaption><strong>${escapeHtml(name)}</strong> <span class="note">${chart.bounds.length === 1 ? 'budget' : 'bounds'} ${escapeHtml(bounds)}</span> <output class="readout"></output></figcaption>`,
    `<div class="plot" role="img" aria-label="${escapeHtml(`${name}: ${description}`)}"></div>`,
    `</figure>`,
  ].join('');
}

/** `2 s (SMOKE_API_DEGRADED_MS) or 4 s (SMOKE_APP_DEGRADED_MS)`: a bound's values across the charts. */
function boundValues(charts: readonly ChartSpec[], label: string): string | undefined {
  const values = new Map<string, number>();
  for (const bound of charts.flatMap((chart) => chart.bounds))
    if (bound.label === label) values.set(bound.setting, bound.ms);
  if (values.size === 0) return undefined;
  return [...values].map(([setting, ms]) => `${formatMs(ms)} (${setting})`).join(' or ');
}

const swatch = (shape: 'line' | 'dash' | 'dot', color: string): string =>
  `<span class="swatch swatch-${shape}" style="--swatch:${color}" aria-hidden="true"></span>`;

/** One legend for every chart of a section: what each line, dash and dot means, once. */
function legend(charts: readonly ChartSpec[]): string {
  const wake = charts.some((chart) => chart.series === 'wake');
  const items = [
    `${swatch('line', CHART_COLORS.typical)} each run's slowest check of the host${wake ? ', or its wake time (until the last host woke)' : ''}; over 30 days and a year, the median of each hour's or day's runs`,
    `${swatch('line', CHART_COLORS.worst)} the maximum of each hour's or day's runs`,
    ...(['degraded bound', 'fail bound', 'warm-up budget'] as const).flatMap((label) => {
      const values = boundValues(charts, label);
      const color = {
        'degraded bound': CHART_COLORS.degraded,
        'fail bound': CHART_COLORS.fail,
        'warm-up budget': CHART_COLORS.budget,
      }[label];
      return values ? [`${swatch('dash', color)} ${label}: ${escapeHtml(values)}`] : [];
    }),
    `${swatch('dot', CHART_COLORS.failed)} a run that found the host down${wake ? ' (on the wake chart: any host down, or none checked)' : ''}; a gap is a run that measured nothing`,
  ];
  return `<ul class="legend" aria-label="What the charts draw">${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

/** The section of an environment's charts; empty when none has anything to draw. */
export function chartSection(environment: PageEnvironment, specs: readonly ChartSpec[]): string {
  const charts = specs.filter((chart) => hasData(chart, environment.charts));
  if (charts.length === 0) return '';
  const name = environment.status.environment;
  const buttons = SPANS.filter((span) => environment.charts.spans[span.id] !== undefined)
    .map(
      (span) =>
        `<button type="button" data-span="${span.id}" aria-pressed="${span.id === environment.charts.defaultSpan}">${span.label}</button>`,
    )
    .join('');
  const retiredHosts = new Set(environment.status.hosts.filter((host) => host.retired).map((host) => host.host));
  const latencyFigure = (chart: ChartSpec): string =>
    figure(chart, `${chart.host ?? ''} latency`, "each run's slowest check of the host");
  const latency = charts.filter((chart) => chart.series === 'latency');
  const current = latency.filter((chart) => !retiredHosts.has(chart.host ?? ''));
  const retired = latency.filter((chart) => retiredHosts.has(chart.host ?? ''));
  const wake = charts.find((chart) => chart.series === 'wake');
  const heading = [...(latency.length > 0 ? ['latency'] : []), ...(wake ? ['wake time'] : [])].join(' and ');
  return [
    `<h3 id="${name}-charts">${heading[0]!.toUpperCase()}${heading.slice(1)} over time</h3>`,
    `<div class="chart-controls"><div class="spans" role="group" aria-label="Span of ${escapeHtml(name)}'s charts" data-environment="${escapeHtml(name)}">${buttons}</div><p class="span-note" data-environment="${escapeHtml(name)}"></p></div>`,
    legend(charts),
    wake
      ? figure(wake, `${name} wake time`, 'from the warm-up’s first contact until the last host answered, each run')
      : '',
    `<div class="charts">${current.map(latencyFigure).join('\n')}</div>`,
    retired.length > 0
      ? `<details class="retired-charts"><summary>Latency of the retired hosts (${retired.length})</summary><div class="charts">${retired.map(latencyFigure).join('\n')}</div></details>`
      : '',
  ].join('\n');
}
