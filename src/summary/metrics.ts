/**
 * Prometheus metrics of a run, in the text exposition format (0.0.4), pushed to a Pushgateway when
 * SMOKE_PUSHGATEWAY_URL is set: one group per environment (`job="wink_smoke"`, `environment`), each
 * push replacing the group's previous one (PUT), so a check that is gone leaves no stale series.
 * Gauges only, in base units (seconds), per host and check; made from the summary's rows, the same
 * records everything else reads. Written by hand: a dozen gauges per run need no client library.
 */
import type { EnvironmentName } from '../catalog/catalog.ts';
import { describeSendError } from '../shared/faults.ts';
import type { Secret } from '../shared/secret.ts';
import type { WebVitals } from '../checks/vitals.ts';
import type { RunSummary, SummaryRow } from './summary.ts';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly samples: readonly Sample[];
}

/** The job label of every push: the Pushgateway groups by it and the environment. */
const METRICS_JOB = 'wink_smoke';

const seconds = (ms: number): number => ms / 1000;

/** One sample per row that has the value (skipped checks have none), labelled with host and check. */
function perCheck(rows: readonly SummaryRow[], value: (row: SummaryRow) => number | undefined): Sample[] {
  return rows.flatMap((row) => {
    const measured = row.verdict === 'skipped' ? undefined : value(row);
    return measured === undefined ? [] : [{ labels: { host: row.host, check: row.name }, value: measured }];
  });
}

/** One sample per host, from the first of its rows that has the value. */
function perHost(rows: readonly SummaryRow[], value: (row: SummaryRow) => number | undefined): Sample[] {
  const samples = new Map<string, number>();
  for (const row of rows) {
    const measured = value(row);
    if (measured !== undefined && !samples.has(row.host)) samples.set(row.host, measured);
  }
  return [...samples].map(([host, measured]) => ({ labels: { host }, value: measured }));
}

/** One gauge per web vital of the app checks, in base units (seconds; CLS has none). */
const VITAL_GAUGES = [
  { key: 'lcpMs', name: 'wink_smoke_vitals_lcp_seconds', help: 'Largest contentful paint of the app check.' },
  { key: 'cls', name: 'wink_smoke_vitals_cls', help: 'Cumulative layout shift of the app check (unitless).' },
  { key: 'fcpMs', name: 'wink_smoke_vitals_fcp_seconds', help: 'First contentful paint of the app check.' },
  { key: 'ttfbMs', name: 'wink_smoke_vitals_ttfb_seconds', help: "Time to the app document's first byte." },
  {
    key: 'tbtMs',
    name: 'wink_smoke_vitals_tbt_seconds',
    help: 'Total blocking time of the app check (long tasks past 50 ms).',
  },
] as const satisfies readonly { key: keyof WebVitals; name: string; help: string }[];

function vitalFamilies(rows: readonly SummaryRow[]): MetricFamily[] {
  return VITAL_GAUGES.map(({ key, name, help }) => ({
    name,
    help,
    samples: perHost(rows, (row) => {
      const value = row.vitals?.[key];
      return value === undefined ? undefined : key === 'cls' ? value : seconds(value);
    }),
  }));
}

/** The metrics of one environment's part of a run. */
export function runMetrics(summary: RunSummary, environment: EnvironmentName): MetricFamily[] {
  const rows = summary.rows.filter((row) => row.environment === environment);
  return [
    {
      name: 'wink_smoke_check_success',
      help: 'Whether the check passed (1: pass, degraded or flaky; 0: fail). Skipped checks have no sample.',
      samples: perCheck(rows, (row) => (row.verdict === 'fail' ? 0 : 1)),
    },
    {
      name: 'wink_smoke_check_reported_only',
      help: 'Whether a failure is reported only (1): a retired host, or one in a maintenance window or muted. It alerts nobody.',
      samples: perCheck(rows, (row) => (row.reportedOnly ? 1 : 0)),
    },
    {
      name: 'wink_smoke_check_latency_seconds',
      help: 'The duration the check judged against its latency bounds: the API call, or the page load.',
      samples: perCheck(rows, (row) => (row.latencyMs === undefined ? undefined : seconds(row.latencyMs))),
    },
    {
      name: 'wink_smoke_certificate_expiry_timestamp_seconds',
      help: "When the first certificate of the host's TLS chain expires, leaf, intermediate or root, as Unix time (to the day: the record keeps the date).",
      samples: perHost(rows, (row) =>
        row.certificate.state === 'valid' ? seconds(Date.parse(`${row.certificate.validTo}T00:00:00Z`)) : undefined,
      ),
    },
    {
      name: 'wink_smoke_domain_expiry_timestamp_seconds',
      help: "When the registered domain's registration expires, as RDAP gave it, as Unix time. A domain RDAP did not answer for has no sample.",
      // Labelled `domain`, not `host`: it outlives and covers every host on it.
      samples: rows.flatMap((row) =>
        row.domain === undefined
          ? []
          : [{ labels: { domain: row.domain.name }, value: seconds(Date.parse(row.domain.expiresAt)) }],
      ),
    },
    {
      name: 'wink_smoke_wake_seconds',
      help: "From the warm-up's start to the host's first awake answer (environments that sleep).",
      samples: perHost(rows, (row) => (row.wake?.wakeMs === undefined ? undefined : seconds(row.wake.wakeMs))),
    },
    ...vitalFamilies(rows),
    {
      name: 'wink_smoke_run_success',
      help: 'Whether the run passed (1) or not (0), as Playwright ended it.',
      samples: [{ labels: {}, value: summary.status === 'passed' ? 1 : 0 }],
    },
    {
      name: 'wink_smoke_run_duration_seconds',
      help: 'How long the run took, warm-up included.',
      samples: [{ labels: {}, value: seconds(summary.durationMs) }],
    },
    {
      name: 'wink_smoke_run_timestamp_seconds',
      help: 'When the run started, as Unix time.',
      samples: [{ labels: {}, value: seconds(Date.parse(summary.startedAt)) }],
    },
  ].filter((family) => family.samples.length > 0);
}

const escapeLabel = (value: string): string =>
  value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
const escapeHelp = (text: string): string => text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');

/** The families in Prometheus' text exposition format: HELP, TYPE, then one line per sample. */
export function exposition(families: readonly MetricFamily[]): string {
  return families
    .flatMap((family) => [
      `# HELP ${family.name} ${escapeHelp(family.help)}`,
      `# TYPE ${family.name} gauge`,
      ...family.samples.map((sample) => {
        const labels = Object.entries(sample.labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
        return `${family.name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${sample.value}`;
      }),
    ])
    .map((line) => `${line}\n`)
    .join('');
}

/** A bound on the push: a Pushgateway answers at once; the run's end must not wait on a stalled one. */
const PUSH_TIMEOUT_MS = 10_000;

/**
 * Replaces the environment's group on the Pushgateway with these metrics. Throws an Error naming
 * SMOKE_PUSHGATEWAY_URL, never its value (it may carry credentials).
 */
export async function pushMetrics(
  pushgateway: Secret,
  environment: EnvironmentName,
  families: readonly MetricFamily[],
  timeoutMs: number = PUSH_TIMEOUT_MS,
): Promise<void> {
  // fetch refuses a URL with credentials in it: they travel as Basic authentication, as the
  // Pushgateway's --web.config.file expects.
  const url = new URL(pushgateway.reveal());
  const credentials =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined;
  url.username = '';
  url.password = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/metrics/job/${METRICS_JOB}/environment/${encodeURIComponent(environment)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      headers: {
        'content-type': 'text/plain; version=0.0.4',
        ...(credentials === undefined ? {} : { authorization: credentials }),
      },
      body: exposition(families),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(`SMOKE_PUSHGATEWAY_URL: ${describeSendError(error, timeoutMs)}`, { cause: error });
  }
  if (!response.ok) {
    // The Pushgateway says in words what it rejected (a bad name, a clash of types); that is no secret.
    const reason = (await response.text().catch(() => '')).split('\n')[0]?.slice(0, 200) ?? '';
    throw new Error(`SMOKE_PUSHGATEWAY_URL: answered HTTP ${response.status}${reason ? `: ${reason}` : ''}`);
  }
}
