/**
 * Configuration: read once from `.env` and the environment, validated before any test runs.
 *
 * Every variable the suite reads is declared in `variables.ts` (the README and `.env.example` list
 * the same). A bad value throws a `ConfigError` whose message is one line naming the variable, the
 * value and what is expected; `playwright.config.ts` prints it and exits before Playwright starts a
 * worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { readCatalogFile } from './catalog-file.ts';
import { NO_MAINTENANCE, readMaintenance, type Maintenance } from './maintenance.ts';
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
  ConfigError,
  DEFAULT_CONTROL_URL,
  NO_CONTROL,
  SECRET_VARIABLES,
  URL_OVERRIDE,
  VARIABLES,
  credentialVariables,
  type Env,
  type SecretVariable,
  type TEXT_VARIABLES,
} from './variables.ts';
import { isLoopbackHostname } from '../shared/loopback.ts';
import { Secret } from '../shared/secret.ts';
import { closest } from '../shared/typos.ts';
import { ENVIRONMENTS, HOSTS, idToEnvKey, type EnvironmentName, type RealEnvironmentName } from '../catalog/catalog.ts';
import { type HostEntry } from '../catalog/hosts.ts';

/** An OAuth 2.0 client of IAM, for the client-credentials grant. Both values are secrets. */
export interface Credentials {
  readonly clientId: Secret;
  readonly clientSecret: Secret;
}

export interface Settings {
  readonly warmupTimeoutMs: number;
  readonly apiTimeoutMs: number;
  readonly appTimeoutMs: number;
  readonly apiDegradedMs: number;
  readonly apiFailMs: number;
  readonly appDegradedMs: number;
  readonly appFailMs: number;
  readonly certWarnDays: number;
  readonly certFailDays: number;
  readonly workers: number;
  readonly emulatorPort: number;
  readonly emulatorWakeMs: number;
  /** The emulator's faults (SMOKE_EMULATOR_SCENARIO, a JSON file or the JSON itself); none when unset. */
  readonly emulatorScenario: Scenario;
  /** Where the emulator appends one JSON line per request it receives. */
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
  readonly urlOverrides: Readonly<Record<RealEnvironmentName, Readonly<Record<string, string>>>>;
}

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

function wholeNumber(env: Env, name: keyof typeof VARIABLES, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return VARIABLES[name].default;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(raw.trim());
  if (!parsed.success) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not valid: expected a whole number from ${min} to ${max}`);
  }
  return parsed.data;
}

const httpUrl = z.url({ protocol: /^https?$/ });

function readUrlOverrides(env: Env, hosts: readonly HostEntry[]): Settings['urlOverrides'] {
  const knownKeys = new Map(hosts.map((host) => [idToEnvKey(host.id), host.id]));
  const overrides: Record<RealEnvironmentName, Record<string, string>> = {
    staging: {},
    production: {},
  };
  for (const [name, raw] of Object.entries(env)) {
    const match = URL_OVERRIDE.exec(name);
    if (!match || raw === undefined || raw === '') continue;
    const environment = match[1]!.toLowerCase() as RealEnvironmentName;
    const id = knownKeys.get(match[2]!);
    if (id === undefined) {
      // A typo in an override must not silently leave the real host in place.
      const suggestion = closest(match[2]!, [...knownKeys.keys()]);
      throw new ConfigError(
        `${name} names no host of the catalog: ${suggestion ? `did you mean ${match[1]}_${suggestion}_URL? ` : ''}expected <ENV>_<ID>_URL with ID one of ${[...knownKeys.keys()].join(', ')}`,
      );
    }
    if (!httpUrl.safeParse(raw).success) {
      throw new ConfigError(`${name}=${JSON.stringify(raw)} is not valid: expected an http:// or https:// URL`);
    }
    overrides[environment][id] = raw.replace(/\/+$/, '');
  }
  return overrides;
}

function optionalText(env: Env, name: keyof typeof TEXT_VARIABLES): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The hosts of the file SMOKE_CATALOG names, or the built-in catalog. */
function readCatalog(env: Env): readonly HostEntry[] {
  const named = optionalText(env, 'SMOKE_CATALOG');
  if (named === undefined) return HOSTS;
  return readCatalogFile(path.resolve(PROJECT_ROOT, named), `SMOKE_CATALOG=${named}`);
}

/** A variable whose value is one of a few words (SMOKE_RETIRED, SMOKE_CONTRACT), or its default. */
function oneOf<Choice extends string>(
  env: Env,
  name: keyof typeof TEXT_VARIABLES,
  choices: readonly Choice[],
  fallback: Choice,
): Choice {
  const value = optionalText(env, name) ?? fallback;
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) {
    throw new ConfigError(`${name}=${JSON.stringify(value)} is not valid: expected one of ${choices.join(', ')}`);
  }
  return choice;
}

/** SMOKE_CONTROL_URL: comma-separated http or https URLs, github.com by default, or none. */
function readControlUrls(env: Env): readonly string[] {
  const raw = optionalText(env, 'SMOKE_CONTROL_URL') ?? DEFAULT_CONTROL_URL;
  if (raw === NO_CONTROL) return [];
  const urls = raw
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  if (urls.length === 0 || !urls.every((url) => httpUrl.safeParse(url).success)) {
    throw new ConfigError(
      `SMOKE_CONTROL_URL=${JSON.stringify(raw)} is not valid: expected comma-separated http:// or https:// URLs, or ${NO_CONTROL}`,
    );
  }
  return urls;
}

/**
 * A URL to send to: https, or http to this machine only (the self-tests' receivers). The message
 * names the variable and what is expected, never the value: it is a secret.
 */
function readSecrets(env: Env): Settings['secrets'] {
  const secrets: Partial<Record<SecretVariable, Secret>> = {};
  for (const name of Object.keys(SECRET_VARIABLES) as SecretVariable[]) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname)))) {
      throw new ConfigError(
        `${name} is not valid: expected an https:// URL (http:// only to 127.0.0.1); the value is a secret and is not shown`,
      );
    }
    secrets[name] = new Secret(value);
  }
  return secrets;
}

/** SMOKE_STATUS_PAGE_URL: an http or https URL, read as a folder (a `/` added at its end). */
function readStatusPageUrl(env: Env): string | undefined {
  const raw = optionalText(env, 'SMOKE_STATUS_PAGE_URL');
  if (raw === undefined) return undefined;
  if (!httpUrl.safeParse(raw).success)
    throw new ConfigError(
      `SMOKE_STATUS_PAGE_URL=${JSON.stringify(raw)} is not valid: expected an http:// or https:// URL`,
    );
  return raw.endsWith('/') ? raw : `${raw}/`;
}

/** SMOKE_HISTORY_BASE: a folder that must exist, since a missing one would make every document look new. */
function readHistoryBase(env: Env): string | undefined {
  const named = optionalText(env, 'SMOKE_HISTORY_BASE');
  if (named === undefined) return undefined;
  const folder = path.resolve(PROJECT_ROOT, named);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new ConfigError(
      `SMOKE_HISTORY_BASE=${JSON.stringify(named)} is not valid: expected an existing folder of history (a checkout of the history branch)`,
    );
  }
  return folder;
}

/** The maintenance file: SMOKE_MAINTENANCE_FILE's (which must exist), or maintenance.json when present. */
function readMaintenanceFile(env: Env, hosts: readonly HostEntry[]): Maintenance {
  const named = optionalText(env, 'SMOKE_MAINTENANCE_FILE');
  const file = path.resolve(PROJECT_ROOT, named ?? 'maintenance.json');
  if (named === undefined && !fs.existsSync(file)) return NO_MAINTENANCE;
  const label = named === undefined ? 'maintenance.json' : `SMOKE_MAINTENANCE_FILE=${named}`;
  try {
    return readMaintenance(
      file,
      label,
      hosts.map((host) => host.id),
    );
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** `<ENV>_CLIENT_ID` and `<ENV>_CLIENT_SECRET`, both or neither, per environment. */
function readCredentials(env: Env): Settings['credentials'] {
  const credentials: Partial<Record<EnvironmentName, Credentials>> = {};
  for (const environment of ENVIRONMENTS) {
    const [idName, secretName] = credentialVariables(environment);
    const clientId = env[idName]?.trim();
    const clientSecret = env[secretName]?.trim();
    if (!clientId && !clientSecret) continue;
    if (!clientId || !clientSecret) {
      const [set, missing] = clientId ? [idName, secretName] : [secretName, idName];
      // Names only: the value of a secret never goes into a message.
      throw new ConfigError(
        `${set} is set but ${missing} is not: expected both, or neither to skip the authenticated ping`,
      );
    }
    credentials[environment] = { clientId: new Secret(clientId), clientSecret: new Secret(clientSecret) };
  }
  return credentials;
}

/**
 * Throws unless the first bound is below the second, naming both variables with the values as
 * written (ms or s, as the names say). Blames the one the user set: a warn bound set below the
 * default fail bound is the warn bound's fault.
 */
function ordered(
  env: Env,
  lower: keyof typeof VARIABLES,
  lowerMs: number,
  upper: keyof typeof VARIABLES,
  upperMs: number,
): void {
  if (lowerMs < upperMs) return;
  // Both sides in one unit: a bound in seconds is shown in milliseconds too when compared with one in ms.
  const inMs = lower.endsWith('_MS') || upper.endsWith('_MS');
  // Set means written with a value: `NAME=` (as in a copied .env.example) is the default, as when parsed.
  const isSet = (name: keyof typeof VARIABLES): boolean => Boolean(env[name]?.trim());
  const shown = (name: keyof typeof VARIABLES, ms: number): string => {
    const notes = [...(isSet(name) ? [] : ['default']), ...(inMs && name.endsWith('_S') ? [`${ms} ms`] : [])];
    return `${name}=${env[name]?.trim() || VARIABLES[name].default}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  };
  if (!isSet(lower) && isSet(upper)) {
    throw new ConfigError(`${shown(upper, upperMs)} is not valid: expected it above ${shown(lower, lowerMs)}`);
  }
  throw new ConfigError(`${shown(lower, lowerMs)} is not valid: expected it below ${shown(upper, upperMs)}`);
}

/**
 * `SMOKE_HOSTS=studio,iam`: the hosts a run checks (warm-up included), by catalog id; undefined for all.
 * Every host stays resolvable (an app's login redirect still lands on IAM), only the checks narrow.
 */
function readSelectedHosts(env: Env, hosts: readonly HostEntry[]): ReadonlySet<string> | undefined {
  const raw = optionalText(env, 'SMOKE_HOSTS');
  if (raw === undefined) return undefined;
  const ids = hosts.map((host) => host.id);
  const selected = raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const unknown = selected.find((id) => !ids.includes(id));
  if (unknown !== undefined || selected.length === 0) {
    const suggestion = unknown === undefined ? undefined : closest(unknown, ids);
    throw new ConfigError(
      `SMOKE_HOSTS=${JSON.stringify(raw)} is not valid: ${unknown === undefined ? 'it names no host' : `'${unknown}' is not a host of the catalog${suggestion ? ` (did you mean ${suggestion}?)` : ''}`}; expected comma-separated ids from ${ids.join(', ')}`,
    );
  }
  return new Set(selected);
}

/** Reads and validates the settings from a set of variables; throws `ConfigError` on the first bad one. */
export function parseSettings(env: Env): Settings {
  rejectUnknownVariables(env);
  const emulatorRecordPath = optionalText(env, 'SMOKE_EMULATOR_RECORD');
  const hosts = readCatalog(env);
  // After the catalog: with SMOKE_CATALOG, its hosts are the ones an override may name.
  rejectMisspeltEnvironmentVariables(env, hosts);
  const apiTimeoutS = wholeNumber(env, 'SMOKE_API_TIMEOUT_S', 1, 600);
  const appTimeoutS = wholeNumber(env, 'SMOKE_APP_TIMEOUT_S', 1, 600);
  const apiDegradedMs = wholeNumber(env, 'SMOKE_API_DEGRADED_MS', 1, 600_000);
  const apiFailMs = wholeNumber(env, 'SMOKE_API_FAIL_MS', 1, 600_000);
  const appDegradedMs = wholeNumber(env, 'SMOKE_APP_DEGRADED_MS', 1, 600_000);
  const appFailMs = wholeNumber(env, 'SMOKE_APP_FAIL_MS', 1, 600_000);
  const certWarnDays = wholeNumber(env, 'SMOKE_CERT_WARN_DAYS', 0, 3650);
  const certFailDays = wholeNumber(env, 'SMOKE_CERT_FAIL_DAYS', 0, 3650);
  // A degraded bound at or past the fail bound, or a fail bound past the timeout, could never apply.
  ordered(env, 'SMOKE_API_DEGRADED_MS', apiDegradedMs, 'SMOKE_API_FAIL_MS', apiFailMs);
  ordered(env, 'SMOKE_API_FAIL_MS', apiFailMs, 'SMOKE_API_TIMEOUT_S', apiTimeoutS * 1000);
  ordered(env, 'SMOKE_APP_DEGRADED_MS', appDegradedMs, 'SMOKE_APP_FAIL_MS', appFailMs);
  ordered(env, 'SMOKE_APP_FAIL_MS', appFailMs, 'SMOKE_APP_TIMEOUT_S', appTimeoutS * 1000);
  ordered(env, 'SMOKE_CERT_FAIL_DAYS', certFailDays, 'SMOKE_CERT_WARN_DAYS', certWarnDays);
  return {
    warmupTimeoutMs: wholeNumber(env, 'SMOKE_WARMUP_TIMEOUT_S', 1, 3600) * 1000,
    apiTimeoutMs: apiTimeoutS * 1000,
    appTimeoutMs: appTimeoutS * 1000,
    apiDegradedMs,
    apiFailMs,
    appDegradedMs,
    appFailMs,
    certWarnDays,
    certFailDays,
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
