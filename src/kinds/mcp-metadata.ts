/**
 * `<id> mcp /mcp publishes its metadata`: an agent finds the MCP server's authorization server in
 * its OAuth protected-resource metadata (RFC 9728, Wink docs `mcp.mdx`): served at the path-inserted
 * well-known URL (or the origin's), it names this server as its resource and the environment's IAM
 * among its authorization servers. Gone from both places, or behind a login, is a contract change.
 */
import { identityProviderOf, type ApiHost } from '../catalog/hosts.ts';
import { REQUEST_BOUNDS, isGone, planned, type CallKind, type ContractRule, type PlannedBase } from '../checks/kind.ts';
import { jsonOf } from '../net/http.ts';
import { metadataProblem, metadataUrls } from '../net/mcp.ts';

type Planned = PlannedBase<'mcp-metadata', ApiHost> & { readonly path: string };

/** Gone, or behind the login the metadata exists to lead to: either way no agent can discover the server. */
const CONTRACT: ContractRule = { answers: [401, 403, 404, 410] };

export const mcpMetadata: CallKind<'mcp-metadata', Planned> = {
  name: 'mcp-metadata',
  passes:
    "the MCP server's protected-resource metadata (RFC 9728) is served, naming the server and the environment's IAM",
  opensPage: false,
  plan: (host) =>
    host.kind === 'api' && host.mcp
      ? [{ ...planned(host, 'mcp-metadata', `mcp ${host.mcp} publishes its metadata`), path: host.mcp }]
      : [],
  bounds: REQUEST_BOUNDS,
  contract: CONTRACT,
  async run(check) {
    const mcpUrl = `${check.target.url}${check.planned.path}`;
    const iam = identityProviderOf(check.environment.targets);
    const gone: string[] = [];
    for (const url of metadataUrls(mcpUrl)) {
      const path = new URL(url).pathname;
      const sent = await check.step(`GET ${path}`, () => check.http({ path, headers: { accept: 'application/json' } }));
      if (!sent.ok) throw check.fail(sent.fault, sent.cause);
      if (isGone(CONTRACT, sent.answer.status)) {
        gone.push(`${path} (HTTP ${sent.answer.status})`);
        continue;
      }
      check.answered(sent.answer.status);
      if (sent.answer.status !== 200) throw check.fail('status', `GET ${path} answered HTTP ${sent.answer.status}`);
      const problem = await check.step('metadata names the server and IAM', () =>
        iam ? metadataProblem(jsonOf(sent.answer), mcpUrl, iam.url) : undefined,
      );
      if (problem) throw check.fail('content', `GET ${path}: ${problem}`);
      check.detail(`metadata at ${path}`);
      check.judgeLatency(`GET ${path}`, sent.latencyMs);
      return;
    }
    throw check.fail(
      'contract',
      `the MCP server's protected-resource metadata is no longer served: ${gone.join(', ')}`,
    );
  },
};
