/**
 * The check plan: which checks each host gets, with their titles and tags, from the catalog and the
 * kinds of `src/kinds/registry.ts`, each of which says which hosts it applies to. The spec generates
 * one test per planned check; the self-tests and the benchmark count and find checks here; the
 * summary looks a check up by its test's title. One rule, one place.
 */
import { identityProviderHost, type HostEntry } from '../catalog/hosts.ts';
import type { RetiredPolicy } from '../config/policies.ts';
import type { Settings } from '../config/settings.ts';
import type { ResolvedEnvironment, Target } from '../targets/targets.ts';
import { KINDS, kindOf, type PlannedCheck } from '../kinds/registry.ts';
import { ofCatalog } from '../checks/kind.ts';

export type { CheckKind, PlannedCheck } from '../kinds/registry.ts';
export { ofCatalog } from '../checks/kind.ts';

/** The checks of one host, in the order they run: each kind's, in the registry's order. */
export function checksOfHost(host: HostEntry): PlannedCheck[] {
  return KINDS.flatMap((kind): readonly PlannedCheck[] => kind.plan(host));
}

/**
 * The checks of the catalog as a whole (a registered domain's), from the hosts the run keeps and
 * those it selects: each kind's that plans any, in the registry's order.
 */
function checksOfCatalog(hosts: readonly HostEntry[], selected: ReadonlySet<string> | undefined): PlannedCheck[] {
  return KINDS.flatMap((kind): readonly PlannedCheck[] =>
    'planCatalog' in kind ? kind.planCatalog(hosts, selected) : [],
  );
}

/** Which checks open a browser page: the slow ones. */
export function opensBrowser(check: PlannedCheck): boolean {
  return kindOf(check).opensPage;
}

/**
 * Every check of the hosts, without the retired ones when they are skipped. Browser checks come
 * first: they are the slow ones (a page each), so starting them first lets the quick calls fill the
 * workers' gaps at the end.
 */
export function checkPlan(
  hosts: readonly HostEntry[],
  retired: RetiredPolicy = 'report',
  selected?: ReadonlySet<string>,
): PlannedCheck[] {
  const kept = hosts.filter((host) => retired !== 'skip' || !host.retired);
  const all = [
    ...kept.filter((host) => selected === undefined || selected.has(host.id)).flatMap(checksOfHost),
    ...checksOfCatalog(kept, selected),
  ];
  return [...all.filter(opensBrowser), ...all.filter((check) => !opensBrowser(check))];
}

/**
 * This run's plan, from its settings (SMOKE_CATALOG, SMOKE_RETIRED, SMOKE_HOSTS): the spec defines
 * its tests from it and the warm-up wakes its hosts, so the two cannot differ.
 */
export function checksOfRun(settings: Pick<Settings, 'hosts' | 'retired' | 'selectedHosts'>): PlannedCheck[] {
  return checkPlan(settings.hosts, settings.retired, settings.selectedHosts);
}

/**
 * The hosts a plan's checks need awake: their own, and the identity provider when a check needs a
 * token from it (`SMOKE_HOSTS=partner` still needs IAM for the authenticated call).
 */
export function hostsNeeded(plan: readonly PlannedCheck[], hosts: readonly HostEntry[]): ReadonlySet<string> {
  // A domain's check asks RDAP, not its hosts: it wakes none.
  const needed = new Set(plan.filter((check) => !ofCatalog(check)).map((check) => check.host.id));
  const identityProvider = identityProviderHost(hosts);
  if (identityProvider && plan.some((check) => check.needsCredentials)) needed.add(identityProvider.id);
  return needed;
}

/**
 * The targets of `environment` worth waking for this run (SMOKE_HOSTS, SMOKE_RETIRED): the runner's
 * first contact and the warm-up both wake these, and no other.
 */
export function targetsToWake(environment: ResolvedEnvironment, current: Settings): readonly Target[] {
  const needed = hostsNeeded(checksOfRun(current), current.hosts);
  return environment.targets.filter((target) => needed.has(target.host.id));
}

/**
 * Every check of the hosts by test title, host by host in catalog order (the order a report lists
 * them in), then the catalog's own (the domains), for reporters that hold a finished test.
 */
export function plannedByTitle(hosts: readonly HostEntry[]): ReadonlyMap<string, PlannedCheck> {
  return new Map(
    [...hosts.flatMap(checksOfHost), ...checksOfCatalog(hosts, undefined)].map((check) => [check.title, check]),
  );
}
