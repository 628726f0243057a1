/**
 * The catalog: every host of Wink's environments page, declared once.
 *
 * Projects, generated tests, warm-up targets, the emulator's routes, URL overrides and the drift
 * check all iterate this module; no host URL is written anywhere else. The source documents are the
 * revisions of the "Environments" page in `selftest/pages/`. `SMOKE_CATALOG` replaces it with
 * a file of the same shape, validated by `HOST_ENTRY_SCHEMA` (`hosts.ts`), which is typed against `HostEntry`.
 */
import type { EnvironmentName, RealEnvironmentName } from './environments.ts';
import type { HostEntry } from './hosts.ts';

export {
  ENVIRONMENTS,
  REAL_ENVIRONMENTS,
  isEnvironmentName,
  type EnvironmentName,
  type RealEnvironmentName,
} from './environments.ts';

/** Wink's docs repository: its OpenAPI schema sync, re-verified against production. */
const SCHEMA_SYNC = 'Wink docs repository: OpenAPI schema sync';
/** Wink's docs on its MCP servers: the endpoints, their OAuth protected-resource metadata, discovery through IAM. */
const MCP_DOCS = 'Wink docs site: developers/mcp';
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
        fact: 'login wall: every unauthenticated path, /actuator/health included, to /login',
        source: "Wink's status page configuration: its comment on IAM",
        date: '2026-08-30',
      },
      { fact: 'sign-in always starts at IAM', source: 'Wink docs site: account/overview', date: '2026-05-22' },
      {
        fact: 'OAuth endpoints /oauth2/authorize, /oauth2/token, /oauth2/userinfo',
        source: 'Wink docs site: Authentication',
        date: '2026-06-22',
      },
      {
        fact: 'metadata paths /.well-known/openid-configuration, /.well-known/oauth-authorization-server',
        source:
          "no Wink source: the standards' own paths (OpenID Connect Discovery 1.0, RFC 8414); whether Wink serves them publicly is undocumented",
        date: 'none',
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
    // A current read-only operation of the reference group that needs a token and no account id:
    // the token is proven against a live operation. /api/hello left the schemas on 2026-06-21.
    authenticatedPing: '/reference-data/language/list',
    apiReference: '/scalar',
    mcp: '/mcp',
    // Wink's own status page checks this endpoint for "status":"UP".
    health: '/actuator/health',
    sources: [
      { fact: 'MCP server at /mcp, its protected-resource metadata naming IAM', source: MCP_DOCS, date: '2026-08-02' },
      { fact: 'springdoc groups (affiliate, common, supplier, ... removed)', source: SCHEMA_SYNC, date: '2026-08-08' },
      { fact: 'API reference at /scalar', source: 'Wink docs site: API reference', date: '2026-08' },
      {
        fact: 'GET /reference-data/language/list, the credentials ping: read-only, client credentials, no account id',
        source: 'Wink docs repository: schemas/reference.json at 1cfdb685',
        date: '2026-08-08',
      },
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
    mcp: '/mcp',
    health: '/actuator/health',
    sources: [
      { fact: 'springdoc group channel-manager (partner until 2026-08-02)', source: SCHEMA_SYNC, date: '2026-08-08' },
      { fact: 'GET /actuator/health with "status":"UP"', source: STATUS_PAGE_CONFIG, date: '2026-08-30' },
      { fact: 'MCP server at /mcp, its protected-resource metadata naming IAM', source: MCP_DOCS, date: '2026-08-02' },
    ],
  },
  {
    id: 'payment-api',
    kind: 'api',
    docsName: 'Payment / Pago / Paiement',
    urls: { staging: 'https://staging-api.trippay.io', production: 'https://api.trippay.io' },
    retired: 'commented out of the servers table since the 004 revision of the page',
    openapiGroups: { listPath: '/v3/api-docs/swagger-config', documentsPath: '/v3/api-docs', groups: ['payment'] },
    sources: [
      {
        fact: 'springdoc group payment',
        source:
          'wink-travel/trip-pay-sdk-python: its generator reads /v3/api-docs/payment (the docs dropped the TripPay name in v1.0.0)',
        date: '2022',
      },
    ],
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
      {
        fact: 'plain HTTP answers 415 when healthy (gRPC only since the cutover)',
        source: STATUS_PAGE_CONFIG,
        date: '2026-09-02',
      },
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
    sources: [
      {
        fact: 'elements.js and styles.css',
        source: 'wink-elements: README and loader, commit c033f3d',
        date: '2026-03-30',
      },
    ],
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

/** What each environment is and how the suite treats it. */
export interface EnvironmentTraits {
  /** Goes to sleep when idle and needs the warm-up before any check. */
  readonly sleepsWhenIdle: boolean;
  /** Served by the emulator that ships with the project. */
  readonly emulated: boolean;
  /** Receives only requests that read, but for the exceptions `src/targets/guard.ts` names (IAM's token request, the gRPC probes). */
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
