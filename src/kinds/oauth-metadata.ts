/**
 * `iam serves its OAuth metadata`: whether IAM's discovery documents are public is not documented,
 * so either OpenID Connect discovery or RFC 8414's document passes, and the record says which. It
 * fails only when none is served and names issuer and token endpoint.
 */
import { isIdentityProvider, type IdentityProviderHost } from '../catalog/hosts.ts';
import { documentProblem } from '../checks/document-shapes.ts';
import { REQUEST_BOUNDS, isGone, planned, type CallKind, type ContractRule, type PlannedBase } from '../checks/kind.ts';
import { jsonOf } from '../net/http.ts';
import type { FaultClass } from '../shared/faults.ts';

type Planned = PlannedBase<'oauth-metadata', IdentityProviderHost>;

const CONTRACT: ContractRule = { answers: [404, 410], also: 'every document behind the login wall' };

interface Miss {
  readonly fault: FaultClass;
  readonly words: string;
}

/**
 * The verdict on documents none of which was served: a document that is there but wrong is the
 * root cause to name. Every document gone, or behind the login wall, is a contract change: whether
 * they are public was never documented.
 */
function faultOf(misses: readonly Miss[]): FaultClass {
  return (
    misses.find((miss) => miss.fault !== 'status' && miss.fault !== 'contract')?.fault ??
    (misses.every((miss) => miss.fault === 'contract') ? 'contract' : 'status')
  );
}

export const oauthMetadata: CallKind<'oauth-metadata', Planned> = {
  name: 'oauth-metadata',
  passes: "one of IAM's metadata documents (OpenID Connect discovery, RFC 8414) is served and names its endpoints",
  opensPage: false,
  plan: (host) => (isIdentityProvider(host) ? [planned(host, 'oauth-metadata', 'serves its OAuth metadata')] : []),
  bounds: REQUEST_BOUNDS,
  contract: CONTRACT,
  async run(check) {
    const provider = check.planned.host.identityProvider;
    // Each document is tried in turn; the check fails only when none is served and valid.
    const misses: Miss[] = [];
    for (const path of provider.metadataPaths) {
      const sent = await check.step(`GET ${path}`, () => check.http({ path, headers: { accept: 'application/json' } }));
      if (!sent.ok) {
        misses.push({ fault: sent.fault, words: sent.cause });
        continue;
      }
      const { answer } = sent;
      const finalPath = new URL(answer.url).pathname;
      if (finalPath !== path) {
        const fault = finalPath === provider.loginPath ? 'contract' : 'status';
        misses.push({ fault, words: `${path} redirected to ${finalPath} (HTTP ${answer.status})` });
        continue;
      }
      if (answer.status !== 200) {
        const fault = isGone(CONTRACT, answer.status) ? 'contract' : 'status';
        misses.push({ fault, words: `${path} answered HTTP ${answer.status}` });
        continue;
      }
      const problem = documentProblem('oidc-discovery', jsonOf(answer));
      if (problem) {
        misses.push({ fault: 'content', words: `${path}: ${problem}` });
        continue;
      }
      check.answered(200);
      check.detail(`served by ${path}`);
      check.judgeLatency(`GET ${path}`, sent.latencyMs);
      return;
    }
    const cause = `no OAuth metadata document is served: ${misses.map((miss) => miss.words).join('; ')}`;
    // Each request above passed as a request; the verdict on them all is a phase of its own.
    await check.step('a metadata document served', () => Promise.reject(check.fail(faultOf(misses), cause)));
  },
};
