/**
 * `<id> mcp /mcp asks for a token`: a request without a token is answered 401, with a
 * `WWW-Authenticate` header whose `resource_metadata` points at the server's protected-resource
 * metadata, as an agent's discovery starts (Wink docs `mcp.mdx`). A GET: read-only everywhere.
 */
import type { ApiHost } from '../catalog/hosts.ts';
import { REQUEST_BOUNDS, isGone, planned, type CallKind, type ContractRule, type PlannedBase } from '../checks/kind.ts';
import { MCP_HEADERS, metadataUrls, resourceMetadataOf } from '../net/mcp.ts';

type Planned = PlannedBase<'mcp-requires-token', ApiHost> & { readonly path: string };

/** The server gone from its path is Wink's change; anything else wrong is an outage. */
const CONTRACT: ContractRule = { answers: [404, 410] };

export const mcpRequiresToken: CallKind<'mcp-requires-token', Planned> = {
  name: 'mcp-requires-token',
  passes: "a request without a token answers 401, its WWW-Authenticate pointing at the server's metadata",
  opensPage: false,
  plan: (host) =>
    host.kind === 'api' && host.mcp
      ? [{ ...planned(host, 'mcp-requires-token', `mcp ${host.mcp} asks for a token`), path: host.mcp }]
      : [],
  bounds: REQUEST_BOUNDS,
  contract: CONTRACT,
  async run(check) {
    const { path } = check.planned;
    const sent = await check.step(`GET ${path} without a token`, () =>
      check.http({ path, headers: { accept: MCP_HEADERS.accept }, redirects: 'none' }),
    );
    if (!sent.ok) throw check.fail(sent.fault, sent.cause);
    const { answer } = sent;
    check.answered(answer.status);
    if (isGone(CONTRACT, answer.status))
      throw check.fail('contract', `GET ${path} answered HTTP ${answer.status}: the MCP server is no longer served`);
    if (answer.status !== 401)
      throw check.fail('status', `GET ${path} without a token answered HTTP ${answer.status}; expected 401`);
    const pointer = resourceMetadataOf(answer.headers['www-authenticate']);
    const expected = metadataUrls(`${check.target.url}${path}`);
    if (pointer === undefined || !expected.includes(pointer))
      throw check.fail(
        'content',
        `GET ${path} answered 401 ${pointer ? `pointing at ${pointer}` : 'with no resource_metadata in WWW-Authenticate'}; expected ${expected[0]}`,
      );
    check.detail(`401 pointing at ${new URL(pointer).pathname}`);
    check.judgeLatency(`GET ${path}`, sent.latencyMs);
  },
};
