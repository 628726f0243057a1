/**
 * Builds the status page from a history folder: reads the last year of each environment's
 * history, derives its status, and writes `index.html` and `badges/*.svg` into the output folder.
 * `npm run status-page`, the benchmark and the self-tests all build through `buildStatusPage`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ENVIRONMENTS, ENVIRONMENT_TRAITS, type EnvironmentName } from '../../catalog/catalog.ts';
import type { AlertPolicy } from '../../config/policies.ts';
import { type HostEntry, type HostKind } from '../../catalog/hosts.ts';
import { releaseChanges } from '../../history/openapi-history.ts';
import { historyEnvironments, historyFiles, readHistory, type HistoryLine } from '../../history/history.ts';
import { checkPlan, ofCatalog } from '../../plan/plan.ts';
import { DAY_MS } from '../../shared/format.ts';
import { environmentStatus } from '../status.ts';
import { STATE_COLORS, badgeSvg } from './badge.ts';
import { environmentFeed, feedFile } from './feed.ts';
import type { EnvironmentCharts } from './data.ts';
import type { Bounds, PageEnvironment } from './charts.ts';
import { renderStatusPage, type PageAssets } from './render.ts';
import { SPANS, defaultSpan, spanSeries, valuesPerRun } from './series.ts';

export interface BuildOptions {
  readonly historyDir: string;
  readonly outDir: string;
  /** The time the page is built at: the end of every uptime window and chart span. */
  readonly now: number;
  /** The catalog: its order, its hosts' kinds, and which hosts are current. */
  readonly hosts: readonly HostEntry[];
  readonly bounds: Bounds;
  /** Where the page is published (ending in `/`), for the feeds' links; default the folder it is built into. */
  readonly pageUrl?: string;
  /** When a host is down and recovered, as the alerts say it (SMOKE_ALERT_AFTER, SMOKE_RECOVER_AFTER); the defaults when unset. */
  readonly policy?: Pick<AlertPolicy, 'alertAfter' | 'recoverAfter'>;
}

export interface BuildResult {
  readonly environments: readonly EnvironmentName[];
  readonly runs: number;
  readonly historyFiles: number;
  readonly historyBytes: number;
  readonly pageFile: string;
  readonly pageBytes: number;
  readonly badges: number;
}

/** The page shows a year; the files of the month a year ago and later are read. */
const HISTORY_READ_MS = 365 * DAY_MS;

const require = createRequire(import.meta.url);

/** uPlot's build and stylesheet, the page's script transpiled from TypeScript, and its stylesheet. */
export function pageAssets(): PageAssets {
  const client = fs.readFileSync(path.join(import.meta.dirname, 'client.ts'), 'utf8');
  const transpiled = ts.transpileModule(client, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true },
  });
  return {
    uplotJs: fs.readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    uplotCss: fs.readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    clientJs: transpiled.outputText,
    css: fs.readFileSync(path.join(import.meta.dirname, 'style.css'), 'utf8'),
  };
}

export function badgeFile(environment: string, host?: string): string {
  return host === undefined ? `badges/${environment}.svg` : `badges/${environment}-${host}.svg`;
}

/** The page's next release, only when both environments' runs read documents to compare. */
function releaseOf(staging: readonly HistoryLine[] | undefined, production: readonly HistoryLine[] | undefined) {
  const release = staging && production ? releaseChanges(staging, production) : undefined;
  return release === undefined ? {} : { release };
}

/**
 * The page's rows as the catalog has them: its hosts in its order, then the registered domains the
 * domain checks cover (`wink.travel`), each current while the host whose retirement its check
 * shares is (a domain is no host, and must not read as a retired one).
 */
function rowsOfCatalog(hosts: readonly HostEntry[]): CatalogRows {
  const plan = checkPlan(hosts, 'report');
  const domains = plan.filter(ofCatalog).map((planned) => planned.subject);
  return {
    hostOrder: [...hosts.map((host) => host.id), ...domains],
    currentHosts: new Set(plan.filter((planned) => !planned.host.retired).map((planned) => planned.subject)),
    domains: new Set(domains),
  };
}

interface CatalogRows {
  readonly hostOrder: readonly string[];
  readonly currentHosts: ReadonlySet<string>;
  readonly domains: ReadonlySet<string>;
}

/** What the page shows of one environment: its status from its history, and its charts. */
function pageEnvironment(
  environment: EnvironmentName,
  lines: readonly HistoryLine[],
  options: BuildOptions,
  rows: CatalogRows,
): PageEnvironment {
  const status = environmentStatus(environment, lines, {
    now: options.now,
    hostOrder: rows.hostOrder,
    currentHosts: rows.currentHosts,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  const sleepsWhenIdle = ENVIRONMENT_TRAITS[environment].sleepsWhenIdle;
  const values = valuesPerRun(status);
  const charts: EnvironmentCharts = {
    environment,
    defaultSpan: defaultSpan(
      status.runs.map((run) => run.time),
      options.now,
    ),
    spans: Object.fromEntries(
      SPANS.map((span) => [span.id, spanSeries(status, span, options.now, sleepsWhenIdle, values)]),
    ),
  };
  return { status, sleepsWhenIdle, charts };
}

/** A badge per environment and per host; how many. Only what this build writes is replaced. */
function writeBadges(outDir: string, environments: readonly PageEnvironment[]): number {
  const badgesDir = path.join(outDir, 'badges');
  fs.rmSync(badgesDir, { recursive: true, force: true });
  fs.mkdirSync(badgesDir, { recursive: true });
  let badges = 0;
  for (const { status } of environments) {
    fs.writeFileSync(
      path.join(outDir, badgeFile(status.environment)),
      badgeSvg(status.environment, status.state, STATE_COLORS[status.state]),
    );
    badges += 1;
    for (const host of status.hosts) {
      fs.writeFileSync(
        path.join(outDir, badgeFile(status.environment, host.host)),
        badgeSvg(`${status.environment} ${host.host}`, host.state, STATE_COLORS[host.state]),
      );
      badges += 1;
    }
  }
  return badges;
}

export function buildStatusPage(options: BuildOptions): BuildResult {
  const since = new Date(options.now - HISTORY_READ_MS);
  const names = new Set(historyEnvironments(options.historyDir));
  // The catalog's order; a folder that is no environment of the suite is not read.
  const environments = ENVIRONMENTS.filter((name) => names.has(name));
  let filesRead = 0;
  let historyBytes = 0;
  const linesOf = new Map<EnvironmentName, HistoryLine[]>();
  const rows = rowsOfCatalog(options.hosts);
  const pageEnvironments = environments.map((environment): PageEnvironment => {
    const files = historyFiles(options.historyDir, environment, since);
    filesRead += files.length;
    historyBytes += files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    const lines = readHistory(options.historyDir, environment, since);
    linesOf.set(environment, lines);
    return pageEnvironment(environment, lines, options, rows);
  });
  const html = renderStatusPage({
    now: options.now,
    environments: pageEnvironments,
    hostKinds: new Map<string, HostKind>(options.hosts.map((host) => [host.id, host.kind])),
    domains: rows.domains,
    bounds: options.bounds,
    assets: pageAssets(),
    badgeFile,
    feedFile,
    ...releaseOf(linesOf.get('staging'), linesOf.get('production')),
  });
  // Only what this build writes is replaced: the folder may be given as one that holds more.
  fs.mkdirSync(options.outDir, { recursive: true });
  const badges = writeBadges(options.outDir, pageEnvironments);
  // A feed reader needs absolute links: where the page is published, or else where it was built.
  const pageUrl = options.pageUrl ?? pathToFileURL(`${path.resolve(options.outDir)}/`).href;
  for (const { status } of pageEnvironments)
    fs.writeFileSync(
      path.join(options.outDir, feedFile(status.environment)),
      environmentFeed(status, options.now, pageUrl),
    );
  const pageFile = path.join(options.outDir, 'index.html');
  fs.writeFileSync(pageFile, html);
  return {
    environments,
    runs: pageEnvironments.reduce((sum, { status }) => sum + status.runs.length, 0),
    historyFiles: filesRead,
    historyBytes,
    pageFile,
    pageBytes: Buffer.byteLength(html),
    badges,
  };
}
