/**
 * The catalog: every host of Wink's environments page, declared once.
 *
 * Projects, generated tests, warm-up targets, the emulator's routes, URL overrides and the drift
 * check all iterate this module; no host URL is written anywhere else. The source documents are the
 * revisions of the "Environments" page in `selftest/pages/`. `SMOKE_CATALOG` replaces it with
 * a file of the same shape, validated by `HOST_ENTRY_SCHEMA`, which is typed against `HostEntry`.
 */
import { z } from 'zod';
import type { EnvironmentName, RealEnvironmentName } from './environments.ts';

export {
  ENVIRONMENTS,
  REAL_ENVIRONMENTS,
  isEnvironmentName,
  type EnvironmentName,
  type RealEnvironmentName,
} from './environments.ts';

/**
 * An API host is called with an HTTP client; an app host is opened in a real browser; a gRPC host is
 * called over gRPC (HTTP/2), its plain-HTTP listener answering 415; a CDN host serves static assets.
 */
export type HostKind = 'api' | 'app' | 'grpc' | 'cdn';

/**
 * A public document a host serves without authentication, whose shape a check verifies.
 * `openapi`: an OpenAPI JSON document (Spring's springdoc groups); `oidc-discovery`: an OpenID
 * Connect discovery document, where a client finds the token endpoint and JWKS.
 */
export interface PublicDocument {
  readonly format: 'openapi' | 'oidc-discovery';
  /** Absolute path on the host, starting with `/`. */
  readonly path: string;
}

/** Where a fact of the catalog comes from: the document or repository path that shows it, and its date. */
export interface FactSource {
  /** The fact, in a few words: `springdoc groups`, `Partner probe methods`. */
  readonly fact: string;
  /** The document, page or repository path that shows it. */
  readonly source: string;
  /** When that source showed it: `2026-08-08`, or a month `2026-07`. */
  readonly date: string;
}

/** What every host has, whatever its kind. */
interface HostBase {
  /** Stable id, kebab case: used in test titles, tags, variables (`STAGING_<ID>_URL`) and reports. */
  readonly id: string;
  /** The row's name on the environments page, in the languages the seeds use; a plain name when not on it. */
  readonly docsName: string;
  /** Base URL of the host in each real environment, without a trailing slash. */
  readonly urls: Readonly<Record<RealEnvironmentName, string>>;
  /**
   * Set when the current environments page no longer lists the host (the reason, in words). A retired
   * host is still checked until someone removes it from the catalog on purpose.
   */
  readonly retired?: string;
  /**
   * Set for a host the environments page never lists (the Elements CDN): where it is published
   * instead. The drift check leaves such a host alone and says so.
   */
  readonly offPage?: string;
  /** The sources of the host's facts beyond the environments page, newest knowledge first. */
  readonly sources?: readonly FactSource[];
}

/** Spring's springdoc group list: the groups a service publishes, each at `/v3/api-docs/<group>`. */
export interface OpenApiGroups {
  /** The group list (`/v3/api-docs/swagger-config`, whose `urls[]` names each group and its path). */
  readonly listPath: string;
  /** The groups the catalog knows, each checked as a document at `<documentsPath>/<group>`. */
  readonly groups: readonly string[];
  /** Where the groups' documents are: `/v3/api-docs`. */
  readonly documentsPath: string;
}

export interface ApiHost extends HostBase {
  readonly kind: 'api';
  /** The host's known public documents besides its springdoc groups; each gets a check of its own. */
  readonly documents?: readonly PublicDocument[];
  /** The host's springdoc groups: each is a document check, and the list itself is read where served. */
  readonly openapiGroups?: OpenApiGroups;
  /** Path answering an authenticated GET with a bearer token from IAM: the credentials check. */
  readonly authenticatedPing?: string;
  /** An interactive API reference the host serves as an HTML page (inventory's `/scalar`). */
  readonly apiReference?: string;
  /** Set on the host that issues tokens and serves the login page every app redirects to. */
  readonly identityProvider?: IdentityProvider;
  /** A Spring Boot Actuator health endpoint: 200 with `"status":"UP"` when the service is healthy. */
  readonly health?: string;
}

export interface AppHost extends HostBase {
  readonly kind: 'app';
  /** The app sends anonymous visitors to IAM's login; landing there counts as rendering. */
  readonly requiresLogin?: boolean;
}

export interface GrpcHost extends HostBase {
  readonly kind: 'grpc';
  /**
   * The read-only methods that prove the service is up (without a token) and that a token works,
   * tried in order: the first one the server implements decides; UNIMPLEMENTED moves to the next.
   */
  readonly grpcProbes: readonly [string, ...string[]];
}

/** A static file a CDN serves to every hotel site: what it must be served as. */
export interface StaticAsset {
  /** Absolute path on the host. */
  readonly path: string;
  /** A word the answer's content type must contain: `javascript`, `css`. */
  readonly contentType: string;
}

export interface CdnHost extends HostBase {
  readonly kind: 'cdn';
  /** Each asset is a check: served below 400, of its content type, and not empty. */
  readonly assets: readonly [StaticAsset, ...StaticAsset[]];
}

/** One host of an environment, by kind: each kind has exactly the facts its checks need. */
export type HostEntry = ApiHost | AppHost | GrpcHost | CdnHost;

/** Where an OAuth 2.0 authorization server keeps the paths its clients and visitors use. */
export interface IdentityProvider {
  /** The login page every unauthenticated path and every app's sign-in lands on. */
  readonly loginPath: string;
  /** Authorization-server metadata documents, in the order tried: OpenID Connect discovery, RFC 8414. */
  readonly metadataPaths: readonly string[];
  /** The documented token endpoint, used when no metadata document names one. */
  readonly tokenPath: string;
}

const httpUrl = z.url({ protocol: /^https?$/ });
const absolutePath = z.string().startsWith('/', 'expected an absolute path starting with /');
const grpcMethod = z.string().regex(/^\/[\w.]+\/\w+$/, 'expected a gRPC method path such as /package.Service/Method');

const hostBase = {
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id'),
  docsName: z.string(),
  urls: z.strictObject({ staging: httpUrl, production: httpUrl }),
  retired: z.string().optional(),
  offPage: z.string().optional(),
  sources: z
    .array(z.strictObject({ fact: z.string(), source: z.string(), date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/) }))
    .optional(),
};

/** The shape of a catalog entry, for `SMOKE_CATALOG` files; checked against `HostEntry` below. */
export const HOST_ENTRY_SCHEMA = z.discriminatedUnion('kind', [
  z.strictObject({
    ...hostBase,
    kind: z.literal('api'),
    documents: z
      .array(z.strictObject({ format: z.enum(['openapi', 'oidc-discovery']), path: absolutePath }))
      .optional(),
    openapiGroups: z
      .strictObject({ listPath: absolutePath, groups: z.array(z.string().min(1)), documentsPath: absolutePath })
      .optional(),
    authenticatedPing: absolutePath.optional(),
    apiReference: absolutePath.optional(),
    identityProvider: z
      .strictObject({ loginPath: absolutePath, metadataPaths: z.array(absolutePath).min(1), tokenPath: absolutePath })
      .optional(),
    health: absolutePath.optional(),
  }),
  z.strictObject({ ...hostBase, kind: z.literal('app'), requiresLogin: z.boolean().optional() }),
  z.strictObject({ ...hostBase, kind: z.literal('grpc'), grpcProbes: z.tuple([grpcMethod], grpcMethod) }),
  z.strictObject({
    ...hostBase,
    kind: z.literal('cdn'),
    assets: z.tuple(
      [z.strictObject({ path: absolutePath, contentType: z.string().min(1) })],
      z.strictObject({ path: absolutePath, contentType: z.string().min(1) }),
    ),
  }),
]);

/**
 * Compiles only while the schema and `HostEntry` describe the same fields with the same types
 * (compared without `readonly` and without zod's `| undefined` on optional fields). Every field is
 * made required for the comparison: an optional field on one side only would otherwise match.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { -readonly [K in keyof T]-?: Plain<Exclude<T[K], undefined>> }
    : T;
const schemaMatchesHostEntry: Same<Plain<z.infer<typeof HOST_ENTRY_SCHEMA>>, Plain<HostEntry>> = true;
void schemaMatchesHostEntry;

/** Wink's docs repository: its OpenAPI schema sync, re-verified against production. */
const SCHEMA_SYNC = 'Wink docs repository: OpenAPI schema sync';
/** Wink's public status page (an UptimeFlare deployment): what it checks on each host. */
const STATUS_PAGE_CONFIG = "Wink's status page configuration (status.wink.travel)";

/** Inventory's springdoc groups since the regroup of 2026-06-21. */
const INVENTORY_GROUPS = [
  'reference',
  'extranet',
  'booking-engine',
  'studio',
  'social',
  'link-manager',
  'settings',
  'payment',
  'user',
  'travel-agent',
] as const;

/** Why the seed revisions' apps that the 2026-07 revision no longer lists are retired. */
const DROPPED_IN_2026_07 =
  'not listed since the 2026-07 revision of the page (the apps became Portal, Booking engine, Link Manager)';

export const CATALOG = [
  {
    id: 'iam',
    kind: 'api',
    docsName: 'IAM',
    urls: { staging: 'https://staging-iam.wink.travel', production: 'https://iam.wink.travel' },
    sources: [
      {
        fact: 'login wall; OAuth endpoints /oauth2/authorize, /oauth2/token',
        source: 'Wink docs site: Authentication',
        date: '2026-08',
      },
      {
        fact: 'discovery documents: public or not, undocumented',
        source: 'Wink docs site: Authentication',
        date: '2026-08',
      },
    ],
    // Its security filter sends every unauthenticated path to the login page; whether the metadata
    // documents are public is not documented, so either one serving is enough, and neither serving
    // (both behind the login wall, or gone) is a contract change, not an outage.
    identityProvider: {
      loginPath: '/login',
      metadataPaths: ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'],
      tokenPath: '/oauth2/token',
    },
  },
  {
    id: 'inventory',
    kind: 'api',
    docsName: 'Inventory / Inventario / Inventaire',
    urls: { staging: 'https://staging-api.wink.travel', production: 'https://api.wink.travel' },
    openapiGroups: {
      listPath: '/v3/api-docs/swagger-config',
      documentsPath: '/v3/api-docs',
      groups: [...INVENTORY_GROUPS],
    },
    // No group published since the 2026-06-21 regroup lists it: if it is gone, the check says contract.
    authenticatedPing: '/api/hello',
    apiReference: '/scalar',
    // Wink's own status page checks this endpoint for "status":"UP".
    health: '/actuator/health',
    sources: [
      { fact: 'springdoc groups (affiliate, common, supplier, ... removed)', source: SCHEMA_SYNC, date: '2026-08-08' },
      { fact: 'API reference at /scalar', source: 'Wink docs site: API reference', date: '2026-08' },
      { fact: 'GET /api/hello, the credentials ping', source: 'Wink docs site: Authentication', date: '2026-06-20' },
      { fact: 'GET /actuator/health with "status":"UP"', source: STATUS_PAGE_CONFIG, date: '2026-08-30' },
    ],
  },
  {
    id: 'integrations',
    kind: 'api',
    docsName: 'Integrations / Integraciones / Intégrations',
    urls: {
      staging: 'https://staging-integrations.wink.travel',
      production: 'https://integrations.wink.travel',
    },
    openapiGroups: {
      listPath: '/v3/api-docs/swagger-config',
      documentsPath: '/v3/api-docs',
      groups: ['channel-manager'],
    },
    health: '/actuator/health',
    sources: [
      { fact: 'springdoc group channel-manager (partner until 2026-08-02)', source: SCHEMA_SYNC, date: '2026-08-08' },
      { fact: 'GET /actuator/health with "status":"UP"', source: STATUS_PAGE_CONFIG, date: '2026-08-30' },
    ],
  },
  {
    id: 'payment-api',
    kind: 'api',
    docsName: 'Payment / Pago / Paiement',
    urls: { staging: 'https://staging-api.trippay.io', production: 'https://api.trippay.io' },
    retired: 'commented out of the servers table since the 004 revision of the page',
    openapiGroups: { listPath: '/v3/api-docs/swagger-config', documentsPath: '/v3/api-docs', groups: ['payment'] },
    sources: [{ fact: 'springdoc group payment (contract before 2022)', source: 'trippay API docs', date: '2022' }],
  },
  {
    id: 'partner',
    kind: 'grpc',
    docsName: 'Partner (gRPC)',
    urls: { staging: 'https://staging-partner.wink.travel', production: 'https://partner.wink.travel' },
    // Read-only probes, tried in order: Echo (described for the older servlet transport), then
    // ListAccounts (free, read-only, no managing-entity header). Without a token any status the
    // server sends proves it is up.
    grpcProbes: ['/wink.grpc.v1.Diagnostics/Echo', '/wink.partner.v1.Accounts/ListAccounts'],
    sources: [
      {
        fact: 'wink.partner.v1 services, Accounts/ListAccounts free and read-only',
        source: 'wink partner-api-proto 1.0.0 release',
        date: '2026-09-02',
      },
      { fact: 'plain HTTP answers 415 when healthy', source: STATUS_PAGE_CONFIG, date: '2026-08-30' },
    ],
  },
  {
    id: 'elements',
    kind: 'cdn',
    docsName: 'Elements CDN',
    urls: { staging: 'https://staging-elements.wink.travel', production: 'https://elements.wink.travel' },
    offPage: "Wink's wink-elements loader and README: the web components every hotel site embeds",
    assets: [
      { path: '/elements.js', contentType: 'javascript' },
      { path: '/styles.css', contentType: 'css' },
    ],
    sources: [{ fact: 'elements.js and styles.css', source: 'wink-elements: README and loader', date: '2026-12' }],
  },
  {
    id: 'portal',
    kind: 'app',
    docsName: 'Portal',
    urls: { staging: 'https://staging-app.wink.travel', production: 'https://app.wink.travel' },
    requiresLogin: true,
  },
  {
    id: 'book',
    kind: 'app',
    docsName: 'Booking engine',
    urls: { staging: 'https://staging-book.wink.travel', production: 'https://book.wink.travel' },
  },
  {
    id: 'winklinks',
    kind: 'app',
    docsName: 'WinkLinks / Link Manager',
    urls: { staging: 'https://staging-i.trvl.as', production: 'https://i.trvl.as' },
  },
  {
    id: 'agent',
    kind: 'app',
    docsName: 'Agent / Agente',
    urls: { staging: 'https://staging-agent.wink.travel', production: 'https://agent.wink.travel' },
    retired: DROPPED_IN_2026_07,
  },
  {
    id: 'corporate',
    kind: 'app',
    docsName: 'Corporate / Corporativo / Entreprise',
    urls: { staging: 'https://staging-group.wink.travel', production: 'https://group.wink.travel' },
    retired: 'not listed since the 004 revision of the page',
  },
  {
    id: 'booking-engine',
    kind: 'app',
    docsName: 'Booking engine (ota)',
    urls: { staging: 'https://staging-ota.wink.travel', production: 'https://ota.wink.travel' },
    retired: 'replaced by the Booking engine on book.wink.travel in the 2026-07 revision of the page',
  },
  {
    id: 'extranet',
    kind: 'app',
    docsName: 'Extranet',
    urls: {
      staging: 'https://staging-extranet.wink.travel',
      production: 'https://extranet.wink.travel',
    },
    requiresLogin: true,
    retired: DROPPED_IN_2026_07,
  },
  {
    id: 'my-account',
    kind: 'app',
    docsName: 'My Account',
    urls: { staging: 'https://staging-my.wink.travel', production: 'https://my.wink.travel' },
    requiresLogin: true,
    retired: 'moved to app.wink.travel (now Portal) in the 2026-05 revision of the page',
  },
  {
    id: 'payment',
    kind: 'app',
    docsName: 'Payment / Pago / Paiement',
    urls: { staging: 'https://staging-pay.wink.travel', production: 'https://pay.wink.travel' },
    retired: DROPPED_IN_2026_07,
  },
  {
    id: 'studio',
    kind: 'app',
    docsName: 'Studio / Estudio',
    urls: { staging: 'https://staging-studio.wink.travel', production: 'https://studio.wink.travel' },
    retired: DROPPED_IN_2026_07,
  },
] as const satisfies readonly HostEntry[];

/** The catalog widened to `HostEntry`, so optional fields read the same on every entry. */
export const HOSTS: readonly HostEntry[] = CATALOG;

/** An API host that issues tokens and serves the login page every app redirects to. */
export type IdentityProviderHost = ApiHost & { readonly identityProvider: IdentityProvider };

/** The host that issues tokens and serves the login page every app redirects to, if the hosts have one. */
export function identityProviderHost(hosts: readonly HostEntry[]): IdentityProviderHost | undefined {
  return hosts.find((host): host is IdentityProviderHost => host.kind === 'api' && host.identityProvider !== undefined);
}

/** The same host among an environment's targets. */
export function identityProviderOf<T extends { readonly host: HostEntry }>(
  targets: readonly T[],
): (T & { readonly host: IdentityProviderHost }) | undefined {
  const host = identityProviderHost(targets.map((target) => target.host));
  return targets.find((target): target is T & { readonly host: IdentityProviderHost } => target.host === host);
}

/** What each environment is and how the suite treats it. */
export interface EnvironmentTraits {
  /** Goes to sleep when idle and needs the warm-up before any check. */
  readonly sleepsWhenIdle: boolean;
  /** Served by the emulator that ships with the project. */
  readonly emulated: boolean;
  /** Only GET and HEAD may be sent (and the token request to IAM). */
  readonly readOnly: boolean;
}

export const ENVIRONMENT_TRAITS = {
  // The docs: "all servers take about a minute to start after the first connection".
  staging: { sleepsWhenIdle: true, emulated: false, readOnly: false },
  production: { sleepsWhenIdle: false, emulated: false, readOnly: true },
  // The emulator plays staging, sleep included, so the warm-up path runs on every local run.
  local: { sleepsWhenIdle: true, emulated: true, readOnly: false },
} as const satisfies Record<EnvironmentName, EnvironmentTraits>;

/** `booking-engine` -> `BOOKING_ENGINE`: the form ids take inside variable names. */
export function idToEnvKey(id: string): string {
  return id.toUpperCase().replaceAll('-', '_');
}

/** The variable that replaces a host's URL in one environment, e.g. `STAGING_MY_ACCOUNT_URL`. */
export function urlOverrideVariable(environment: RealEnvironmentName, id: string): string {
  return `${environment.toUpperCase()}_${idToEnvKey(id)}_URL`;
}
