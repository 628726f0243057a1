/** `inventory serves /scalar`: the interactive API reference answers 200 with an HTML page that is not empty. */
import type { ApiHost } from '../catalog/hosts.ts';
import { REQUEST_BOUNDS, isGone, planned, type CallKind, type ContractRule, type PlannedBase } from '../checks/kind.ts';
import { getStep, statusWords } from '../checks/requests.ts';
import { textOf } from '../net/http.ts';

type Planned = PlannedBase<'api-reference', ApiHost> & { readonly path: string };

const CONTRACT: ContractRule = { answers: [404, 410] };

export const apiReference: CallKind<'api-reference', Planned> = {
  name: 'api-reference',
  passes: 'the interactive API reference answers 200 with an HTML page that is not empty',
  opensPage: false,
  plan: (host) =>
    host.kind === 'api' && host.apiReference
      ? [{ ...planned(host, 'api-reference', `serves ${host.apiReference}`), path: host.apiReference }]
      : [],
  bounds: REQUEST_BOUNDS,
  contract: CONTRACT,
  async run(check) {
    const { path } = check.planned;
    const { answer, latencyMs } = await getStep(check, path, {
      headers: { accept: 'text/html' },
      judge: (answered) => {
        if (isGone(CONTRACT, answered.status))
          throw check.fail(
            'contract',
            `GET ${path} answered HTTP ${answered.status}: the API reference is no longer served`,
          );
        if (answered.status !== 200)
          throw check.fail(
            'status',
            `GET ${path} answered ${statusWords(answered)}; expected 200 with the API reference`,
          );
      },
    });
    await check.step('reference page', () => {
      const type = answer.headers['content-type'] ?? '';
      const body = textOf(answer);
      if (!type.includes('html') || body.trim() === '')
        throw check.fail(
          'content',
          `GET ${path} answered 200 with ${body.trim() === '' ? 'an empty body' : type || 'no content type'}; expected an HTML page`,
        );
    });
    check.judgeLatency(`GET ${path}`, latencyMs);
  },
};
