/**
 * Domain expiry, read from RDAP (RFC 9083), as Gatus and Uptime Kuma read it: a lapsed domain takes
 * every host on it down at once, and outlives any one host's checks. The registered domains are
 * derived from the catalog's hosts (the public suffix list decides where a registration starts:
 * `staging-api.trippay.io` is `trippay.io`). Which server answers for a domain is IANA's bootstrap
 * file's word (RFC 9224), read live, with a shipped copy as the fallback, and for a TLD it does not
 * list, a shipped override's (`.io`'s registry runs RDAP unlisted); `SMOKE_RDAP_URL` names one
 * server for every domain instead (the self-tests' emulator). No answer, or an answer without an
 * expiration event, is `unknown`: it says nothing of the domain, so it never fails a run.
 */
import { createRequire } from 'node:module';
import { getDomain } from 'tldts';
import type { HostEntry } from '../catalog/hosts.ts';
import { DAY_MS } from '../shared/format.ts';

/** IANA's bootstrap file for domain names. */
export const IANA_BOOTSTRAP_URL = 'https://data.iana.org/rdap/dns.json';

/** RFC 9224: each service is a list of TLDs and the base URLs that answer for them. */
export interface Bootstrap {
  readonly publication?: string;
  readonly services: readonly (readonly [readonly string[], readonly string[]])[];
}

/** What RDAP said of a domain's registration. */
export type DomainExpiry =
  | {
      readonly domain: string;
      readonly state: 'known';
      readonly expiresAt: string;
      /** Where the answer came from: `<base>domain/<name>`. */
      readonly source: string;
      readonly registrar?: string;
    }
  | { readonly domain: string; readonly state: 'unknown'; readonly reason: string; readonly source?: string };

/** The copy of IANA's file shipped with the suite (see its `description` for where it comes from). */
export function shippedBootstrap(): Bootstrap {
  return createRequire(import.meta.url)('./data/rdap-dns.json') as Bootstrap;
}

/** The registered domains a host is on, in either environment. */
function domainsOf(host: HostEntry): string[] {
  return Object.values(host.urls).map((url) => getDomain(new URL(url).hostname) ?? new URL(url).hostname);
}

/** Every registered domain the catalog's hosts are on, in both environments, sorted. */
export function registeredDomains(hosts: readonly HostEntry[]): string[] {
  return [...new Set(hosts.flatMap(domainsOf))].sort();
}

/** The hosts on `domain`, in catalog order: every one goes down when it lapses. */
export function hostsOn(domain: string, hosts: readonly HostEntry[]): HostEntry[] {
  return hosts.filter((host) => domainsOf(host).includes(domain));
}

/** The RDAP base that answers for the domain's TLD, as the bootstrap file says; undefined when none does. */
export function rdapBaseFor(domain: string, bootstrap: Bootstrap): string | undefined {
  const tld = domain.split('.').at(-1)?.toLowerCase() ?? '';
  const base = bootstrap.services.find(([tlds]) => tlds.includes(tld))?.[1].find((url) => url.startsWith('https://'));
  return base ?? bootstrap.services.find(([tlds]) => tlds.includes(tld))?.[1][0];
}

/** An RDAP service that answers for TLDs the bootstrap file does not list, and whose word that is. */
export interface RdapOverride {
  readonly tlds: readonly string[];
  readonly base: string;
  readonly source: string;
}

/** The overrides shipped with the suite (`data/rdap-overrides.json`). */
export function shippedOverrides(): readonly RdapOverride[] {
  return (createRequire(import.meta.url)('./data/rdap-overrides.json') as { services: RdapOverride[] }).services;
}

/**
 * Who answers for the domain: the server the bootstrap file names, else a shipped override's (a
 * registry that runs RDAP without being listed, as `.io`'s does); undefined when neither knows one.
 * `from` says whose word the server is, for the check's detail.
 */
export function rdapServiceFor(
  domain: string,
  bootstrap: Bootstrap,
  overrides: readonly RdapOverride[] = shippedOverrides(),
): { readonly base: string; readonly from: string } | undefined {
  const listed = rdapBaseFor(domain, bootstrap);
  if (listed !== undefined) return { base: listed, from: 'the bootstrap file' };
  const tld = domain.split('.').at(-1)?.toLowerCase() ?? '';
  const override = overrides.find((candidate) => candidate.tlds.includes(tld));
  return (
    override && {
      base: override.base,
      from: `the shipped overrides, the bootstrap file naming none: ${override.source}`,
    }
  );
}

/** `<base>/domain/<name>`, whether or not the base ends in `/`. */
export const domainUrl = (base: string, domain: string): string =>
  `${base.replace(/\/+$/, '')}/domain/${encodeURIComponent(domain)}`;

interface RdapEvent {
  readonly eventAction?: unknown;
  readonly eventDate?: unknown;
}
interface RdapEntity {
  readonly roles?: unknown;
  readonly vcardArray?: unknown;
}

/** The registrar's name from its vCard (`fn`), when the answer carries one. */
function registrarOf(entities: unknown): string | undefined {
  if (!Array.isArray(entities)) return undefined;
  const registrar = (entities as RdapEntity[]).find(
    (entity) => Array.isArray(entity.roles) && entity.roles.includes('registrar'),
  );
  const card = Array.isArray(registrar?.vcardArray) ? (registrar.vcardArray[1] as unknown[]) : [];
  const name = card.find((entry) => Array.isArray(entry) && entry[0] === 'fn') as unknown[] | undefined;
  return typeof name?.[3] === 'string' ? name[3] : undefined;
}

/** A domain's expiry from an RDAP answer's `expiration` event. */
export function expiryFromAnswer(domain: string, source: string, answer: unknown): DomainExpiry {
  const events = (answer as { events?: unknown } | null)?.events;
  const expiration = Array.isArray(events)
    ? (events as RdapEvent[]).find((event) => event.eventAction === 'expiration')
    : undefined;
  const date = typeof expiration?.eventDate === 'string' ? Date.parse(expiration.eventDate) : NaN;
  if (!Number.isFinite(date))
    return { domain, state: 'unknown', reason: 'the RDAP answer has no expiration event', source };
  const registrar = registrarOf((answer as { entities?: unknown }).entities);
  return {
    domain,
    state: 'known',
    expiresAt: new Date(date).toISOString(),
    source,
    ...(registrar === undefined ? {} : { registrar }),
  };
}

/** Whole days from `now` to the expiry, rounded down: 0 on the last day, negative once lapsed. */
export const daysLeft = (expiresAt: string, now: number): number => Math.floor((Date.parse(expiresAt) - now) / DAY_MS);

/** The one read RDAP needs: a bounded GET whose status and body come back, or a throw with the cause. */
export type RdapGet = (url: string) => Promise<{ readonly status: number; readonly body: string }>;

/** IANA's bootstrap file, or the shipped copy when it cannot be read (and why). */
export async function loadBootstrap(get: RdapGet): Promise<{ readonly bootstrap: Bootstrap; readonly from: string }> {
  try {
    const answer = await get(IANA_BOOTSTRAP_URL);
    const parsed = JSON.parse(answer.body) as Partial<Bootstrap>;
    if (answer.status === 200 && Array.isArray(parsed.services))
      return { bootstrap: parsed as Bootstrap, from: IANA_BOOTSTRAP_URL };
    return { bootstrap: shippedBootstrap(), from: `the shipped copy (IANA answered HTTP ${answer.status})` };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { bootstrap: shippedBootstrap(), from: `the shipped copy (IANA's file could not be read: ${why})` };
  }
}

/** What RDAP says of the domain's expiry, from `base`; any failure to learn it is `unknown`, with why. */
export async function readExpiry(domain: string, base: string | undefined, get: RdapGet): Promise<DomainExpiry> {
  const tld = domain.split('.').at(-1);
  if (base === undefined)
    return {
      domain,
      state: 'unknown',
      reason: `neither IANA's bootstrap file nor the shipped overrides name an RDAP service for .${tld}`,
    };
  const source = domainUrl(base, domain);
  let answer: Awaited<ReturnType<RdapGet>>;
  try {
    answer = await get(source);
  } catch (error) {
    return {
      domain,
      state: 'unknown',
      reason: `no RDAP answer: ${error instanceof Error ? error.message : String(error)}`,
      source,
    };
  }
  if (answer.status !== 200) return { domain, state: 'unknown', reason: `RDAP answered HTTP ${answer.status}`, source };
  try {
    return expiryFromAnswer(domain, source, JSON.parse(answer.body));
  } catch {
    return { domain, state: 'unknown', reason: 'the RDAP answer is not JSON', source };
  }
}

/**
 * A domain's expiry as RDAP gave it, as the check's record and its history line keep it: the facts,
 * and when they were read. A run that reuses it from the history keeps `readAt`, so an answer is
 * never older than a day however many runs pass it on.
 */
export interface DomainAnswer {
  readonly name: string;
  readonly expiresAt: string;
  /** Where it came from: `<base>/domain/<name>`. */
  readonly source: string;
  readonly registrar?: string;
  /** When RDAP gave this answer (ISO). */
  readonly readAt: string;
}

/** The record's: the answer, its days left when judged, and whether this run took it from the history. */
export interface DomainRecord extends DomainAnswer {
  readonly daysLeft: number;
  readonly fromHistory?: true;
}

/**
 * Once a day is enough: registrations change by the year, and a registry's RDAP server is a third
 * party's, asked no more often than needed. An answer younger than this is reused from the history.
 */
export const DOMAIN_ANSWER_MAX_AGE_MS = DAY_MS;

/** Whether a remembered answer is young enough to reuse at `now`. */
export const isFresh = (answer: DomainAnswer, now: number): boolean =>
  now - Date.parse(answer.readAt) < DOMAIN_ANSWER_MAX_AGE_MS && Date.parse(answer.readAt) <= now;

/** The answer a read found, stamped with when it was read. */
export function answerOf(expiry: Extract<DomainExpiry, { state: 'known' }>, readAt: Date): DomainAnswer {
  return {
    name: expiry.domain,
    expiresAt: expiry.expiresAt,
    source: expiry.source,
    ...(expiry.registrar === undefined ? {} : { registrar: expiry.registrar }),
    readAt: readAt.toISOString(),
  };
}
