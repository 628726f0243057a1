/**
 * Whose is a URL? Decides which requests of a page are first-party (their failure breaks the app)
 * and which belong to another environment (a staging page must not talk to production).
 */
import { REAL_ENVIRONMENTS } from '../catalog/catalog.ts';
import type { ResolvedEnvironment } from './targets.ts';

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** `staging-api.wink.travel` -> `wink.travel`; IP addresses and single labels have none. */
export function registrableDomain(hostname: string): string | undefined {
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':')) return undefined;
  const labels = hostname.split('.');
  return labels.length >= 2 ? labels.slice(-2).join('.') : undefined;
}

/** What decides whose a URL is, from an environment's targets: read once per environment, not per URL. */
interface Scope {
  readonly origins: ReadonlySet<string>;
  readonly domains: ReadonlySet<string>;
  /** The other real environments' catalog host names, each with its environment. */
  readonly foreign: ReadonlyMap<string, string>;
}

/**
 * Keyed by the resolved environment a worker holds for its whole life. A page asks about every
 * request it makes: read once, the hosts cost each answer nothing, however many there are.
 */
const scopes = new WeakMap<ResolvedEnvironment, Scope>();

function scopeOf(environment: ResolvedEnvironment): Scope {
  const known = scopes.get(environment);
  if (known) return known;
  const hostnames = new Set(environment.targets.flatMap((target) => hostnameOf(target.url) ?? []));
  const foreign = new Map<string, string>();
  for (const other of REAL_ENVIRONMENTS) {
    if (other === environment.name) continue;
    for (const { host } of environment.targets) {
      const hostname = hostnameOf(host.urls[other]);
      if (hostname !== undefined && !hostnames.has(hostname) && !foreign.has(hostname)) foreign.set(hostname, other);
    }
  }
  const scope: Scope = {
    origins: new Set(environment.targets.map((target) => new URL(target.url).origin)),
    domains: new Set([...hostnames].flatMap((hostname) => registrableDomain(hostname) ?? [])),
    foreign,
  };
  scopes.set(environment, scope);
  return scope;
}

/** The origin of one of the environment's own hosts, e.g. where an app may land after redirects. */
export function environmentOriginOf(url: string, environment: ResolvedEnvironment): string | undefined {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return undefined;
  }
  return scopeOf(environment).origins.has(origin) ? origin : undefined;
}

/**
 * The other real environment whose catalog host serves this URL (by host name), if any. Checked
 * before first-party, since staging and production share their registrable domains.
 */
export function foreignEnvironmentOf(url: string, environment: ResolvedEnvironment): string | undefined {
  const hostname = hostnameOf(url);
  return hostname === undefined ? undefined : scopeOf(environment).foreign.get(hostname);
}

/** Served by the environment itself or by its own domains (a CDN under wink.travel, say). */
export function isFirstParty(url: string, environment: ResolvedEnvironment): boolean {
  const hostname = hostnameOf(url);
  if (hostname === undefined) return false;
  if (environmentOriginOf(url, environment) !== undefined) return true;
  const domain = registrableDomain(hostname);
  return domain !== undefined && scopeOf(environment).domains.has(domain);
}
