/**
 * The emulator's MCP servers, as Wink serves them on its API hosts (docs `mcp.mdx`): the protected
 * resource metadata (RFC 9728) at the path-inserted well-known URL, naming the environment's IAM; a
 * request without a valid token answered 401 with `WWW-Authenticate` pointing at that metadata; with
 * one, JSON-RPC `initialize` and `tools/list` answered with the server's tools. Its faults: the
 * metadata gone (404: a contract change), and the endpoint failing (503).
 */
import type http from 'node:http';
import { MCP_PROTOCOL_VERSION, metadataUrls } from '../src/net/mcp.ts';
import { json, type Answer } from './content.ts';
import type { EmulatedIam } from './iam.ts';

/** How the scenario breaks an MCP server. */
export type McpFault = 'mcp-metadata-gone' | 'mcp-down';

/** The tools an emulated server lists: a few of the read-only kind Wink's servers offer. */
const TOOLS = [
  { name: 'list_properties', description: 'The properties of the managing entity', inputSchema: { type: 'object' } },
  { name: 'get_rates', description: 'Rates of a property for a stay', inputSchema: { type: 'object' } },
];

const bodyOf = (request: http.IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve(text));
  });

/** The JSON-RPC answer to one authenticated request. */
function rpcAnswer(message: { id?: unknown; method?: unknown }, serverName: string): Answer {
  if (message.method === 'initialize')
    return {
      ...json(200, {
        jsonrpc: '2.0',
        id: message.id,
        result: {
          protocolVersion: MCP_PROTOCOL_VERSION,
          capabilities: { tools: { listChanged: false } },
          serverInfo: { name: serverName, version: '34.5.2-SNAPSHOT' },
        },
      }),
      headers: { 'mcp-session-id': `session-${Date.now()}` },
    };
  if (message.method === 'tools/list') return json(200, { jsonrpc: '2.0', id: message.id, result: { tools: TOOLS } });
  if (message.method === 'notifications/initialized') return { status: 202 };
  return json(200, { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
}

/**
 * The answer of the MCP server at `mcpUrl` (the host's own URL and path) to this request, or
 * undefined when the request is not the server's.
 */
export async function mcpAnswer(
  request: http.IncomingMessage,
  url: URL,
  mcpUrl: string,
  iamUrl: string,
  iam: EmulatedIam,
  fault: McpFault | undefined,
): Promise<Answer | undefined> {
  const [metadataUrl] = metadataUrls(mcpUrl);
  const mcpPath = new URL(mcpUrl).pathname;
  if (url.pathname === new URL(metadataUrl!).pathname) {
    if (fault === 'mcp-metadata-gone') return json(404, { status: 404, error: 'Not Found', path: url.pathname });
    return json(200, { resource: mcpUrl, authorization_servers: [iamUrl], bearer_methods_supported: ['header'] });
  }
  if (url.pathname !== mcpPath) return undefined;
  if (fault === 'mcp-down') return json(503, { error: 'Service Unavailable' });
  const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  const verdict = token ? await iam.verify(token) : { ok: false as const, reason: 'no bearer token' };
  if (!verdict.ok)
    return {
      ...json(401, { error: 'invalid_token', error_description: verdict.reason }),
      headers: { 'www-authenticate': `Bearer error="invalid_token", resource_metadata="${metadataUrl}"` },
    };
  if (request.method !== 'POST') return { status: 405, headers: { allow: 'POST' } };
  let message: { id?: unknown; method?: unknown };
  try {
    message = JSON.parse(await bodyOf(request)) as typeof message;
  } catch {
    return json(400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
  }
  return rpcAnswer(message, `wink-${new URL(mcpUrl).hostname}`);
}
