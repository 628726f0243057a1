/**
 * Wink's MCP servers (Model Context Protocol over Streamable HTTP), as an agent finds them: the
 * server's OAuth protected-resource metadata (RFC 9728) names the resource and the authorization
 * server (the environment's IAM); a request without a token answers 401 with a `WWW-Authenticate`
 * header pointing at that metadata; with a token, `initialize` and `tools/list` list the server's
 * tools. Those two JSON-RPC calls are the only POSTs besides the token request that production
 * receives (`src/targets/guard.ts` names them, `MCP_READ_METHODS`). This module holds the protocol's facts and readings;
 * the check kind asks, through the suite's HTTP client.
 */

/** The MCP revision the suite speaks in `initialize`. */
export const MCP_PROTOCOL_VERSION = '2025-06-18';

/** RFC 9728's well-known path, inserted between the origin and the resource's path. */
const PROTECTED_RESOURCE = '/.well-known/oauth-protected-resource';

/**
 * Where a resource's metadata may be: RFC 9728's path-inserted URL first
 * (`/.well-known/oauth-protected-resource/mcp`), then the origin's, which Wink's docs name.
 */
export function metadataUrls(mcpUrl: string): string[] {
  const url = new URL(mcpUrl);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return [...new Set([`${url.origin}${PROTECTED_RESOURCE}${path}`, `${url.origin}${PROTECTED_RESOURCE}`])];
}

const sameUrl = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** What is wrong with a protected-resource metadata document for this server, or undefined. */
export function metadataProblem(document: unknown, mcpUrl: string, iamUrl: string): string | undefined {
  if (typeof document !== 'object' || document === null) return 'the metadata is not a JSON object';
  const { resource, authorization_servers: servers } = document as Record<string, unknown>;
  if (typeof resource !== 'string') return 'the metadata names no resource';
  if (!sameUrl(resource, mcpUrl)) return `the metadata's resource is ${resource}, not ${mcpUrl}`;
  if (!Array.isArray(servers) || servers.length === 0) return 'the metadata names no authorization server';
  const iam = new URL(iamUrl).origin;
  if (!servers.some((server) => typeof server === 'string' && new URL(server, iamUrl).origin === iam))
    return `the metadata's authorization servers (${servers.join(', ')}) do not include the environment's IAM, ${iam}`;
  return undefined;
}

/** The metadata URL a 401's `WWW-Authenticate` points at (`resource_metadata="..."`), if any. */
export function resourceMetadataOf(wwwAuthenticate: string | undefined): string | undefined {
  return /resource_metadata="([^"]+)"/i.exec(wwwAuthenticate ?? '')?.[1];
}

/** The JSON-RPC requests the suite sends: read-only, and only with a token. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'wink-smoke', version: '1' } },
} as const;
export const TOOLS_LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} } as const;

/** The headers every MCP POST carries: Streamable HTTP answers as JSON or as an event stream. */
export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/**
 * The JSON-RPC message of an answer, sent as JSON or as one event of a stream (`data: {...}`);
 * undefined when it holds neither.
 */
export function jsonRpcMessage(contentType: string | undefined, body: string): Record<string, unknown> | undefined {
  const texts = (contentType ?? '').includes('text/event-stream')
    ? body
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
    : [body];
  for (const text of texts) {
    try {
      const message = JSON.parse(text) as unknown;
      if (typeof message === 'object' && message !== null && 'jsonrpc' in message) return message;
    } catch {
      // Not this event: another may hold the message.
    }
  }
  return undefined;
}

/** The tools' names a `tools/list` result lists; undefined when the message is not such a result. */
export function toolNames(message: Record<string, unknown> | undefined): string[] | undefined {
  const tools = (message?.result as { tools?: unknown } | undefined)?.tools;
  if (!Array.isArray(tools)) return undefined;
  return tools.flatMap((tool) =>
    typeof (tool as { name?: unknown }).name === 'string' ? [(tool as { name: string }).name] : [],
  );
}
