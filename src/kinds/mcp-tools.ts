/**
 * `<id> mcp /mcp lists its tools`, with credentials only: a token from IAM, then the MCP handshake
 * (`initialize`) and `tools/list` list at least one tool, as an agent sees the server. These two
 * JSON-RPC calls read only; the read-only guard lets them through to production, and no other POST
 * but the token request (`src/targets/guard.ts`). The token travels only in the request's header.
 */
import type { ApiHost } from '../catalog/hosts.ts';
import {
  REQUEST_BOUNDS,
  isGone,
  planned,
  type CallKind,
  type Check,
  type ContractRule,
  type PlannedBase,
} from '../checks/kind.ts';
import { bearerAuthorization } from '../checks/token.ts';
import { textOf, type HttpAnswer } from '../net/http.ts';
import { INITIALIZE, MCP_HEADERS, TOOLS_LIST, jsonRpcMessage, toolNames } from '../net/mcp.ts';

type Planned = PlannedBase<'mcp-tools', ApiHost> & { readonly path: string };

const CONTRACT: ContractRule = { answers: [404, 410] };

/** One JSON-RPC call with the token: its answer, or the check failed naming the call. */
async function call(
  check: Check<Planned>,
  request: typeof INITIALIZE | typeof TOOLS_LIST,
  headers: Readonly<Record<string, string>>,
): Promise<{ answer: HttpAnswer; message: Record<string, unknown> }> {
  const { path } = check.planned;
  return check.step(`POST ${path} ${request.method}`, async () => {
    const sent = await check.http({ path, method: 'POST', headers, body: JSON.stringify(request), redirects: 'none' });
    if (!sent.ok) throw check.fail(sent.fault, `${request.method}: ${sent.cause}`);
    const { answer } = sent;
    check.answered(answer.status);
    if (answer.status === 401 || answer.status === 403)
      throw check.fail(
        'status',
        `the MCP server refused the token IAM issued: HTTP ${answer.status} for ${request.method}`,
      );
    if (isGone(CONTRACT, answer.status))
      throw check.fail(
        'contract',
        `${request.method} answered HTTP ${answer.status}: the MCP server is no longer served`,
      );
    if (answer.status !== 200) throw check.fail('status', `${request.method} answered HTTP ${answer.status}`);
    const message = jsonRpcMessage(answer.headers['content-type'], textOf(answer));
    if (!message || !('result' in message))
      throw check.fail(
        'content',
        `${request.method} answered 200 without a JSON-RPC result${message?.error ? `: ${JSON.stringify(message.error)}` : ''}`,
      );
    check.judgeLatency(`POST ${path} ${request.method}`, sent.latencyMs);
    return { answer, message };
  });
}

export const mcpTools: CallKind<'mcp-tools', Planned> = {
  name: 'mcp-tools',
  passes: 'with credentials only: a token from IAM, then the MCP initialize and tools/list list at least one tool',
  opensPage: false,
  plan: (host) =>
    host.kind === 'api' && host.mcp
      ? [
          {
            ...planned(host, 'mcp-tools', `mcp ${host.mcp} lists its tools`, { needsCredentials: true }),
            path: host.mcp,
          },
        ]
      : [],
  bounds: REQUEST_BOUNDS,
  contract: CONTRACT,
  async run(check) {
    const bearer = await check.token();
    const headers = { ...MCP_HEADERS, authorization: bearerAuthorization(bearer) };
    const initialized = await call(check, INITIALIZE, headers);
    const session = initialized.answer.headers['mcp-session-id'];
    const listed = await call(check, TOOLS_LIST, session ? { ...headers, 'mcp-session-id': session } : headers);
    const tools = toolNames(listed.message) ?? [];
    if (tools.length === 0) throw check.fail('content', 'tools/list listed no tool');
    check.detail(`${tools.length} tools (${tools.slice(0, 3).join(', ')}${tools.length > 3 ? ', ...' : ''})`);
  },
};
