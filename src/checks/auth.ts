/**
 * The authenticated ping, the check an integrator cares most about: IAM's token endpoint is found
 * from its metadata documents (else the documented /oauth2/token), a token is obtained with the client-credentials grant, and the API
 * is called with it. These calls use Node's own `fetch`, outside Playwright's request contexts, so
 * no trace, report or attachment records their headers or bodies; what they return to the caller
 * holds the token only as a `Secret`, and causes in words that never quote a credential.
 */
import { assertAllowed } from '../plan/guard.ts';
import { Secret } from '../shared/secret.ts';
import type { IdentityProvider } from '../catalog/hosts.ts';
import type { Credentials } from '../config/settings.ts';
import type { ResolvedEnvironment } from '../plan/targets.ts';
import { describeNetworkError, type FaultClass } from '../shared/faults.ts';

export type Outcome<T> =
  ({ readonly ok: true } & T) | { readonly ok: false; readonly fault: FaultClass; readonly cause: string };

/** The scope the ping needs. */
export const PING_SCOPE = 'inventory.read';
/** The API version the ping asks for, as Wink's SDKs do. */
export const WINK_VERSION = '2.0';

/** Node's fetch reports network failures as `fetch failed` with the errno code in its cause. */
function describeFetchError(error: unknown): { fault: FaultClass; cause: string } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = [(error as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
  return describeNetworkError(new Error(detail));
}

/** The OAuth error code of a JSON error body (`invalid_client`), never the body itself. */
async function oauthError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? ` (${body.error})` : '';
  } catch {
    return '';
  }
}

/** Where the token request goes, and how the suite learnt it. */
export interface TokenEndpoint {
  readonly url: string;
  /** `named by /.well-known/openid-configuration`, or `the documented /oauth2/token`. */
  readonly source: string;
}

/**
 * The token endpoint that IAM's metadata names (each document tried in turn, without following
 * redirects: behind the login wall a document redirects to the login page), else the documented one.
 * All the documents share one `timeoutMs`: a hanging IAM costs one timeout here, not one per
 * document, and the token request its own after, two in all.
 */
export async function findTokenEndpoint(
  environment: ResolvedEnvironment,
  iamUrl: string,
  provider: IdentityProvider,
  timeoutMs: number,
): Promise<TokenEndpoint> {
  const deadline = AbortSignal.timeout(timeoutMs);
  for (const path of provider.metadataPaths) {
    if (deadline.aborted) break;
    try {
      assertAllowed(environment, 'GET', `${iamUrl}${path}`);
      const response = await fetch(`${iamUrl}${path}`, {
        redirect: 'manual',
        headers: { accept: 'application/json' },
        signal: deadline,
      });
      if (!response.ok) {
        await response.body?.cancel();
        continue;
      }
      const metadata = (await response.json()) as { token_endpoint?: unknown };
      if (typeof metadata.token_endpoint === 'string') {
        return { url: metadata.token_endpoint, source: `named by ${path}` };
      }
    } catch {
      // Not served, or not JSON: the next document, or the documented endpoint, is tried.
    }
  }
  return { url: `${iamUrl}${provider.tokenPath}`, source: `the documented ${provider.tokenPath}` };
}

export async function fetchToken(
  environment: ResolvedEnvironment,
  tokenEndpoint: string,
  credentials: Credentials,
  timeoutMs: number,
): Promise<Outcome<{ token: Secret }>> {
  try {
    assertAllowed(environment, 'POST', tokenEndpoint, tokenEndpoint);
    const basic = Buffer.from(
      `${encodeURIComponent(credentials.clientId.reveal())}:${encodeURIComponent(credentials.clientSecret.reveal())}`,
    ).toString('base64');
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: PING_SCOPE }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      return {
        ok: false,
        fault: 'status',
        cause: `IAM refused the client credentials: HTTP ${response.status}${await oauthError(response)} from its token endpoint`,
      };
    }
    const body = (await response.json()) as { access_token?: unknown };
    if (typeof body.access_token !== 'string')
      return { ok: false, fault: 'content', cause: 'IAM answered the token request without an access_token' };
    return { ok: true, token: new Secret(body.access_token) };
  } catch (error) {
    const { fault, cause } = describeFetchError(error);
    return { ok: false, fault, cause: `IAM's token endpoint: ${cause}` };
  }
}

/** GET the ping path with the token; the API's refusal is told apart from IAM's. */
export async function ping(
  environment: ResolvedEnvironment,
  url: string,
  token: Secret,
  timeoutMs: number,
): Promise<Outcome<{ status: number; latencyMs: number }>> {
  const started = performance.now();
  try {
    assertAllowed(environment, 'GET', url);
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token.reveal()}`, 'wink-version': WINK_VERSION, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const latencyMs = Math.round(performance.now() - started);
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
      return {
        ok: false,
        fault: 'status',
        cause: `the API refused the token IAM issued: HTTP ${response.status} for GET ${new URL(url).pathname}`,
      };
    }
    // The ping path is a documented surface: gone (404) or no longer a GET (405) is Wink's change, not an outage.
    if (response.status === 404 || response.status === 405) {
      return {
        ok: false,
        fault: 'contract',
        cause: `GET ${new URL(url).pathname} with a token answered HTTP ${response.status}: the ping path is no longer served`,
      };
    }
    if (!response.ok)
      return {
        ok: false,
        fault: 'status',
        cause: `GET ${new URL(url).pathname} with a token answered HTTP ${response.status}`,
      };
    return { ok: true, status: response.status, latencyMs };
  } catch (error) {
    const { fault, cause } = describeFetchError(error);
    return { ok: false, fault, cause: `GET ${new URL(url).pathname} with a token: ${cause}` };
  }
}
