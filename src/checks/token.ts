/**
 * The token the authenticated checks need: IAM's token endpoint is found from its metadata
 * documents (else the documented /oauth2/token), and a token is obtained with the client-credentials
 * grant, through the one HTTP door. Nothing here records a header or a body; what it returns holds
 * the token only as a `Secret`, and causes in words that never quote a credential.
 */
import type { IdentityProvider } from '../catalog/hosts.ts';
import type { Credentials } from '../config/settings.ts';
import { jsonOf, sendHttp, type HttpAnswer } from '../net/http.ts';
import { Secret } from '../shared/secret.ts';
import type { FaultClass } from '../shared/faults.ts';
import type { ResolvedEnvironment } from '../targets/targets.ts';

export type Outcome<T> =
  ({ readonly ok: true } & T) | { readonly ok: false; readonly fault: FaultClass; readonly cause: string };

/** The scope the ping needs. */
export const PING_SCOPE = 'inventory.read';

/**
 * The `authorization` header's value that carries `token`. Kept here, beside where the token is
 * made: a check's own source is shown in its trace, and holds no word of the header.
 */
export function bearerAuthorization(token: Secret): string {
  return `Bearer ${token.reveal()}`;
}

/** The OAuth error code of a JSON error body (`invalid_client`), never the body itself. */
function oauthError(answer: HttpAnswer): string {
  const body = jsonOf(answer) as { error?: unknown } | undefined;
  return typeof body?.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? ` (${body.error})` : '';
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
  const deadline = performance.now() + timeoutMs;
  for (const path of provider.metadataPaths) {
    const left = Math.round(deadline - performance.now());
    if (left <= 0) break;
    const sent = await sendHttp(environment, {
      url: `${iamUrl}${path}`,
      redirects: 'none',
      headers: { accept: 'application/json' },
      timeoutMs: left,
    });
    // Not served, or not JSON: the next document, or the documented endpoint, is tried.
    if (!sent.ok || sent.answer.status < 200 || sent.answer.status >= 300) continue;
    const metadata = jsonOf(sent.answer) as { token_endpoint?: unknown } | undefined;
    if (typeof metadata?.token_endpoint === 'string') {
      return { url: metadata.token_endpoint, source: `named by ${path}` };
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
  const basic = Buffer.from(
    `${encodeURIComponent(credentials.clientId.reveal())}:${encodeURIComponent(credentials.clientSecret.reveal())}`,
  ).toString('base64');
  const sent = await sendHttp(environment, {
    method: 'POST',
    url: tokenEndpoint,
    tokenRequest: true,
    // A token endpoint answers; one that redirects is refusing, and the credentials go nowhere else.
    redirects: 'none',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: PING_SCOPE }).toString(),
    timeoutMs,
  });
  if (!sent.ok) return { ok: false, fault: sent.fault, cause: `IAM's token endpoint: ${sent.reason}` };
  const { answer } = sent;
  if (answer.status < 200 || answer.status >= 300) {
    return {
      ok: false,
      fault: 'status',
      cause: `IAM refused the client credentials: HTTP ${answer.status}${oauthError(answer)} from its token endpoint`,
    };
  }
  const body = jsonOf(answer) as { access_token?: unknown } | undefined;
  if (typeof body?.access_token !== 'string')
    return { ok: false, fault: 'content', cause: 'IAM answered the token request without an access_token' };
  return { ok: true, token: new Secret(body.access_token) };
}

/** A token for the environment's client, and where its endpoint came from. */
export type IssuedToken = Outcome<{ token: Secret; endpointSource: string }>;

/** Finds IAM's token endpoint and asks it for a token: what a worker does once, for all its checks. */
export async function issueToken(
  environment: ResolvedEnvironment,
  iam: { readonly url: string; readonly provider: IdentityProvider },
  credentials: Credentials,
  timeoutMs: number,
): Promise<IssuedToken> {
  const endpoint = await findTokenEndpoint(environment, iam.url, iam.provider, timeoutMs);
  const issued = await fetchToken(environment, endpoint.url, credentials, timeoutMs);
  return issued.ok ? { ...issued, endpointSource: endpoint.source } : issued;
}
