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
 * called over gRPC (HTTP/2), its plain-HTTP listener answering 415.
 */
export type HostKind = 'api' | 'app' | 'grpc';

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

export interface HostEntry {
  /** Stable id, kebab case: used in test titles, tags, variables (`STAGING_<ID>_URL`) and reports. */
  readonly id: string;
  readonly kind: HostKind;
  /** The row's name on the environments page, in the languages the seeds use. */
  readonly docsName: string;
  /** Base URL of the host in each real environment, without a trailing slash. */
  readonly urls: Readonly<Record<RealEnvironmentName, string>>;
  /**
   * Set when the current environments page no longer lists the host (the reason, in words). A retired
   * host is still checked until someone removes it from the catalog on purpose.
   */
  readonly retired?: string;
  /** The host's known public documents; each gets a check of its own. */
  readonly documents?: readonly PublicDocument[];
  /** The app sends anonymous visitors to IAM's login; landing there counts as rendering. */
  readonly requiresLogin?: boolean;
  /** Path answering an authenticated GET with a bearer token from IAM: the credentials check. */
  readonly authenticatedPing?: string;
  /** An interactive API reference the host serves as an HTML page (inventory's `/scalar`). */
  readonly apiReference?: string;
  /** Set on the host that issues tokens and serves the login page every app redirects to. */
  readonly identityProvider?: IdentityProvider;
  /** A Spring Boot Actuator health endpoint: 200 with `"status":"UP"` when the service is healthy. */
  readonly health?: string;
  /** gRPC hosts: the method called to prove the service is up (without a token) and that a token works. */
  readonly grpcProbe?: string;
}

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

/** The shape of a catalog entry, for `SMOKE_CATALOG` files; checked against `HostEntry` below. */
export const HOST_ENTRY_SCHEMA = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id'),
  kind: z.enum(['api', 'app', 'grpc']),
  docsName: z.string(),
  urls: z.strictObject({ staging: httpUrl, production: httpUrl }),
  retired: z.string().optional(),
  documents: z.array(z.strictObject({ format: z.enum(['openapi', 'oidc-discovery']), path: absolutePath })).optional(),
  requiresLogin: z.boolean().optional(),
  authenticatedPing: absolutePath.optional(),
  apiReference: absolutePath.optional(),
  identityProvider: z
    .strictObject({ loginPath: absolutePath, metadataPaths: z.array(absolutePath).min(1), tokenPath: absolutePath })
    .optional(),
  health: absolutePath.optional(),
  grpcProbe: z
    .string()
    .regex(/^\/[\w.]+\/\w+$/, 'expected a gRPC method path such as /package.Service/Method')
    .optional(),
});

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

/** Why the seed revisions' apps that the 2026-07 revision no longer lists are retired. */
const DROPPED_IN_2026_07 =
  'not listed since the 2026-07 revision of the page (the apps became Portal, Booking engine, Link Manager)';

export const CATALOG = [
  {
    id: 'iam',
    kind: 'api',
    docsName: 'IAM',
    urls: { staging: 'https://staging-iam.wink.travel', production: 'https://iam.wink.travel' },
    // Its security filter sends every unauthenticated path to the login page; whether the metadata
    // documents are public is not documented, so either one serving is enough.
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
    documents: [
      { format: 'openapi', path: '/v3/api-docs/affiliate' },
      { format: 'openapi', path: '/v3/api-docs/booking-engine' },
      { format: 'openapi', path: '/v3/api-docs/extranet' },
    ],
    authenticatedPing: '/api/hello',
    apiReference: '/scalar',
    // Wink's own status page checks this endpoint for "status":"UP".
    health: '/actuator/health',
  },
  {
    id: 'integrations',
    kind: 'api',
    docsName: 'Integrations / Integraciones / Intégrations',
    urls: {
      staging: 'https://staging-integrations.wink.travel',
      production: 'https://integrations.wink.travel',
    },
    documents: [{ format: 'openapi', path: '/v3/api-docs/channel-manager' }],
    health: '/actuator/health',
  },
  {
    id: 'payment-api',
    kind: 'api',
    docsName: 'Payment / Pago / Paiement',
    urls: { staging: 'https://staging-api.trippay.io', production: 'https://api.trippay.io' },
    retired: 'commented out of the servers table since the 004 revision of the page',
    documents: [{ format: 'openapi', path: '/v3/api-docs/contract' }],
  },
  {
    id: 'partner',
    kind: 'grpc',
    docsName: 'Partner (gRPC)',
    urls: { staging: 'https://staging-partner.wink.travel', production: 'https://partner.wink.travel' },
    // An authenticated, unmetered probe; without a token any status the server sends proves it is up.
    grpcProbe: '/wink.grpc.v1.Diagnostics/Echo',
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

export type HostId = (typeof CATALOG)[number]['id'];

/** The catalog widened to `HostEntry`, so optional fields read the same on every entry. */
export const HOSTS: readonly HostEntry[] = CATALOG;

/** The host that issues tokens and serves the login page every app redirects to, if the hosts have one. */
export function identityProviderHost(hosts: readonly HostEntry[]): HostEntry | undefined {
  return hosts.find((host) => host.identityProvider !== undefined);
}

/** The same host among an environment's targets. */
export function identityProviderOf<T extends { readonly host: HostEntry }>(targets: readonly T[]): T | undefined {
  const host = identityProviderHost(targets.map((target) => target.host));
  return targets.find((target) => target.host === host);
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
