/**
 * The status page's charts as the build writes them: which charts an environment gets (its wake
 * time, each host's latency, each current app's web vitals), a figure per chart named with its bounds, and one legend and one span note per environment for all of
 * them. The page's script (`client.ts`) draws into the figures from the data embedded beside them.
 * A chart with nothing to draw in any span is left out, and a section with none has no charts.
 */
import type { HostKind } from '../../catalog/hosts.ts';
import { latencyBounds } from '../../checks/policy.ts';
import { VITALS, type VitalBounds, type VitalUnit } from '../../checks/vitals.ts';
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
  /** web.dev's poor bounds of the vitals (SMOKE_LCP_POOR_MS and the others). */
  readonly vitalBounds: VitalBounds;
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
  /** A vital's poor bound: web.dev's, past which the app check passes as degraded. */
  poor: '#bc4c00',
} as const satisfies ChartColors & Record<string, string>;

/** The lines a latency chart draws: the bounds the checks judge the host's kind by. */
function chartBounds(kind: HostKind, bounds: Bounds): ChartSpec['bounds'] {
  const { degraded, fail } = latencyBounds(kind, bounds);
  return [
    { label: 'degraded bound', setting: degraded.setting, value: degraded.ms, color: CHART_COLORS.degraded },
    { label: 'fail bound', setting: fail.setting, value: fail.ms, color: CHART_COLORS.fail },
  ];
}

/** `2 s`, `0.25`: a value or a bound in a chart's unit, as the page's words write it. */
function formatValue(value: number, unit: VitalUnit): string {
  return unit === 'ms' ? formatMs(value) : String(Number(value.toFixed(3)));
}

/** Each vital an app host measured in some span, in the order of VITALS, hosts in the status's order. */
function vitalCharts(environment: PageEnvironment, bounds: Bounds): ChartSpec[] {
  const name = environment.status.environment;
  const spans = Object.values(environment.charts.spans);
  return environment.status.hosts.flatMap((host) =>
    VITALS.filter(({ key }) => spans.some((span) => span.vitals[host.host]?.[key] !== undefined)).map(
      (vital): ChartSpec => ({
        id: `${name}-${host.host}-${vital.name.toLowerCase()}`,
        environment: name,
        series: 'vital',
        host: host.host,
        vital: vital.key,
        name: vital.name,
        unit: vital.unit,
        bounds:
          vital.poor === undefined
            ? []
            : [
                {
                  label: 'poor bound',
                  setting: vital.poor,
                  value: bounds.vitalBounds[vital.key],
                  color: CHART_COLORS.poor,
                },
              ],
      }),
    ),
  );
}

/** The environment's charts: its wake time when it sleeps, then each host's latency, then each app's web vitals. */
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
          unit: 'ms',
          bounds: [
            {
              label: 'warm-up budget',
              setting: 'SMOKE_WARMUP_TIMEOUT_S',
              value: bounds.warmupTimeoutMs,
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
      unit: 'ms',
      bounds: chartBounds(hostKinds.get(host.host) ?? 'api', bounds),
    })),
    ...vitalCharts(environment, bounds),
  ];
}

/** What a chart draws in one span, as the script finds it. */
function seriesOf(chart: ChartSpec, charts: EnvironmentCharts, span: keyof EnvironmentCharts['spans']) {
  const series = charts.spans[span];
  if (chart.series === 'wake') return series?.wake;
  return chart.series === 'latency' ? series?.latency[chart.host] : series?.vitals[chart.host]?.[chart.vital];
}

const hasPoints = (pair: SeriesPair | undefined): boolean =>
  pair !== undefined && (pair.typical.some((value) => value !== null) || (pair.failed?.length ?? 0) > 0);

/** A chart is drawn when some span has a value or a failed run for it. */
export function hasData(chart: ChartSpec, charts: EnvironmentCharts): boolean {
  return SPANS.some((span) => hasPoints(seriesOf(chart, charts, span.id)));
}

/** A figure: the chart's name and its bounds in a line, the plot, and the value pointed at. */
function figure(chart: ChartSpec, name: string, description: string): string {
  const bounds = chart.bounds.map((bound) => formatValue(bound.value, chart.unit)).join(' · ');
  const word = chart.series === 'vital' ? 'poor' : chart.bounds.length === 1 ? 'budget' : 'bounds';
  const note = chart.bounds.length === 0 ? '' : ` <span class="note">${word} ${escapeHtml(bounds)}</span>`;
  return [
    `<figure class="chart" id="${escapeHtml(chart.id)}" data-chart="${escapeHtml(chart.id)}">`,
    `<figcaption><strong>${escapeHtml(name)}</strong>${note} <output class="readout"></output></figcaption>`,
    `<div class="plot" role="img" aria-label="${escapeHtml(`${name}: ${description}`)}"></div>`,
    `</figure>`,
  ].join('');
}

/** `2 s (SMOKE_API_DEGRADED_MS) or 4 s (SMOKE_APP_DEGRADED_MS)`: a bound's values across the charts. */
function boundValues(charts: readonly ChartSpec[], label: string): string | undefined {
  const values = new Map<string, string>();
  for (const chart of charts)
    for (const bound of chart.bounds)
      if (bound.label === label) values.set(bound.setting, formatValue(bound.value, chart.unit));
  if (values.size === 0) return undefined;
  return [...values].map(([setting, value]) => `${value} (${setting})`).join(label === 'poor bound' ? ', ' : ' or ');
}

const swatch = (shape: 'line' | 'dash' | 'dot', color: string): string =>
  `<span class="swatch swatch-${shape}" style="--swatch:${color}" aria-hidden="true"></span>`;

/** One legend for every chart of a section: what each line, dash and dot means, once. */
function legend(charts: readonly ChartSpec[]): string {
  const wake = charts.some((chart) => chart.series === 'wake');
  const vitals = charts.some((chart) => chart.series === 'vital');
  const items = [
    `${swatch('line', CHART_COLORS.typical)} each run's slowest check of the host${wake ? ', or its wake time (until the last host woke)' : ''}${vitals ? ", or its app's web vital" : ''}; over 30 days and a year, the median of each hour's or day's runs`,
    `${swatch('line', CHART_COLORS.worst)} the maximum of each hour's or day's runs${vitals ? ' (latency and wake time)' : ''}`,
    ...(['degraded bound', 'fail bound', 'warm-up budget', 'poor bound'] as const).flatMap((label) => {
      const values = boundValues(charts, label);
      const color = {
        'degraded bound': CHART_COLORS.degraded,
        'fail bound': CHART_COLORS.fail,
        'warm-up budget': CHART_COLORS.budget,
        'poor bound': CHART_COLORS.poor,
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
    figure(chart, `${chart.series === 'wake' ? '' : chart.host} latency`, "each run's slowest check of the host");
  const vitalFigure = (chart: ChartSpec): string =>
    chart.series === 'vital'
      ? figure(
          chart,
          `${chart.host} ${chart.name}`,
          `each run's ${chart.name}, the median per hour or day over longer spans`,
        )
      : '';
  const latency = charts.filter((chart) => chart.series === 'latency');
  const current = latency.filter((chart) => chart.series === 'latency' && !retiredHosts.has(chart.host));
  const retired = latency.filter((chart) => chart.series === 'latency' && retiredHosts.has(chart.host));
  const vitals = charts.filter((chart) => chart.series === 'vital');
  // LCP, the vital a visitor waits for, is shown; the others wait in a closed section, drawn when opened.
  const lcp = vitals.filter((chart) => chart.series === 'vital' && chart.vital === 'lcpMs');
  const others = vitals.filter((chart) => chart.series === 'vital' && chart.vital !== 'lcpMs');
  const otherNames = [...new Set(others.map((chart) => (chart.series === 'vital' ? chart.name : '')))];
  const wake = charts.find((chart) => chart.series === 'wake');
  const heading = [
    ...(latency.length > 0 ? ['latency'] : []),
    ...(vitals.length > 0 ? ['web vitals'] : []),
    ...(wake ? ['wake time'] : []),
  ];
  const said = heading.length > 1 ? `${heading.slice(0, -1).join(', ')} and ${heading.at(-1)}` : heading[0]!;
  return [
    `<h3 id="${name}-charts">${said[0]!.toUpperCase()}${said.slice(1)} over time</h3>`,
    `<div class="chart-controls"><div class="spans" role="group" aria-label="Span of ${escapeHtml(name)}'s charts" data-environment="${escapeHtml(name)}">${buttons}</div><p class="span-note" data-environment="${escapeHtml(name)}"></p></div>`,
    legend(charts),
    wake
      ? figure(wake, `${name} wake time`, 'from the warm-up’s first contact until the last host answered, each run')
      : '',
    `<div class="charts">${current.map(latencyFigure).join('\n')}</div>`,
    lcp.length > 0 ? `<div class="charts vitals">${lcp.map(vitalFigure).join('\n')}</div>` : '',
    others.length > 0
      ? `<details class="more-charts vitals"><summary>The apps' other web vitals: ${escapeHtml(otherNames.join(', '))}</summary><div class="charts">${others.map(vitalFigure).join('\n')}</div></details>`
      : '',
    retired.length > 0
      ? `<details class="more-charts retired-charts"><summary>Latency of the retired hosts (${retired.length})</summary><div class="charts">${retired.map(latencyFigure).join('\n')}</div></details>`
      : '',
  ].join('\n');
}
