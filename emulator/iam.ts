/**
 * The emulated IAM's OAuth 2.0 / OpenID Connect side: a real authorization server (oidc-provider,
 * an OpenID-certified implementation), with Spring Authorization Server's routes, the
 * client-credentials grant, and the clients given at start. The emulated inventory host verifies
 * the tokens it receives against it. Tokens are opaque and live in the provider's memory.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider';

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Paths Wink's IAM serves (Spring Authorization Server's, userinfo under `/oauth2/` like the rest
 * rather than Spring's default `/userinfo`); discovery documents are served by the provider too.
 */
const ROUTES = {
  authorization: '/oauth2/authorize',
  token: '/oauth2/token',
  jwks: '/oauth2/jwks',
  introspection: '/oauth2/introspect',
  revocation: '/oauth2/revoke',
  userinfo: '/oauth2/userinfo',
  end_session: '/connect/logout',
} as const;

export const INVENTORY_SCOPES = ['inventory.read', 'inventory.write'] as const;

export interface EmulatedIam {
  /** Does the provider serve this path (its routes and `/.well-known/*`)? */
  serves(pathname: string): boolean;
  readonly handle: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  /** The client a bearer token was issued to, or why it is not accepted. */
  verify(token: string): Promise<{ ok: true; clientId: string } | { ok: false; reason: string }>;
  /** Every access token issued so far (for the self-tests' scan of artifacts). */
  readonly issuedTokens: readonly string[];
  /** Where the provider serves its metadata (OpenID Connect discovery). */
  readonly discoveryPath: string;
}

/**
 * The provider's store, one Map per emulator. Passing one silences the development adapter's warning,
 * which concerns production deployments, not an emulator; the client-credentials grant uses only
 * the by-id methods.
 */
function memoryAdapter(): (model: string) => Adapter {
  const store = new Map<string, AdapterPayload>();
  return (model) => {
    const key = (id: string): string => `${model}:${id}`;
    return {
      upsert: (id, payload) => Promise.resolve(void store.set(key(id), payload)),
      find: (id) => Promise.resolve(store.get(key(id))),
      findByUid: () => Promise.resolve(undefined),
      findByUserCode: () => Promise.resolve(undefined),
      consume: (id) =>
        Promise.resolve(void Object.assign(store.get(key(id)) ?? {}, { consumed: Math.floor(Date.now() / 1000) })),
      destroy: (id) => Promise.resolve(void store.delete(key(id))),
      revokeByGrantId: () => Promise.resolve(),
    };
  };
}

export async function createIam(
  issuer: string,
  clients: readonly OAuthClient[],
  options: { revokeIssuedTokens?: boolean } = {},
): Promise<EmulatedIam> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'emulator', alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: INVENTORY_SCOPES.join(' '),
    })),
    scopes: ['openid', ...INVENTORY_SCOPES],
    features: {
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      devInteractions: { enabled: false },
    },
    routes: ROUTES,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // Ten minutes: longer than any run; the suite fetches one token per run.
    ttl: { ClientCredentials: 600 },
    findAccount: () => undefined,
    adapter: memoryAdapter(),
  });
  const issuedTokens: string[] = [];
  provider.on('grant.success', (ctx) => {
    const body = ctx.body as { access_token?: string } | undefined;
    if (body?.access_token) issuedTokens.push(body.access_token);
  });
  if (options.revokeIssuedTokens) {
    // A token revoked as soon as it is issued: the API must refuse it.
    provider.on('client_credentials.saved', (token: { destroy(): Promise<void> }) => {
      void token.destroy();
    });
  }
  const callback = provider.callback();
  const paths = new Set<string>(Object.values(ROUTES));
  return {
    serves: (pathname) => paths.has(pathname) || pathname.startsWith('/.well-known/'),
    handle: (request, response) => void callback(request, response),
    issuedTokens,
    discoveryPath: '/.well-known/openid-configuration',
    async verify(token) {
      const found = await provider.ClientCredentials.find(token);
      if (!found) return { ok: false, reason: 'unknown, expired or revoked token' };
      if (!found.scope?.split(' ').includes('inventory.read'))
        return { ok: false, reason: 'token lacks inventory.read' };
      return { ok: true, clientId: found.clientId ?? 'unknown' };
    },
  };
}
