/**
 * The emulated IAM's OAuth 2.0 / OpenID Connect side: a real authorization server (oidc-provider,
 * an OpenID-certified implementation), with Spring Authorization Server's routes, the
 * client-credentials grant, and the clients given at start. The emulated inventory host verifies
 * the tokens it receives against it. Tokens are opaque and live in the provider's memory.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Paths Spring Authorization Server uses; discovery documents are served by the provider too. */
const ROUTES = {
  authorization: '/oauth2/authorize',
  token: '/oauth2/token',
  jwks: '/oauth2/jwks',
  introspection: '/oauth2/introspect',
  revocation: '/oauth2/revoke',
  userinfo: '/userinfo',
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
    async verify(token) {
      const found = await provider.ClientCredentials.find(token);
      if (!found) return { ok: false, reason: 'unknown, expired or revoked token' };
      if (!found.scope?.split(' ').includes('inventory.read'))
        return { ok: false, reason: 'token lacks inventory.read' };
      return { ok: true, clientId: found.clientId ?? 'unknown' };
    },
  };
}
