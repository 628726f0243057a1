/**
 * `<name> domain registration`: a registered domain of the catalog's hosts is not about to lapse.
 * A lapsed domain takes every host on it down at once, whatever each host's own checks said the
 * run before. Planned once per domain (`planCatalog`), not per host: the domains are derived from
 * the hosts' URLs (`src/checks/rdap.ts`), never listed. The expiry comes from RDAP (SMOKE_RDAP_URL,
 * else the server IANA's bootstrap file names), or from the history when an answer younger than a
 * day is there; days left are judged as a certificate's are, by their own bounds. No answer says
 * nothing of the domain: the check is skipped, not judged, and the run passes.
 */
import type { HostEntry } from '../catalog/hosts.ts';
import { ANNOTATION } from '../checks/failure.ts';
import { NO_CONTRACT, REQUEST_BOUNDS, type CallKind, type Check, type PlannedBase } from '../checks/kind.ts';
import {
  answerOf,
  hostsOn,
  loadBootstrap,
  rdapServiceFor,
  readExpiry,
  registeredDomains,
  type DomainAnswer,
  type RdapGet,
} from '../checks/rdap.ts';
import { domainVerdict } from '../checks/policy.ts';
import { rdapBaseOf } from '../targets/targets.ts';

type Planned = PlannedBase<'domain-expiry'> & {
  readonly domain: string;
  /** The run's hosts on the domain, in catalog order: named when it fails, for all go down with it. */
  readonly hostsOnIt: readonly string[];
};

/**
 * The domain's check, planned when any selected host is on it (SMOKE_HOSTS=book still checks
 * `wink.travel`): it shares the retirement and silences of its first current host, so a domain
 * whose every host is retired is reported as a retired host is.
 */
function planDomains(hosts: readonly HostEntry[], selected: ReadonlySet<string> | undefined): Planned[] {
  return registeredDomains(hosts).flatMap((domain): Planned[] => {
    const on = hostsOn(domain, hosts);
    if (selected !== undefined && !on.some((host) => selected.has(host.id))) return [];
    const host = on.find((candidate) => !candidate.retired) ?? on[0]!;
    return [
      {
        kind: 'domain-expiry',
        host,
        // Its row is the domain's, as a host's row is the host's: `wink.travel  domain registration`.
        name: 'domain registration',
        title: `${domain} domain registration`,
        subject: domain,
        // `@domain` selects every domain check; `@<domain>` this one.
        tags: ['@domain', `@${domain}`],
        needsCredentials: false,
        domain,
        hostsOnIt: on.map((candidate) => candidate.id),
      },
    ];
  });
}

/** Through the HTTP door, for `src/checks/rdap.ts`: an answer's status and body, or the cause thrown. */
function getThrough(check: Check<Planned>): RdapGet {
  return async (url) => {
    const sent = await check.thirdParty(url);
    if (!sent.ok) throw new Error(sent.reason);
    return { status: sent.answer.status, body: sent.answer.body.toString('utf8') };
  };
}

/**
 * The domain's answer: the history's when younger than a day and it passes, else RDAP's; undefined,
 * with why, when none. An answer that warned or failed is asked again: a domain renewed since must
 * not stay down for a day on a stale answer. When RDAP is silent then, the remembered answer stands.
 */
async function answerFor(
  check: Check<Planned>,
): Promise<{ answer: DomainAnswer; fromHistory: boolean } | { answer: undefined; why: string }> {
  const { domain } = check.planned;
  const remembered = await check.step('history', () => check.rememberedDomain(domain));
  const passes = (answer: DomainAnswer) =>
    domainVerdict(answer, Date.now(), check.settings, check.planned.hostsOnIt).outcome === 'pass';
  if (remembered && passes(remembered)) return { answer: remembered, fromHistory: true };
  const read = await readFromRdap(check);
  if (read.answer === undefined && remembered) return { answer: remembered, fromHistory: true };
  return read;
}

/** The domain's answer from RDAP, or why there is none. */
async function readFromRdap(
  check: Check<Planned>,
): Promise<{ answer: DomainAnswer; fromHistory: false } | { answer: undefined; why: string }> {
  const { domain } = check.planned;
  const get = getThrough(check);
  const fixed = rdapBaseOf(check.environment.name, check.settings);
  const base =
    fixed ??
    (await check.step('bootstrap', async () => {
      // One worker reads IANA's file once, whatever number of domains it checks.
      const { bootstrap, from } = await check.once('rdap bootstrap', () => loadBootstrap(get));
      const service = rdapServiceFor(domain, bootstrap);
      check.detail(`bootstrap file from ${from}${service ? `; RDAP server ${service.base} from ${service.from}` : ''}`);
      return service?.base;
    }));
  const read = await check.step(`RDAP ${domain}`, () => readExpiry(domain, base, get));
  if (read.state === 'unknown') return { answer: undefined, why: read.reason };
  return { answer: answerOf(read, new Date()), fromHistory: false };
}

export const domainExpiry: CallKind<'domain-expiry', Planned> = {
  name: 'domain-expiry',
  passes:
    "a registered domain of the catalog's hosts is not within `SMOKE_DOMAIN_FAIL_DAYS` of its RDAP expiration event (within `SMOKE_DOMAIN_WARN_DAYS`: degraded); no RDAP answer skips it, not judged; the RDAP read is bounded as a request, its latency not judged",
  opensPage: false,
  plan: () => [],
  planCatalog: planDomains,
  // The RDAP read is a request: bounded as one (SMOKE_API_TIMEOUT_S), its latency not judged, for
  // a third party's speed says nothing of Wink.
  bounds: REQUEST_BOUNDS,
  contract: NO_CONTRACT,
  async run(check) {
    const found = await answerFor(check);
    if (found.answer === undefined)
      return check.skip(`not judged: no RDAP answer for ${check.planned.domain}: ${found.why}`);
    const { answer, fromHistory } = found;
    const verdict = domainVerdict(answer, Date.now(), check.settings, check.planned.hostsOnIt);
    check.recordDomain({ ...answer, daysLeft: verdict.daysLeft, ...(fromHistory ? { fromHistory: true } : {}) });
    check.detail(
      `${verdict.description}; read ${answer.readAt}, ${fromHistory ? 'from history' : `from ${answer.source}`}`,
    );
    if (verdict.outcome === 'fail') throw check.fail('domain', verdict.words);
    if (verdict.outcome === 'warn') {
      check.note(ANNOTATION.domainWarning, verdict.words);
      check.degrade(verdict.words);
    }
  },
};
