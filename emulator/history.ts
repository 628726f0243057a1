/**
 * A synthetic past: the history an environment's scheduled runs would have written over a span, as
 * the suite writes it (summary rows, `linesOfRun` or `diedRunLine`, `appendHistory`), with latencies
 * that wander, apps' web vitals that follow their page loads, certificates and domains that count down and renew, staging's wake, occasional slow runs,
 * outages and runs that died. Deterministic for a seed. The status page's benchmark measures a year
 * of it; the self-tests build a page from it beside the history of real emulator runs.
 */
import { checkPlan, ofCatalog } from '../src/plan/plan.ts';
import { domainRowOf } from './history-domains.ts';
import { VARIABLES } from '../src/config/variables.ts';
import { emulatedPort } from '../src/targets/targets.ts';
import { ENVIRONMENT_TRAITS, type EnvironmentName } from '../src/catalog/catalog.ts';
import { type HostEntry, type HostKind } from '../src/catalog/hosts.ts';
import { appendHistory, diedRunLine, runIdentity, type HistoryLine } from '../src/history/history.ts';
import { linesOfRun } from '../src/summary/history-lines.ts';
import type { CertificateRecord } from '../src/checks/record.ts';
import { DAY_MS } from '../src/shared/format.ts';
import type { RunSummary, SummaryRow } from '../src/summary/summary.ts';
import type { FaultClass } from '../src/shared/faults.ts';
import { poorVitals, type WebVitals } from '../src/checks/vitals.ts';
import type { Settings } from '../src/config/settings.ts';

/** The workflow's schedules (`.github/workflows/smoke.yml`): production at :07 and :37, staging 06:15, 12:15, 18:15 on working days (UTC). */
const SCHEDULES = {
  production: (day: Date): number[] =>
    Array.from({ length: 48 }, (_, index) => day.getTime() + (Math.floor(index / 2) * 60 + (index % 2 === 0 ? 7 : 37)) * 60_000),
  staging: (day: Date): number[] =>
    day.getUTCDay() === 0 || day.getUTCDay() === 6 ? [] : [6, 12, 18].map((hour) => day.getTime() + (hour * 60 + 15) * 60_000),
} as const; // prettier-ignore
export type Schedule = keyof typeof SCHEDULES;

/** An outage the history must hold: the host fails from `from` until `to` (ms; open-ended without). */
export interface ScriptedOutage {
  readonly host: string;
  readonly from: number;
  readonly to?: number;
  readonly fault: FaultClass;
  readonly cause: string;
  readonly httpStatus?: number;
}

export interface SyntheticOptions {
  readonly environment: EnvironmentName;
  readonly hosts: readonly HostEntry[];
  readonly schedule: Schedule;
  /** Runs from this time ... */
  readonly from: number;
  /** ... up to this one (ms). */
  readonly to: number;
  readonly seed: number;
  readonly outages?: readonly ScriptedOutage[];
  /**
   * What judges the latencies and the vitals (SMOKE_API_DEGRADED_MS, SMOKE_APP_DEGRADED_MS,
   * SMOKE_LCP_POOR_MS and the others), as the suite's settings would: the settings themselves will do.
   */
  readonly bounds: Pick<Settings, 'apiDegradedMs' | 'appDegradedMs' | 'vitalBounds'>;
}

/** Mulberry32: a small, fast, seeded generator; the same seed gives the same history. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A log-normal draw around `median`: latencies are skewed, never negative. */
function logNormal(next: () => number, median: number, spread: number): number {
  const gaussian = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return median * Math.exp(spread * gaussian);
}

/** A host's typical latency by kind: an API call across a region, a page's load event. */
const TYPICAL_MS = { api: 140, grpc: 90, app: 1100, cdn: 60 } as const satisfies Record<HostKind, number>;

/**
 * An app's vitals for a page load of `loadMs`: the largest paint a little before the load event, the
 * first paint earlier, the first byte early, a small layout shift and a little blocking time.
 */
function vitalsOf(next: () => number, loadMs: number): WebVitals {
  return {
    lcpMs: Math.round(loadMs * (0.75 + next() * 0.2)),
    cls: Number(Math.min(1, logNormal(next, 0.02, 0.8)).toFixed(4)),
    fcpMs: Math.round(loadMs * (0.45 + next() * 0.15)),
    ttfbMs: Math.round(logNormal(next, 120, 0.3)),
    tbtMs: Math.round(logNormal(next, 40, 0.7)),
  };
}

/** Outages a real host has, in the words the checks use. */
function randomOutage(host: HostEntry, url: string, next: () => number): Omit<ScriptedOutage, 'host' | 'from'> {
  const choices: Omit<ScriptedOutage, 'host' | 'from'>[] = [
    { fault: 'status', httpStatus: 503, cause: `answered HTTP 503 Service Unavailable at ${url}/` },
    { fault: 'status', httpStatus: 502, cause: `answered HTTP 502 Bad Gateway at ${url}/` },
    { fault: 'timeout', cause: 'GET / did not answer within 15 s' },
    { fault: 'connect', cause: 'GET /: connection reset (read ECONNRESET)' },
    ...(host.kind === 'api' && host.health
      ? [
          {
            fault: 'health' as const,
            httpStatus: 503,
            cause: 'GET /actuator/health answered HTTP 503 with status DOWN; not UP: db (DOWN)',
          },
        ]
      : []),
  ];
  return choices[Math.floor(next() * choices.length)]!;
}

/** Writes the runs of the span into `directory` and returns how many runs and lines it wrote. */
export function writeSyntheticHistory(directory: string, options: SyntheticOptions): { runs: number; lines: number } {
  const next = random(options.seed);
  // The vitals draw from a generator of their own: adding them left every other draw of a seed as it was.
  const paint = random(options.seed ^ 0x5eed);
  const { environment, hosts } = options;
  const plan = checkPlan(hosts, 'report');
  const current = hosts.filter((host) => !host.retired);
  const https = environment !== 'local';
  const urlOf = (host: HostEntry): string =>
    environment === 'local'
      ? `http://127.0.0.1:${emulatedPort(VARIABLES.SMOKE_EMULATOR_PORT.default, hosts.indexOf(host))}`
      : host.urls[environment];
  // Each host's certificate is renewed 30 days before it expires, at a day of its own.
  const renewalDay = new Map(hosts.map((host) => [host.id, Math.floor(next() * 60)]));
  const level = new Map(hosts.map((host) => [host.id, 1]));
  const outages: ScriptedOutage[] = [...(options.outages ?? [])];
  const domainReads = new Map<string, number>();
  const runTimes: number[] = [];
  for (let day = Math.floor(options.from / DAY_MS) * DAY_MS; day <= options.to; day += DAY_MS) {
    // GitHub starts scheduled runs a few minutes late at busy times. A run made that late past `to`
    // is not written: the history ends at `to`, as a page built then sees it.
    for (const time of SCHEDULES[options.schedule](new Date(day))) {
      if (time < options.from || time > options.to) continue;
      const started = time + Math.floor(next() * 240_000);
      if (started <= options.to) runTimes.push(started);
    }
  }
  // About two outages a month, each a few runs long.
  const outageChance = 2 / Math.max(1, (runTimes.length / Math.max(1, (options.to - options.from) / DAY_MS)) * 30);
  let batch: HistoryLine[] = [];
  let lines = 0;
  for (const [index, time] of runTimes.entries()) {
    const startedAt = new Date(time).toISOString();
    const identity = runIdentity(startedAt, {
      GITHUB_RUN_ID: String(10_000_000 + index),
      GITHUB_REPOSITORY: 'wink/wink-smoke',
      GITHUB_SERVER_URL: 'https://github.com',
    });
    if (next() < 0.002) {
      batch.push(diedRunLine(environment, identity.run, new Date(time), 'npm ci: failure', identity.link));
      continue;
    }
    if (next() < outageChance) {
      const host = current[Math.floor(next() * current.length)]!;
      const runsLong = 1 + Math.floor(next() * 6);
      const spacing = runTimes.length > 1 ? (options.to - options.from) / runTimes.length : DAY_MS;
      outages.push({
        host: host.id,
        from: time,
        to: time + runsLong * spacing,
        ...randomOutage(host, urlOf(host), next),
      });
    }
    const wakeMs = ENVIRONMENT_TRAITS[environment].sleepsWhenIdle ? logNormal(next, 38_000, 0.2) : undefined;
    // Each host's level wanders a little from run to run, within a band: a deploy, a busy week.
    for (const host of hosts)
      level.set(host.id, Math.min(1.5, Math.max(0.6, level.get(host.id)! * logNormal(next, 1, 0.04))));
    const slowHost = next() < 0.01 ? current[Math.floor(next() * current.length)]?.id : undefined;
    const rows: SummaryRow[] = plan.map((planned): SummaryRow => {
      if (ofCatalog(planned)) return domainRowOf(planned, environment, time, domainReads);
      const host = planned.host;
      const outage = outages.find(
        (candidate) =>
          candidate.host === host.id &&
          time >= candidate.from &&
          (candidate.to === undefined || time < candidate.to) &&
          (candidate.fault !== 'health' || planned.kind === 'health'),
      );
      const degradedMs = host.kind === 'app' ? options.bounds.appDegradedMs : options.bounds.apiDegradedMs;
      const typical = TYPICAL_MS[host.kind] * level.get(host.id)!;
      const latencyMs = Math.round(
        slowHost === host.id ? degradedMs * (1.1 + next() * 0.6) : logNormal(next, typical, 0.2),
      );
      const day = Math.floor(time / DAY_MS);
      const daysLeft = 30 + ((((renewalDay.get(host.id)! - day) % 60) + 60) % 60);
      const leaf = {
        role: 'leaf' as const,
        name: new URL(urlOf(host)).hostname,
        validTo: new Date(time + daysLeft * DAY_MS).toISOString().slice(0, 10),
      };
      const certificate: CertificateRecord = https
        ? {
            state: 'valid',
            daysLeft,
            validTo: leaf.validTo,
            issuer: "R11 (Let's Encrypt)",
            chain: [
              leaf,
              { role: 'intermediate', name: "R11 (Let's Encrypt)", validTo: '2027-03-12' },
              { role: 'root', name: 'ISRG Root X1 (Internet Security Research Group)', validTo: '2035-06-04' },
            ],
            expiresFirst: leaf,
          }
        : { state: 'plain-http' };
      const variable = host.kind === 'app' ? 'APP' : 'API';
      const what =
        host.kind === 'app' ? 'the page load' : `GET ${planned.kind === 'document' ? planned.document.path : '/'}`;
      const base = {
        environment,
        host: host.id,
        url: urlOf(host),
        kind: host.kind,
        check: planned.kind,
        name: planned.name,
        certificate,
        ...(wakeMs === undefined
          ? {}
          : { wake: { state: 'awake' as const, wakeMs: Math.round(wakeMs + next() * 900) } }),
        ...(host.retired ? { retired: host.retired } : {}),
      };
      if (outage) {
        return {
          ...base,
          outcome: 'fail',
          verdict: 'fail',
          fault: outage.fault,
          cause: outage.cause,
          ...(outage.httpStatus === undefined ? {} : { httpStatus: outage.httpStatus }),
          ...(host.retired ? { reportedOnly: true as const } : {}),
        };
      }
      // Only the app check measures vitals, as the suite's does; judged as it judges them.
      const vitals = planned.kind === 'app-renders' ? vitalsOf(paint, latencyMs) : undefined;
      const poor = vitals ? poorVitals(vitals, options.bounds.vitalBounds) : [];
      const notes = [
        ...(latencyMs > degradedMs
          ? [`${what} took ${latencyMs} ms, over SMOKE_${variable}_DEGRADED_MS=${degradedMs}`]
          : []),
        ...(poor.length > 0 ? [`poor web vitals: ${poor.join('; ')}`] : []),
      ];
      const degraded = notes.length > 0;
      return {
        ...base,
        outcome: degraded ? 'degraded' : 'pass',
        verdict: degraded ? 'degraded' : 'pass',
        httpStatus: 200,
        latencyMs,
        ...(vitals ? { vitals } : {}),
        ...(degraded ? { note: notes.join('; ') } : {}),
      };
    });
    const summary: RunSummary = {
      startedAt,
      durationMs: Math.round((wakeMs ?? 0) + 9000 + next() * 4000),
      status: rows.some((row) => row.verdict === 'fail' && !row.reportedOnly) ? 'failed' : 'passed',
      rows,
      setupFailures: [],
    };
    batch.push(...linesOfRun(summary, [environment], identity.run, identity.link).get(environment)!);
    // Written a few thousand lines at a time, as many runs would have appended them.
    if (batch.length > 5000) {
      appendHistory(directory, environment, batch);
      lines += batch.length;
      batch = [];
    }
  }
  appendHistory(directory, environment, batch);
  lines += batch.length;
  return { runs: runTimes.length, lines };
}
