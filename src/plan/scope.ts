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

/** The origin of one of the environment's own hosts, e.g. where an app may land after redirects. */
export function environmentOriginOf(url: string, environment: ResolvedEnvironment): string | undefined {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return undefined;
  }
  return environment.targets.some((target) => new URL(target.url).origin === origin) ? origin : undefined;
}

/**
 * The other real environment whose catalog host serves this URL (by host name), if any. Checked
 * before first-party, since staging and production share their registrable domains.
 */
export function foreignEnvironmentOf(url: string, environment: ResolvedEnvironment): string | undefined {
  const hostname = hostnameOf(url);
  if (hostname === undefined) return undefined;
  const own = new Set(environment.targets.map((target) => hostnameOf(target.url)));
  if (own.has(hostname)) return undefined;
  return REAL_ENVIRONMENTS.find(
    (other) =>
      other !== environment.name && environment.targets.some(({ host }) => hostnameOf(host.urls[other]) === hostname),
  );
}

/** Served by the environment itself or by its own domains (a CDN under wink.travel, say). */
export function isFirstParty(url: string, environment: ResolvedEnvironment): boolean {
  const hostname = hostnameOf(url);
  if (hostname === undefined) return false;
  if (environmentOriginOf(url, environment) !== undefined) return true;
  const domain = registrableDomain(hostname);
  return (
    domain !== undefined &&
    environment.targets.some((target) => {
      const ownHostname = hostnameOf(target.url);
      return ownHostname !== undefined && registrableDomain(ownHostname) === domain;
    })
  );
}
