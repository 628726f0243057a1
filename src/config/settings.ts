/**
 * Configuration: read once from `.env` and the environment, validated before any test runs.
 *
 * Every variable the suite reads is declared in `VARIABLES` (the README and `.env.example` list the
 * same). A bad value throws a `ConfigError` whose message is one line naming the variable, the value
 * and what is expected; `playwright.config.ts` prints it and exits before Playwright starts a worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { NO_MAINTENANCE, readMaintenance, type Maintenance } from './maintenance.ts';
import {
  CONTRACT_POLICIES,
  RETIRED_POLICIES,
  type AlertPolicy,
  type ContractPolicy,
  type RetiredPolicy,
} from './policies.ts';
import { Secret } from '../shared/secret.ts';
import {
  ENVIRONMENTS,
  HOST_ENTRY_SCHEMA,
  HOSTS,
  REAL_ENVIRONMENTS,
  idToEnvKey,
  urlOverrideVariable,
  type EnvironmentName,
  type HostEntry,
  type RealEnvironmentName,
} from '../catalog/catalog.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Plain settings (besides URL overrides), with their defaults and the reason for each. */
export const VARIABLES = {
  SMOKE_WARMUP_TIMEOUT_S: {
    default: 180,
    meaning: 'how long the warm-up waits for a sleeping environment (three times the documented minute)',
  },
  SMOKE_API_TIMEOUT_S: {
    default: 15,
    meaning: 'bound on one API request; an awake API answers in well under a second',
  },
  SMOKE_APP_TIMEOUT_S: {
    default: 30,
    meaning: 'bound on opening an app page until it loads and renders',
  },
  SMOKE_API_DEGRADED_MS: {
    default: 2000,
    meaning:
      'an API call slower than this passes as degraded: a cold TLS connection across an ocean costs about 1 s, twice that is a slow service',
  },
  SMOKE_API_FAIL_MS: {
    default: 8000,
    meaning: 'an API call slower than this fails as slow: far past any usable answer, still below the API timeout',
  },
  SMOKE_APP_DEGRADED_MS: {
    default: 4000,
    meaning: "an app whose load event comes later than this passes as degraded: web.dev's bound for a poor page load",
  },
  SMOKE_APP_FAIL_MS: {
    default: 15_000,
    meaning: 'an app that loads slower than this fails as slow: half the app timeout, users have left long before',
  },
  SMOKE_CERT_WARN_DAYS: {
    default: 21,
    meaning: 'an https certificate expiring within this many days passes with a warning: three weeks to renew it',
  },
  SMOKE_CERT_FAIL_DAYS: {
    default: 7,
    meaning: 'an https certificate expiring within this many days fails as tls: one week is an emergency',
  },
  SMOKE_WORKERS: {
    default: 4,
    meaning: 'parallel workers; the checks wait on the network, not the CPU',
  },
  SMOKE_EMULATOR_PORT: {
    // Below Linux's ephemeral ports (32768 and up), which outgoing connections take as their own: an
    // emulator port among them can be found taken by a connection of another program.
    default: 27_800,
    meaning: 'first loopback port of the emulator; host n of the catalog listens on this port + n',
  },
  SMOKE_EMULATOR_WAKE_S: {
    default: 3,
    meaning: 'how long the emulator sleeps after its first connection (staging takes about 60)',
  },
  SMOKE_ALERT_AFTER: {
    default: 1,
    meaning:
      'a host is down, and alerted, after this many failing runs in a row: production runs every 30 minutes, so 1 alerts within the half hour',
  },
  SMOKE_RECOVER_AFTER: {
    default: 1,
    meaning: 'a down host recovers, and the recovery is announced, after this many passing runs in a row',
  },
  SMOKE_REMIND_H: {
    default: 12,
    meaning: 'a host still down is announced again every this many hours (0: never): twice a day keeps it in view',
  },
  SMOKE_HEARTBEAT_H: {
    default: 2,
    meaning:
      'the heartbeat alerts when production has had no finished run for this many hours: four scheduled runs missed',
  },
} as const;

/** Settings given as text, without a default. */
export const TEXT_VARIABLES = {
  CHROMIUM_PATH: "a Chromium binary to use instead of Playwright's own or the system's",
  SMOKE_EMULATOR_SCENARIO: 'the emulator scenario: a JSON file path, or the JSON itself',
  SMOKE_EMULATOR_RECORD: 'a file to which the emulator appends one JSON line per request received',
  SMOKE_CATALOG: 'a JSON file of hosts that replaces the built-in catalog (a synthetic one for benchmarks, say)',
  SMOKE_HOSTS: 'comma-separated host ids (studio,iam): only their checks run and only they are warmed up; default all',
  SMOKE_HISTORY_DIR:
    'where every run appends its check records, one JSON line per check, a file per environment and month (default history/)',
  SMOKE_RETIRED:
    'hosts the current environments page no longer lists: report (default: checked, their failures reported but never failing the run), check (they fail the run like any host), skip (not checked)',
  SMOKE_CONTRACT:
    'a host that is up but no longer serves a documented surface (a document or ping path 404, a gRPC method UNIMPLEMENTED, a springdoc group no longer listed): report (default: shown as contract, fails nothing, alerts nobody) or check (fails the run like any check)',
  SMOKE_MAINTENANCE_FILE:
    'the maintenance windows and mutes: a JSON file (default maintenance.json; a missing default file means none)',
} as const;

/**
 * Settings that are secrets: held as `Secret`, never printed, logged or written; an error about one
 * names the variable, never the value. A webhook URL is a secret: whoever has it can post.
 */
export const SECRET_VARIABLES = {
  SMOKE_SLACK_WEBHOOK_URL: 'a Slack incoming webhook: alerts are posted to its channel',
  SMOKE_TEAMS_WEBHOOK_URL:
    'a Microsoft Teams workflow webhook ("When a Teams webhook request is received"): alerts are posted as Adaptive Cards',
  SMOKE_WEBHOOK_URL: 'a webhook that receives each alert as JSON (a pager, a chat bridge, your own service)',
  SMOKE_PUSHGATEWAY_URL:
    'a Prometheus Pushgateway: every run pushes its metrics there, grouped by environment (a secret, as it may carry credentials)',
} as const;
export type SecretVariable = keyof typeof SECRET_VARIABLES;

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
  /** A scenario for the emulator: a path to a JSON file, or the JSON itself. */
  readonly emulatorScenario: string | undefined;
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
  /** Where runs append their history (absolute). */
  readonly historyDir: string;
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

type Env = Readonly<Record<string, string | undefined>>;

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

/** `<ENV>_<ID>_URL`: a host URL override of a real environment, with the environment and the id's key. */
const URL_OVERRIDE = /^(STAGING|PRODUCTION)_([A-Z0-9_]+)_URL$/;

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

/** The hosts of SMOKE_CATALOG, validated, or the built-in catalog. */
function readCatalog(file: string | undefined): readonly HostEntry[] {
  if (file === undefined) return HOSTS;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.resolve(PROJECT_ROOT, file), 'utf8'));
  } catch (error) {
    throw new ConfigError(`SMOKE_CATALOG=${file} is not a readable JSON file: ${(error as Error).message}`);
  }
  const parsed = z.array(HOST_ENTRY_SCHEMA).min(1).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(
      `SMOKE_CATALOG=${file}: at ${issue.path.join('.') || 'the top'}: ${issue.message}; expected an array of catalog hosts`,
    );
  }
  const ids = parsed.data.map((host) => host.id);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined)
    throw new ConfigError(`SMOKE_CATALOG=${file}: the id '${twice}' is used twice; expected unique ids`);
  // The same shape as HostEntry, as the catalog's compile-time check proves.
  return parsed.data as readonly HostEntry[];
}

function readContractPolicy(env: Env): ContractPolicy {
  const value = optionalText(env, 'SMOKE_CONTRACT') ?? 'report';
  const policy = CONTRACT_POLICIES.find((candidate) => candidate === value);
  if (!policy) {
    throw new ConfigError(
      `SMOKE_CONTRACT=${JSON.stringify(value)} is not valid: expected one of ${CONTRACT_POLICIES.join(', ')}`,
    );
  }
  return policy;
}

function readRetiredPolicy(env: Env): RetiredPolicy {
  const value = optionalText(env, 'SMOKE_RETIRED') ?? 'report';
  const policy = RETIRED_POLICIES.find((candidate) => candidate === value);
  if (!policy) {
    throw new ConfigError(
      `SMOKE_RETIRED=${JSON.stringify(value)} is not valid: expected one of ${RETIRED_POLICIES.join(', ')}`,
    );
  }
  return policy;
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
    const loopback = url?.hostname === '127.0.0.1' || url?.hostname === 'localhost' || url?.hostname === '[::1]';
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
      throw new ConfigError(
        `${name} is not valid: expected an https:// URL (http:// only to 127.0.0.1); the value is a secret and is not shown`,
      );
    }
    secrets[name] = new Secret(value);
  }
  return secrets;
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

/** The variables holding an environment's client credentials, e.g. STAGING_CLIENT_ID. */
export function credentialVariables(environment: EnvironmentName): [string, string] {
  const prefix = environment.toUpperCase();
  return [`${prefix}_CLIENT_ID`, `${prefix}_CLIENT_SECRET`];
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
 * Typos between two words: letters inserted, deleted, replaced, or two neighbours swapped (ULR for
 * URL is one slip of the fingers, not two), each counting one.
 */
function typos(a: string, b: string): number {
  // Rows i-2, i-1 and i of the table of distances between the prefixes of a and b.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, before[j - 2]! + 1);
    }
    [before, previous] = [previous, row];
  }
  return previous[b.length]!;
}

/**
 * The candidate within a few typos of `word`, if one is that close: by default two, or one in four
 * letters of a long word.
 */
export function closest(
  word: string,
  candidates: readonly string[],
  maxTypos = Math.max(2, Math.floor(word.length / 4)),
): string | undefined {
  const scored = candidates.map((candidate) => ({ candidate, score: typos(word, candidate) }));
  const best = scored.sort((x, y) => x.score - y.score)[0];
  return best && best.score <= maxTypos ? best.candidate : undefined;
}

/**
 * A `SMOKE_*` variable the suite does not know is a typo that would silently leave a default in
 * place: it stops the run, with the closest known name.
 */
function rejectUnknownVariables(env: Env): void {
  const known = [...Object.keys(VARIABLES), ...Object.keys(TEXT_VARIABLES), ...Object.keys(SECRET_VARIABLES)];
  for (const name of Object.keys(env)
    .filter((candidate) => candidate.startsWith('SMOKE_'))
    .sort()) {
    if (known.includes(name)) continue;
    const suggestion = closest(name, known);
    throw new ConfigError(
      `${name} is not a variable of wink-smoke: ${suggestion ? `did you mean ${suggestion}?` : 'expected one of the SMOKE_* variables in .env.example'}`,
    );
  }
}

/** The environments' own prefixes, STAGING and PRODUCTION. */
const ENVIRONMENT_PREFIXES = REAL_ENVIRONMENTS.map((environment) => environment.toUpperCase());
/** STAGNG and PRODUCTON still mean the environment; STAGE, PROD and the like are three or more away. */
const PREFIX_TYPOS = 2;
/**
 * A name this close to a known one is its typo (STAGING_STUDIO_ULR, STAGING_CLIENT_SECERT); one
 * farther is a variable of something else in the same shell (STAGING_DB_HOST), left alone.
 */
const NAME_TYPOS = 2;

/**
 * A misspelt environment variable would silently leave the real host, or no credentials, in place:
 * a URL override whose environment is misspelt (STAGNG_STUDIO_URL), and a STAGING_* or PRODUCTION_*
 * name a typo or two from one the suite reads, stop the run with the closest known name.
 * `<ENV>_<ID>_URL` with an unknown id is left to `readUrlOverrides`, which lists the ids.
 */
function rejectMisspeltEnvironmentVariables(env: Env, hosts: readonly HostEntry[]): void {
  const hostKeys = hosts.map((host) => idToEnvKey(host.id));
  const known = REAL_ENVIRONMENTS.flatMap((environment) => [
    ...hosts.map((host) => urlOverrideVariable(environment, host.id)),
    ...credentialVariables(environment),
  ]);
  for (const name of Object.keys(env).sort()) {
    if (known.includes(name) || URL_OVERRIDE.test(name)) continue;
    const [prefix = '', ...rest] = name.split('_');
    const environment = closest(prefix, ENVIRONMENT_PREFIXES, PREFIX_TYPOS);
    if (environment === undefined || rest.length === 0) continue;
    const misspeltOverride = environment !== prefix && rest.at(-1) === 'URL';
    let suggestion = closest(name, known, NAME_TYPOS);
    if (misspeltOverride && suggestion === undefined) {
      // The id as readUrlOverrides would match it once the environment is spelt right.
      const key = closest(rest.slice(0, -1).join('_'), hostKeys);
      suggestion = key === undefined ? undefined : `${environment}_${key}_URL`;
    }
    // Only a name close to one the suite reads is ours: STARTING_PAGE_URL, two typos from STAGING_
    // but naming no host, belongs to another program and is left alone.
    if (suggestion !== undefined) {
      throw new ConfigError(`${name} is not a variable of wink-smoke: did you mean ${suggestion}?`);
    }
  }
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
  const hosts = readCatalog(optionalText(env, 'SMOKE_CATALOG'));
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
    emulatorScenario: optionalText(env, 'SMOKE_EMULATOR_SCENARIO'),
    emulatorRecordPath: emulatorRecordPath && path.resolve(PROJECT_ROOT, emulatorRecordPath),
    chromiumPath: optionalText(env, 'CHROMIUM_PATH'),
    hosts,
    retired: readRetiredPolicy(env),
    contract: readContractPolicy(env),
    selectedHosts: readSelectedHosts(env, hosts),
    historyDir: path.resolve(PROJECT_ROOT, optionalText(env, 'SMOKE_HISTORY_DIR') ?? 'history'),
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

/** Every URL override variable the suite understands, for docs and `.env.example`. */
export function overrideVariables(): string[] {
  return REAL_ENVIRONMENTS.flatMap((environment) => HOSTS.map((host) => urlOverrideVariable(environment, host.id)));
}
