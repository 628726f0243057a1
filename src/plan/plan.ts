/**
 * The check plan: which checks each host gets, with their titles and tags, derived from the catalog.
 * The spec generates one test per planned check; the self-tests and the benchmark count and find
 * checks here; the summary looks a check up by its test's title. One rule, one place.
 */
import { identityProviderHost, type HostEntry, type OpenApiGroups, type PublicDocument } from '../catalog/hosts.ts';
import type { RetiredPolicy } from '../config/policies.ts';
import type { Settings } from '../config/settings.ts';
import type { ResolvedEnvironment, Target } from './targets.ts';

import type { ApiHost, AppHost, CdnHost, GrpcHost, IdentityProviderHost, StaticAsset } from '../catalog/hosts.ts';

/** What every planned check has, whatever its kind. */
interface PlannedBase<Kind extends string, Host extends HostEntry> {
  readonly kind: Kind;
  readonly host: Host;
  /** The check's name without the host id: `app renders`, `serves /v3/api-docs/reference`. */
  readonly name: string;
  /** `<id> <name>`: the test's title, unique within an environment. */
  readonly title: string;
  /** `@app`, `@api`, `@grpc` or `@cdn` (`@app` for any check that opens a browser), and `@<id>`: what `--grep` selects by. */
  readonly tags: readonly string[];
  /** Runs only with the environment's client credentials; skipped, naming them, without. */
  readonly needsCredentials: boolean;
}

/**
 * One check of one host, by kind: each kind carries exactly the facts its body needs, so no check
 * looks up an optional field of its host and throws when it is missing.
 */
export type PlannedCheck =
  /** The app opens in a browser, stays in the environment and shows something. */
  | PlannedBase<'app-renders', AppHost>
  /** IAM's root lands on its own login page, which renders a sign-in form in the browser. */
  | PlannedBase<'login-page', IdentityProviderHost>
  /** The API answers its root below 500, in time. */
  | PlannedBase<'api-answers', ApiHost>
  /** The Actuator health endpoint answers 200 with status UP. */
  | (PlannedBase<'health', ApiHost> & { readonly path: string })
  /** A public document answers 200 with JSON of the documented shape; a springdoc group still listed. */
  | (PlannedBase<'document', ApiHost> & { readonly document: PublicDocument; readonly group?: GroupOf })
  /** The springdoc group list, where served: every listed group is served and valid. */
  | (PlannedBase<'api-groups', ApiHost> & { readonly groups: OpenApiGroups })
  /** The interactive API reference answers 200 with an HTML page. */
  | (PlannedBase<'api-reference', ApiHost> & { readonly path: string })
  /** One of IAM's metadata documents (OpenID or RFC 8414) is served and names its endpoints. */
  | PlannedBase<'oauth-metadata', IdentityProviderHost>
  /** IAM issues a token for the client credentials and the API accepts it. */
  | (PlannedBase<'authenticated-ping', ApiHost> & { readonly path: string })
  /** A gRPC call without a token comes back with a status from the server, not UNAVAILABLE. */
  | (PlannedBase<'grpc-answers', GrpcHost> & { readonly probes: GrpcHost['grpcProbes'] })
  /** A gRPC call with a token from IAM comes back OK. */
  | (PlannedBase<'grpc-authenticated', GrpcHost> & { readonly probes: GrpcHost['grpcProbes'] })
  /** A static asset is served below 400, of its content type, and not empty. */
  | (PlannedBase<'asset', CdnHost> & { readonly asset: StaticAsset });

export type CheckKind = PlannedCheck['kind'];

/** The planned check of one kind. */
export type PlannedOf<Kind extends CheckKind> = Extract<PlannedCheck, { readonly kind: Kind }>;

/** A document check's springdoc group: its name, and the list that should name it. */
export interface GroupOf {
  readonly name: string;
  readonly listPath: string;
}

function planned<Kind extends CheckKind, Host extends HostEntry>(
  host: Host,
  kind: Kind,
  name: string,
  options: { readonly needsCredentials?: boolean; readonly tags?: readonly string[] } = {},
): PlannedBase<Kind, Host> {
  return {
    host,
    kind,
    name,
    title: `${host.id} ${name}`,
    tags: options.tags ?? [`@${host.kind}`, `@${host.id}`],
    needsCredentials: options.needsCredentials ?? false,
  };
}

/** The documents of an API host: its springdoc groups (each naming its list), then its other documents. */
function documentChecks(host: ApiHost): PlannedCheck[] {
  const groups = host.openapiGroups;
  const groupDocuments = (groups?.groups ?? []).map((name) => {
    const document: PublicDocument = { format: 'openapi', path: `${groups!.documentsPath}/${name}` };
    return {
      ...planned(host, 'document', `serves ${document.path}`),
      document,
      group: { name, listPath: groups!.listPath },
    };
  });
  const others = (host.documents ?? []).map((document) => ({
    ...planned(host, 'document', `serves ${document.path}`),
    document,
  }));
  return [...groupDocuments, ...others];
}

function apiChecks(host: ApiHost): PlannedCheck[] {
  const identityProvider = host.identityProvider === undefined ? undefined : (host as IdentityProviderHost);
  return [
    // A browser check, tagged as one: `--grep @api` must not start a browser.
    ...(identityProvider
      ? [planned(identityProvider, 'login-page', 'login page renders', { tags: ['@app', `@${host.id}`] })]
      : []),
    planned(host, 'api-answers', 'api answers'),
    ...(host.health ? [{ ...planned(host, 'health', 'health is UP'), path: host.health }] : []),
    ...(identityProvider ? [planned(identityProvider, 'oauth-metadata', 'serves its OAuth metadata')] : []),
    ...(host.openapiGroups
      ? [{ ...planned(host, 'api-groups', 'lists its API groups'), groups: host.openapiGroups }]
      : []),
    ...documentChecks(host),
    ...(host.apiReference
      ? [{ ...planned(host, 'api-reference', `serves ${host.apiReference}`), path: host.apiReference }]
      : []),
    ...(host.authenticatedPing
      ? [
          {
            ...planned(host, 'authenticated-ping', 'authenticated ping', { needsCredentials: true }),
            path: host.authenticatedPing,
          },
        ]
      : []),
  ];
}

/** The checks of one host, in the order they run. */
export function checksOfHost(host: HostEntry): PlannedCheck[] {
  switch (host.kind) {
    case 'app':
      return [planned(host, 'app-renders', 'app renders')];
    case 'grpc':
      return [
        { ...planned(host, 'grpc-answers', 'grpc answers'), probes: host.grpcProbes },
        {
          ...planned(host, 'grpc-authenticated', 'grpc authenticated call', { needsCredentials: true }),
          probes: host.grpcProbes,
        },
      ];
    case 'cdn':
      return host.assets.map((asset) => ({ ...planned(host, 'asset', `serves ${asset.path}`), asset }));
    case 'api':
      return apiChecks(host);
  }
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
 * The targets of `environment` worth waking for this run (SMOKE_HOSTS, SMOKE_RETIRED): the runner's
 * first contact and the warm-up both wake these, and no other.
 */
export function targetsToWake(environment: ResolvedEnvironment, current: Settings): readonly Target[] {
  const needed = hostsNeeded(runPlan(current), current.hosts);
  return environment.targets.filter((target) => needed.has(target.host.id));
}

/**
 * Every check of the hosts by test title, host by host in catalog order (the order a report lists
 * them in), for reporters that hold a finished test.
 */
export function plannedByTitle(hosts: readonly HostEntry[]): ReadonlyMap<string, PlannedCheck> {
  return new Map(hosts.flatMap(checksOfHost).map((check) => [check.title, check]));
}

/**
 * The planned check as the kind its body carries out: the spec picks each test's body by its
 * check's kind (`CHECK_BODIES[planned.kind]`), so a mismatch is a bug in the suite, said as such.
 */
export function asKind<Kind extends CheckKind>(planned: PlannedCheck, kind: Kind): PlannedOf<Kind> {
  if (planned.kind !== kind)
    throw new Error(`${planned.title}: the body of '${kind}' was given a '${planned.kind}' check`);
  return planned as PlannedOf<Kind>;
}
