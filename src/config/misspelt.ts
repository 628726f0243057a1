/**
 * A misspelt variable does not fail on its own: it is simply not read, and a default, the real host
 * or no credentials silently stay in place. These checks stop the run instead, naming the closest
 * variable the suite does read.
 */
import { REAL_ENVIRONMENTS, idToEnvKey, urlOverrideVariable } from '../catalog/catalog.ts';
import { type HostEntry } from '../catalog/hosts.ts';
import { closest } from '../shared/typos.ts';
import {
  ConfigError,
  SECRET_VARIABLES,
  TEXT_VARIABLES,
  URL_OVERRIDE,
  VARIABLES,
  credentialVariables,
  type Env,
} from './variables.ts';

/**
 * A `SMOKE_*` variable the suite does not know is a typo that would silently leave a default in
 * place: it stops the run, with the closest known name.
 */
export function rejectUnknownVariables(env: Env): void {
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
 * `<ENV>_<ID>_URL` with an unknown id is left to `readUrlOverrides` (settings.ts), which lists the ids.
 */
export function rejectMisspeltEnvironmentVariables(env: Env, hosts: readonly HostEntry[]): void {
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
