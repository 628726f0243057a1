/**
 * The check plan: which checks each host gets, with their titles and tags, derived from the catalog.
 * The spec generates one test per planned check; the self-tests and the benchmark count and find
 * checks here; the summary looks a check up by its test's title. One rule, one place.
 */
import { identityProviderHost, type HostEntry, type PublicDocument } from '../catalog/catalog.ts';
import type { RetiredPolicy } from '../config/policies.ts';
import type { Settings } from '../config/settings.ts';

/** What a check does; each kind is carried out by one fixture method. */
export const CHECK_KINDS = {
  'app-renders': 'the app opens in a browser, stays in the environment and shows something',
  'login-page': "IAM's root lands on its own login page, which renders a sign-in form in the browser",
  'api-answers': 'the API answers its root below 500, in time',
  health: 'the Actuator health endpoint answers 200 with status UP',
  document: 'a public document answers 200 with JSON of the documented shape',
  'oauth-metadata': "one of IAM's metadata documents (OpenID or RFC 8414) is served and names its endpoints",
  'authenticated-ping': 'IAM issues a token for the client credentials and the API accepts it',
  'grpc-answers': 'a gRPC call without a token comes back with a status from the server, not UNAVAILABLE',
  'grpc-authenticated': 'a gRPC call with a token from IAM comes back OK',
} as const;
export type CheckKind = keyof typeof CHECK_KINDS;

export interface PlannedCheck {
  readonly host: HostEntry;
  readonly kind: CheckKind;
  /** The check's name without the host id: `app renders`, `serves /v3/api-docs/affiliate`. */
  readonly name: string;
  /** `<id> <name>`: the test's title, unique within an environment. */
  readonly title: string;
  /** `@app`, `@api` or `@grpc` (`@app` for any check that opens a browser), and `@<id>`: what `--grep` selects by. */
  readonly tags: readonly string[];
  /** The document a `document` check reads. */
  readonly document?: PublicDocument;
  /** Runs only with the environment's client credentials; skipped, naming them, without. */
  readonly needsCredentials: boolean;
}

function planned(host: HostEntry, kind: CheckKind, name: string, extra: Partial<PlannedCheck> = {}): PlannedCheck {
  return {
    host,
    kind,
    name,
    title: `${host.id} ${name}`,
    tags: [`@${host.kind}`, `@${host.id}`],
    needsCredentials: false,
    ...extra,
  };
}

/** The checks of one host, in the order they run. */
export function checksOfHost(host: HostEntry): PlannedCheck[] {
  if (host.kind === 'app') return [planned(host, 'app-renders', 'app renders')];
  if (host.kind === 'grpc') {
    if (!host.grpcProbe) return [];
    return [
      planned(host, 'grpc-answers', 'grpc answers'),
      planned(host, 'grpc-authenticated', 'grpc authenticated call', { needsCredentials: true }),
    ];
  }
  const identityProvider = host.identityProvider !== undefined;
  return [
    // A browser check, tagged as one: `--grep @api` must not start a browser.
    ...(identityProvider ? [planned(host, 'login-page', 'login page renders', { tags: ['@app', `@${host.id}`] })] : []),
    planned(host, 'api-answers', 'api answers'),
    ...(host.health ? [planned(host, 'health', 'health is UP')] : []),
    ...(identityProvider ? [planned(host, 'oauth-metadata', 'serves its OAuth metadata')] : []),
    ...(host.documents ?? []).map((document) => planned(host, 'document', `serves ${document.path}`, { document })),
    ...(host.authenticatedPing
      ? [planned(host, 'authenticated-ping', 'authenticated ping', { needsCredentials: true })]
      : []),
  ];
}

/** Which checks open a browser page: the slow ones. */
export function opensBrowser(check: PlannedCheck): boolean {
  return check.kind === 'app-renders' || check.kind === 'login-page';
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
  const all = hosts
    .filter((host) => (retired !== 'skip' || !host.retired) && (selected === undefined || selected.has(host.id)))
    .flatMap(checksOfHost);
  return [...all.filter(opensBrowser), ...all.filter((check) => !opensBrowser(check))];
}

/**
 * This run's plan, from its settings (SMOKE_CATALOG, SMOKE_RETIRED, SMOKE_HOSTS): the spec defines
 * its tests from it and the warm-up wakes its hosts, so the two cannot differ.
 */
export function runPlan(settings: Pick<Settings, 'hosts' | 'retired' | 'selectedHosts'>): PlannedCheck[] {
  return checkPlan(settings.hosts, settings.retired, settings.selectedHosts);
}

/**
 * The hosts a plan's checks need awake: their own, and the identity provider when a check needs a
 * token from it (`SMOKE_HOSTS=partner` still needs IAM for the authenticated call).
 */
export function hostsNeeded(plan: readonly PlannedCheck[], hosts: readonly HostEntry[]): ReadonlySet<string> {
  const needed = new Set(plan.map((check) => check.host.id));
  const identityProvider = identityProviderHost(hosts);
  if (identityProvider && plan.some((check) => check.needsCredentials)) needed.add(identityProvider.id);
  return needed;
}

/**
 * Every check of the hosts by test title, host by host in catalog order (the order a report lists
 * them in), for reporters that hold a finished test.
 */
export function plannedByTitle(hosts: readonly HostEntry[]): ReadonlyMap<string, PlannedCheck> {
  return new Map(hosts.flatMap(checksOfHost).map((check) => [check.title, check]));
}
