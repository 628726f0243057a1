/**
 * Production is read-only. This module holds the rule, for the suite's own requests and for the
 * requests an app page makes in the browser:
 *
 * - a read-only environment receives methods that only read (`READ_METHODS`);
 * - the suite's own code may also send it the token request to IAM and the catalog's read-only gRPC
 *   probes. Its requests pass through `assertAllowed`, which the HTTP door (`src/net/http.ts`) asks
 *   before every hop, and its gRPC calls through `assertGrpcAllowed`, which the gRPC door asks;
 * - an app page's other requests to the environment are held back in the browser (`holdsBack`): the
 *   watched page (`src/checks/page.ts`) answers them itself, and lists them in the check's page health.
 *
 * What the suite reads from third parties about Wink (the RDAP servers that tell a domain's expiry,
 * IANA's bootstrap file that names them) goes out by GET only (`sendThirdParty`, in
 * `src/net/third-party.ts`): it reaches no environment and writes nothing, so nothing here needs to
 * let it through.
 */
import { identityProviderOf } from '../catalog/hosts.ts';
import { isFirstParty } from './scope.ts';
import type { ResolvedEnvironment, Target } from './targets.ts';

export class ReadOnlyViolation extends Error {
  override name = 'ReadOnlyViolation';
}

/**
 * The methods that only read, by HTTP's own definition (RFC 9110's safe methods; TRACE, which
 * nothing here needs, left out). OPTIONS is the browser's CORS preflight before a cross-origin call.
 */
export const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;

const READS: ReadonlySet<string> = new Set(READ_METHODS);

/** `GET, HEAD, and OPTIONS`: the read methods in words, for messages. */
const READ_METHODS_IN_WORDS = new Intl.ListFormat('en', { type: 'conjunction' }).format(READ_METHODS);

/** Whether the environment may receive `method` with no exception: anything where writing is allowed, else a read. */
function methodAllowed(environment: ResolvedEnvironment, method: string): boolean {
  return !environment.traits.readOnly || READS.has(method.toUpperCase());
}

/** The MCP calls that only read (`src/net/mcp.ts` sends them): the server's handshake, and the list of its tools. */
export const MCP_READ_METHODS: readonly string[] = ['initialize', 'tools/list'];

/** A POST to an MCP server, as the guard reads it: the JSON-RPC method it calls, and whether it carries a token. */
export interface McpRead {
  readonly rpcMethod: string;
  readonly authorized: boolean;
}

/**
 * Whether a POST is one of the two read-only MCP calls (`initialize`, `tools/list`), with a token, to
 * the MCP endpoint of one of the environment's hosts: the only POSTs besides the token request
 * that production receives.
 */
function isMcpRead(environment: ResolvedEnvironment, method: string, url: string, mcp: McpRead | undefined): boolean {
  if (method.toUpperCase() !== 'POST' || !mcp?.authorized || !MCP_READ_METHODS.includes(mcp.rpcMethod)) return false;
  const asked = new URL(url);
  return environment.targets.some(
    (target) =>
      target.host.kind === 'api' &&
      target.host.mcp !== undefined &&
      new URL(target.url).origin === asked.origin &&
      asked.pathname === target.host.mcp,
  );
}

/**
 * Throws unless the request is allowed in the environment. `tokenEndpoint` is IAM's, when known;
 * `mcp`, what an MCP POST calls.
 */
export function assertAllowed(
  environment: ResolvedEnvironment,
  method: string,
  url: string,
  tokenEndpoint?: string,
  mcp?: McpRead,
): void {
  if (methodAllowed(environment, method) || isMcpRead(environment, method, url, mcp)) return;
  const iam = identityProviderOf(environment.targets);
  const isTokenRequest =
    method.toUpperCase() === 'POST' &&
    tokenEndpoint !== undefined &&
    url === tokenEndpoint &&
    iam !== undefined &&
    new URL(url).origin === new URL(iam.url).origin;
  if (!isTokenRequest) {
    throw new ReadOnlyViolation(
      `${environment.name} is read-only: the suite may send it ${READ_METHODS_IN_WORDS} only; refused ${method.toUpperCase()} ${url}`,
    );
  }
}

/**
 * Whether a request an app page makes in the browser must not reach the environment: in a read-only
 * environment, any method but a read to the environment's hosts or their domains (an analytics
 * POST, a session record, `navigator.sendBeacon`). Where a page's request goes elsewhere it writes
 * nothing of the environment's; a request into the other environment is stopped on its own grounds
 * (`foreignEnvironmentOf`).
 */
export function holdsBack(environment: ResolvedEnvironment, method: string, url: string): boolean {
  return !methodAllowed(environment, method) && isFirstParty(url, environment);
}

/**
 * Throws unless a gRPC call may go to the environment's host: in a read-only environment, only one
 * of the host's catalog `grpcProbes`, read-only calls (Wink's `Diagnostics/Echo`, `Accounts/ListAccounts`).
 */
export function assertGrpcAllowed(environment: ResolvedEnvironment, target: Target, method: string): void {
  if (!environment.traits.readOnly) return;
  if (target.host.kind === 'grpc' && target.host.grpcProbes.includes(method)) return;
  throw new ReadOnlyViolation(
    `${environment.name} is read-only: the suite may call only ${target.host.id}'s probe over gRPC; refused ${method} at ${target.url}`,
  );
}
