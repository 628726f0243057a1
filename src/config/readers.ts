/**
 * How each variable is read and validated, one reader per kind of value: a whole number in a range,
 * one of a few words, URLs, a folder that must exist, the catalog and maintenance files, the
 * credentials and the secrets, the order of two bounds. Each throws a `ConfigError` whose message is
 * one line naming the variable (and the value, unless a secret). `settings.ts` puts them together.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readCatalogFile } from './catalog-file.ts';
import { NO_MAINTENANCE, readMaintenance, type Maintenance } from './maintenance.ts';
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

/** Host URL replacements, by environment and host id. */
export type UrlOverrides = Readonly<Record<RealEnvironmentName, Readonly<Record<string, string>>>>;

/** Where relative paths in the settings are resolved from: the project's root. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

export function wholeNumber(env: Env, name: keyof typeof VARIABLES, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return VARIABLES[name].default;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(raw.trim());
  if (!parsed.success) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not valid: expected a whole number from ${min} to ${max}`);
  }
  return parsed.data;
}

/** A variable holding a decimal number in a range (SMOKE_CLS_POOR), or its default. */
export function decimal(env: Env, name: keyof typeof VARIABLES, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return VARIABLES[name].default;
  const parsed = z.coerce.number().min(min).max(max).safeParse(raw.trim());
  if (!parsed.success) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)} is not valid: expected a decimal number from ${min} to ${max}`,
    );
  }
  return parsed.data;
}

/** SMOKE_TRACE_URL: an http(s) address holding `{traceId}`, or undefined when unset. */
export function readTraceUrl(env: Env): string | undefined {
  const template = optionalText(env, 'SMOKE_TRACE_URL');
  if (template === undefined) return undefined;
  if (!template.includes('{traceId}') || !httpUrl.safeParse(template.replaceAll('{traceId}', 'x')).success) {
    throw new ConfigError(
      `SMOKE_TRACE_URL=${JSON.stringify(template)} is not valid: expected an http:// or https:// URL holding {traceId}`,
    );
  }
  return template;
}

const httpUrl = z.url({ protocol: /^https?$/ });

export function readUrlOverrides(env: Env, hosts: readonly HostEntry[]): UrlOverrides {
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

export function optionalText(env: Env, name: keyof typeof TEXT_VARIABLES): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The hosts of the file SMOKE_CATALOG names, or the built-in catalog. */
export function readCatalog(env: Env): readonly HostEntry[] {
  const named = optionalText(env, 'SMOKE_CATALOG');
  if (named === undefined) return HOSTS;
  return readCatalogFile(path.resolve(PROJECT_ROOT, named), `SMOKE_CATALOG=${named}`);
}

/** A variable whose value is one of a few words (SMOKE_RETIRED, SMOKE_CONTRACT), or its default. */
export function oneOf<Choice extends string>(
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
export function readControlUrls(env: Env): readonly string[] {
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
export function readSecrets(env: Env): Readonly<Partial<Record<SecretVariable, Secret>>> {
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
/**
 * SMOKE_RDAP_URL: an RDAP base, https or http (a registry's test server, the self-tests' emulator),
 * without a query or fragment: `<base>/domain/<name>` is appended to it.
 */
export function readRdapUrl(env: Env): string | undefined {
  const raw = optionalText(env, 'SMOKE_RDAP_URL');
  if (raw === undefined) return undefined;
  const parsed = httpUrl.safeParse(raw);
  if (!parsed.success || new URL(raw).search !== '' || new URL(raw).hash !== '')
    throw new ConfigError(
      `SMOKE_RDAP_URL=${JSON.stringify(raw)} is not valid: expected an http:// or https:// RDAP base URL, without a query, such as https://rdap.example/`,
    );
  return raw;
}

export function readStatusPageUrl(env: Env): string | undefined {
  const raw = optionalText(env, 'SMOKE_STATUS_PAGE_URL');
  if (raw === undefined) return undefined;
  if (!httpUrl.safeParse(raw).success)
    throw new ConfigError(
      `SMOKE_STATUS_PAGE_URL=${JSON.stringify(raw)} is not valid: expected an http:// or https:// URL`,
    );
  return raw.endsWith('/') ? raw : `${raw}/`;
}

/** SMOKE_HISTORY_BASE: a folder that must exist, since a missing one would make every document look new. */
export function readHistoryBase(env: Env): string | undefined {
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
export function readMaintenanceFile(env: Env, hosts: readonly HostEntry[]): Maintenance {
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
export function readCredentials(env: Env): Readonly<Partial<Record<EnvironmentName, Credentials>>> {
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
export function ordered(
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
export function readSelectedHosts(env: Env, hosts: readonly HostEntry[]): ReadonlySet<string> | undefined {
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
