/**
 * Configuration: read once from `.env` and the environment, validated before any test runs.
 *
 * Every variable the suite reads is declared in `variables.ts` (the README and `.env.example` list
 * the same). A bad value throws a `ConfigError` whose message is one line naming the variable, the
 * value and what is expected; `playwright.config.ts` prints it and exits before Playwright starts a
 * worker.
 */
import path from 'node:path';
import dotenv from 'dotenv';
import type { Maintenance } from './maintenance.ts';
import { rejectMisspeltEnvironmentVariables, rejectUnknownVariables } from './misspelt.ts';
import { readScenario, type Scenario } from './scenario.ts';
import {
  CONTRACT_POLICIES,
  RETIRED_POLICIES,
  type AlertPolicy,
  type ContractPolicy,
  type RetiredPolicy,
} from './policies.ts';
import {
  PROJECT_ROOT,
  oneOf,
  optionalText,
  ordered,
  readCatalog,
  readControlUrls,
  decimal,
  readCredentials,
  readHistoryBase,
  readMaintenanceFile,
  readSecrets,
  readSelectedHosts,
  readStatusPageUrl,
  readRdapUrl,
  readTraceUrl,
  readUrlOverrides,
  wholeNumber,
  type Credentials,
  type UrlOverrides,
} from './readers.ts';
import { ConfigError, type Env, type SecretVariable } from './variables.ts';
import type { Secret } from '../shared/secret.ts';
import type { EnvironmentName } from '../catalog/catalog.ts';
import type { HostEntry } from '../catalog/hosts.ts';

export type { Credentials } from './readers.ts';

export interface Settings {
  readonly warmupTimeoutMs: number;
  readonly apiTimeoutMs: number;
  readonly appTimeoutMs: number;
  readonly apiDegradedMs: number;
  readonly apiFailMs: number;
  readonly appDegradedMs: number;
  readonly appFailMs: number;
  /** web.dev's poor bounds of an app's vitals: past one, the app check passes as degraded. */
  readonly vitalBounds: {
    readonly lcpMs: number;
    readonly cls: number;
    readonly fcpMs: number;
    readonly ttfbMs: number;
  };
  /** SMOKE_TRACE_URL: a trace viewer's address with `{traceId}`; undefined when not set. */
  readonly traceUrl: string | undefined;
  readonly certWarnDays: number;
  readonly certFailDays: number;
  /** Days left on a registered domain: within the warn bound it passes degraded, within the fail bound it fails as `domain`. */
  readonly domainWarnDays: number;
  readonly domainFailDays: number;
  /** SMOKE_RDAP_URL: the one RDAP base for every domain of a real environment; undefined for IANA's bootstrap file. */
  readonly rdapUrl: string | undefined;
  readonly workers: number;
  readonly emulatorPort: number;
  readonly emulatorWakeMs: number;
  /** The emulator's faults (SMOKE_EMULATOR_SCENARIO, a JSON file or the JSON itself); none when unset. */
  readonly emulatorScenario: Scenario;
  /** Where the emulator appends one JSON line per request and per gRPC call it receives. */
  readonly emulatorRecordPath: string | undefined;
  /** A Chromium binary to use when Playwright's own is not installed. */
  readonly chromiumPath: string | undefined;
  /** The hosts under test: the built-in catalog, or the one SMOKE_CATALOG names. */
  readonly hosts: readonly HostEntry[];
  /** What retired hosts' checks do: report (the default), check, or skip. */
  readonly retired: RetiredPolicy;
  /** What a contract change does: report (the default) or check. */
  readonly contract: ContractPolicy;
  /** SMOKE_HOSTS: the only hosts whose checks run and whom the warm-up waits for; undefined for all. */
  readonly selectedHosts: ReadonlySet<string> | undefined;
  /**
   * SMOKE_CONTROL_URL: what a real environment's run fetches to learn whether its runner reaches the
   * network at all; empty for no control probe.
   */
  readonly controlUrls: readonly string[];
  /** Where runs append their history (absolute). */
  readonly historyDir: string;
  /**
   * SMOKE_HISTORY_BASE: the history that came before this run's folder (absolute), read for the
   * documents' newest digests and snapshots, never written; undefined when the folder is the whole history.
   */
  readonly historyBaseDir: string | undefined;
  /** SMOKE_STATUS_PAGE_URL: where the status page is published, ending in `/`; undefined when not set. */
  readonly statusPageUrl: string | undefined;
  /** When a host counts as down, recovered, and is reminded of (`src/alerts/state.ts`). */
  readonly alertPolicy: AlertPolicy;
  /** How long production may go without a finished run before the heartbeat alerts. */
  readonly heartbeatMs: number;
  /** The maintenance windows and mutes in force. */
  readonly maintenance: Maintenance;
  /** The secret settings that are set: webhooks and the Pushgateway. */
  readonly secrets: Readonly<Partial<Record<SecretVariable, Secret>>>;
  /** OAuth client credentials for the authenticated ping, by environment; absent when not set. */
  readonly credentials: Readonly<Partial<Record<EnvironmentName, Credentials>>>;
  /** Host URL replacements, by environment and host id. */
  readonly urlOverrides: UrlOverrides;
}

/** The bounds a check is judged by: timeouts, latency, web vitals and days left, each pair in order. */
function readJudgement(env: Env) {
  const apiTimeoutS = wholeNumber(env, 'SMOKE_API_TIMEOUT_S', 1, 600);
  const appTimeoutS = wholeNumber(env, 'SMOKE_APP_TIMEOUT_S', 1, 600);
  const apiDegradedMs = wholeNumber(env, 'SMOKE_API_DEGRADED_MS', 1, 600_000);
  const apiFailMs = wholeNumber(env, 'SMOKE_API_FAIL_MS', 1, 600_000);
  const appDegradedMs = wholeNumber(env, 'SMOKE_APP_DEGRADED_MS', 1, 600_000);
  const appFailMs = wholeNumber(env, 'SMOKE_APP_FAIL_MS', 1, 600_000);
  const certWarnDays = wholeNumber(env, 'SMOKE_CERT_WARN_DAYS', 0, 3650);
  const certFailDays = wholeNumber(env, 'SMOKE_CERT_FAIL_DAYS', 0, 3650);
  const domainWarnDays = wholeNumber(env, 'SMOKE_DOMAIN_WARN_DAYS', 0, 3650);
  const domainFailDays = wholeNumber(env, 'SMOKE_DOMAIN_FAIL_DAYS', 0, 3650);
  // A degraded bound at or past the fail bound, or a fail bound past the timeout, could never apply.
  ordered(env, 'SMOKE_API_DEGRADED_MS', apiDegradedMs, 'SMOKE_API_FAIL_MS', apiFailMs);
  ordered(env, 'SMOKE_API_FAIL_MS', apiFailMs, 'SMOKE_API_TIMEOUT_S', apiTimeoutS * 1000);
  ordered(env, 'SMOKE_APP_DEGRADED_MS', appDegradedMs, 'SMOKE_APP_FAIL_MS', appFailMs);
  ordered(env, 'SMOKE_APP_FAIL_MS', appFailMs, 'SMOKE_APP_TIMEOUT_S', appTimeoutS * 1000);
  ordered(env, 'SMOKE_CERT_FAIL_DAYS', certFailDays, 'SMOKE_CERT_WARN_DAYS', certWarnDays);
  ordered(env, 'SMOKE_DOMAIN_FAIL_DAYS', domainFailDays, 'SMOKE_DOMAIN_WARN_DAYS', domainWarnDays);
  return {
    apiTimeoutMs: apiTimeoutS * 1000,
    appTimeoutMs: appTimeoutS * 1000,
    apiDegradedMs,
    apiFailMs,
    appDegradedMs,
    appFailMs,
    vitalBounds: {
      lcpMs: wholeNumber(env, 'SMOKE_LCP_POOR_MS', 1, 600_000),
      cls: decimal(env, 'SMOKE_CLS_POOR', 0, 100),
      fcpMs: wholeNumber(env, 'SMOKE_FCP_POOR_MS', 1, 600_000),
      ttfbMs: wholeNumber(env, 'SMOKE_TTFB_POOR_MS', 1, 600_000),
    },
    certWarnDays,
    certFailDays,
    domainWarnDays,
    domainFailDays,
  } satisfies Partial<Settings>;
}

/** Reads and validates the settings from a set of variables; throws `ConfigError` on the first bad one. */
export function parseSettings(env: Env): Settings {
  rejectUnknownVariables(env);
  const emulatorRecordPath = optionalText(env, 'SMOKE_EMULATOR_RECORD');
  const hosts = readCatalog(env);
  // After the catalog: with SMOKE_CATALOG, its hosts are the ones an override may name.
  rejectMisspeltEnvironmentVariables(env, hosts);
  return {
    warmupTimeoutMs: wholeNumber(env, 'SMOKE_WARMUP_TIMEOUT_S', 1, 3600) * 1000,
    ...readJudgement(env),
    traceUrl: readTraceUrl(env),
    rdapUrl: readRdapUrl(env),
    workers: wholeNumber(env, 'SMOKE_WORKERS', 1, 64),
    // The emulator needs one port per host above the base, all below 65536.
    emulatorPort: wholeNumber(env, 'SMOKE_EMULATOR_PORT', 1024, 60_000),
    emulatorWakeMs: wholeNumber(env, 'SMOKE_EMULATOR_WAKE_S', 0, 600) * 1000,
    emulatorScenario: readScenario(optionalText(env, 'SMOKE_EMULATOR_SCENARIO'), hosts, (file) =>
      path.resolve(PROJECT_ROOT, file),
    ),
    emulatorRecordPath: emulatorRecordPath && path.resolve(PROJECT_ROOT, emulatorRecordPath),
    chromiumPath: optionalText(env, 'CHROMIUM_PATH'),
    hosts,
    retired: oneOf(env, 'SMOKE_RETIRED', RETIRED_POLICIES, 'report'),
    contract: oneOf(env, 'SMOKE_CONTRACT', CONTRACT_POLICIES, 'report'),
    selectedHosts: readSelectedHosts(env, hosts),
    controlUrls: readControlUrls(env),
    historyDir: path.resolve(PROJECT_ROOT, optionalText(env, 'SMOKE_HISTORY_DIR') ?? 'history'),
    historyBaseDir: readHistoryBase(env),
    statusPageUrl: readStatusPageUrl(env),
    alertPolicy: {
      alertAfter: wholeNumber(env, 'SMOKE_ALERT_AFTER', 1, 100),
      recoverAfter: wholeNumber(env, 'SMOKE_RECOVER_AFTER', 1, 100),
      remindMs: wholeNumber(env, 'SMOKE_REMIND_H', 0, 24 * 30) * 3_600_000,
    },
    heartbeatMs: wholeNumber(env, 'SMOKE_HEARTBEAT_H', 1, 24 * 7) * 3_600_000,
    maintenance: readMaintenanceFile(env, hosts),
    secrets: readSecrets(env),
    credentials: readCredentials(env),
    urlOverrides: readUrlOverrides(env, hosts),
  };
}

/**
 * The settings, or the process ends with exit code 2 and the one-line error, prefixed with who
 * reads them (`wink-smoke`, `notify`): what every command line does before any work.
 */
export function settingsOrExit(prefix: string): Settings {
  try {
    return settings();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${prefix}: ${error.message}`);
    process.exit(2);
  }
}

let loaded: Settings | undefined;

/**
 * The settings of this process: `.env` (beside package.json) is loaded once, the environment wins
 * over it, and the result is cached. The one place that reads `process.env` for configuration.
 */
export function settings(): Settings {
  if (!loaded) {
    dotenv.config({ path: path.join(PROJECT_ROOT, '.env'), quiet: true });
    loaded = parseSettings(process.env);
  }
  return loaded;
}
