/**
 * `elements serves <path>`: the file every hotel site loads from Wink's Elements CDN is served
 * below 400 (after redirects), of the content type a browser will run or apply, and not empty. A
 * 404 here is an outage, not a contract change: the asset's path is what hotel sites embed, and
 * they break with it.
 */
import type { CdnHost, StaticAsset } from '../catalog/hosts.ts';
import { NO_CONTRACT, REQUEST_BOUNDS, planned, type CallKind, type PlannedBase } from '../checks/kind.ts';
import { getStep, statusWords } from '../checks/requests.ts';

type Planned = PlannedBase<'asset', CdnHost> & { readonly asset: StaticAsset };

export const asset: CallKind<'asset', Planned> = {
  name: 'asset',
  passes: 'the static asset answers below 400 with its content type and a body that is not empty',
  opensPage: false,
  plan: (host) =>
    host.kind === 'cdn'
      ? host.assets.map((asset) => ({ ...planned(host, 'asset', `serves ${asset.path}`), asset }))
      : [],
  bounds: REQUEST_BOUNDS,
  contract: NO_CONTRACT,
  async run(check) {
    const { path, contentType } = check.planned.asset;
    const { answer, latencyMs } = await getStep(check, path);
    await check.step('asset', () => {
      if (answer.status >= 400) throw check.fail('status', `GET ${path} answered ${statusWords(answer)}`);
      const type = answer.headers['content-type'] ?? '';
      if (!type.includes(contentType))
        throw check.fail('content', `GET ${path} answered ${type || 'no content type'}; expected ${contentType}`);
      if (answer.body.length === 0) throw check.fail('content', `GET ${path} answered an empty body`);
      check.detail(`${answer.body.length} bytes of ${type}`);
    });
    check.judgeLatency(`GET ${path}`, latencyMs);
  },
};
