/**
 * The registered domains' rows of a synthetic run, as the domain check writes them: the expiry RDAP
 * gave, read on the day's first run and reused until a day has passed (`DOMAIN_ANSWER_MAX_AGE_MS`),
 * each registration renewed 45 days before it lapses. A domain whose top-level domain neither the
 * shipped copy of IANA's bootstrap file nor the shipped overrides name an RDAP service for (`.as`) is
 * skipped every run, as a real run skips it.
 * No random draw: a domain's row is the same for a seed whatever else the run drew.
 */
import type { EnvironmentName } from '../src/catalog/catalog.ts';
import { DOMAIN_ANSWER_MAX_AGE_MS, daysLeft, domainUrl, rdapServiceFor, shippedBootstrap } from '../src/checks/rdap.ts';
import type { PlannedCheck } from '../src/plan/plan.ts';
import { DAY_MS } from '../src/shared/format.ts';
import type { SummaryRow } from '../src/summary/summary.ts';

/** Registrars renew this long before the registration lapses (auto-renew's usual window). */
const RENEWED_DAYS_BEFORE = 45;
const YEAR_MS = 365 * DAY_MS;

/** The domain's registration anniversary: a day of the year of its own, from its name. */
function anniversaryOf(domain: string): number {
  const day = [...domain].reduce((sum, character) => (sum * 31 + character.charCodeAt(0)) % 365, 0);
  return Date.UTC(2000, 0, 1) + day * DAY_MS;
}

/** When the registration in force at `time` lapses: the first anniversary past the renewal window. */
function expiryAt(domain: string, time: number): string {
  const anniversary = anniversaryOf(domain);
  const years = Math.ceil((time + RENEWED_DAYS_BEFORE * DAY_MS - anniversary) / YEAR_MS);
  return new Date(anniversary + years * YEAR_MS).toISOString();
}

/** Writes the rows of a run's domain checks; `reads` remembers each domain's last RDAP read across runs. */
export function domainRowOf(
  planned: PlannedCheck,
  environment: EnvironmentName,
  time: number,
  reads: Map<string, number>,
): SummaryRow {
  const domain = planned.subject;
  const base = {
    environment,
    host: domain,
    url: domain,
    kind: planned.host.kind,
    check: planned.kind,
    name: planned.name,
    certificate: { state: 'not-inspected' },
    ...(planned.host.retired ? { retired: planned.host.retired } : {}),
  } as const;
  const rdap = rdapServiceFor(domain, shippedBootstrap())?.base;
  if (rdap === undefined) return { ...base, outcome: 'skipped', verdict: 'skipped' };
  const lastRead = reads.get(domain);
  const readAt = lastRead !== undefined && time - lastRead < DOMAIN_ANSWER_MAX_AGE_MS ? lastRead : time;
  reads.set(domain, readAt);
  const expiresAt = expiryAt(domain, readAt);
  return {
    ...base,
    outcome: 'pass',
    verdict: 'pass',
    domain: {
      name: domain,
      expiresAt,
      source: domainUrl(rdap, domain),
      readAt: new Date(readAt).toISOString(),
      daysLeft: daysLeft(expiresAt, time),
      ...(readAt === time ? {} : { fromHistory: true as const }),
    },
  };
}
