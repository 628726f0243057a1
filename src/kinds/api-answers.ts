/**
 * `<id> api answers`: `GET /` answers below 500, in time. A Spring service answers `/` with 401 or
 * 404, which proves it is up; IAM answers with its login page.
 */
import type { ApiHost } from '../catalog/hosts.ts';
import { NO_CONTRACT, REQUEST_BOUNDS, planned, type CallKind, type PlannedBase } from '../checks/kind.ts';
import { getStep, statusWords } from '../checks/requests.ts';

type Planned = PlannedBase<'api-answers', ApiHost>;

export const apiAnswers: CallKind<'api-answers', Planned> = {
  name: 'api-answers',
  passes: '`GET /` answers below 500 (a 401 or 404 still proves the service is up)',
  opensPage: false,
  plan: (host) => (host.kind === 'api' ? [planned(host, 'api-answers', 'api answers')] : []),
  bounds: REQUEST_BOUNDS,
  contract: NO_CONTRACT,
  async run(check) {
    const { latencyMs } = await getStep(check, '/', {
      judge: (answer) => {
        if (answer.status >= 500) throw check.fail('status', `answered ${statusWords(answer)}`);
      },
    });
    check.judgeLatency('GET /', latencyMs);
  },
};
