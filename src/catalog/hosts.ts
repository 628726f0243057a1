/**
 * What a host of the catalog is, by kind: the types every layer above reads, the schema a
 * `SMOKE_CATALOG` file is checked against (typed against the same types), and the identity
 * provider among hosts. The hosts themselves are data, in `catalog.ts`.
 */
import { z } from 'zod';
import type { RealEnvironmentName } from './environments.ts';

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
  /**
   * When that source showed it: `2026-08-08`, a month `2026-07`, or only a year `2022` for an old one;
   * `none` for a fact no Wink source gives (the source then says so).
   */
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
  /**
   * The path of the host's MCP server (Streamable HTTP, `/mcp`), whose OAuth protected-resource
   * metadata names the environment's IAM: its metadata, its 401 and, with a token, its tools are checked.
   */
  readonly mcp?: string;
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
    .array(
      z.strictObject({
        fact: z.string(),
        source: z.string(),
        date: z.string().regex(/^(\d{4}(-\d{2}(-\d{2})?)?|none)$/),
      }),
    )
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
    mcp: absolutePath.optional(),
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

/** An API host that issues tokens and serves the login page every app redirects to. */
export type IdentityProviderHost = ApiHost & { readonly identityProvider: IdentityProvider };

/** Whether `host` issues tokens and serves the login page every app redirects to. */
export function isIdentityProvider(host: HostEntry): host is IdentityProviderHost {
  return host.kind === 'api' && host.identityProvider !== undefined;
}

/** The host that issues tokens and serves the login page every app redirects to, if the hosts have one. */
export function identityProviderHost(hosts: readonly HostEntry[]): IdentityProviderHost | undefined {
  return hosts.find(isIdentityProvider);
}

/** The same host among an environment's targets. */
export function identityProviderOf<T extends { readonly host: HostEntry }>(
  targets: readonly T[],
): (T & { readonly host: IdentityProviderHost }) | undefined {
  const host = identityProviderHost(targets.map((target) => target.host));
  return targets.find((target): target is T & { readonly host: IdentityProviderHost } => target.host === host);
}
