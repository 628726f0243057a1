/**
 * `<id> authenticated ping`, the check an integrator cares most about: a token from IAM for the
 * environment's client credentials, then the API's ping path with it must answer 200. The API's
 * refusal is told apart from IAM's. The token travels only in the request's header.
 */
import type { ApiHost } from '../catalog/hosts.ts';
import { REQUEST_BOUNDS, isGone, planned, type CallKind, type ContractRule, type PlannedBase } from '../checks/kind.ts';
import { bearerAuthorization } from '../checks/token.ts';
import type { FaultClass } from '../shared/faults.ts';

type Planned = PlannedBase<'authenticated-ping', ApiHost> & { readonly path: string };

/** The API version the ping asks for, as Wink's SDKs do. */
export const WINK_VERSION = '2.0';

/** The ping path is a documented surface: gone (404) or no longer a GET (405) is Wink's change, not an outage. */
const CONTRACT: ContractRule = { answers: [404, 405] };

/** What the ping's answer says, or undefined for a pass. */
function refusal(path: string, status: number): { fault: FaultClass; cause: string } | undefined {
  if (status === 401 || status === 403)
    return { fault: 'status', cause: `the API refused the token IAM issued: HTTP ${status} for GET ${path}` };
  if (isGone(CONTRACT, status))
    return {
      fault: 'contract',
      cause: `GET ${path} with a token answered HTTP ${status}: the ping path is no longer served`,
    };
  if (status < 200 || status >= 300)
    return { fault: 'status', cause: `GET ${path} with a token answered HTTP ${status}` };
  return undefined;
}

export const authenticatedPing: CallKind<'authenticated-ping', Planned> = {
  name: 'authenticated-ping',
  passes: "with credentials only: a token from IAM's token endpoint, then the ping path answers 200 with it",
  opensPage: false,
  plan: (host) =>
    host.kind === 'api' && host.authenticatedPing
      ? [
          {
            ...planned(host, 'authenticated-ping', 'authenticated ping', { needsCredentials: true }),
            path: host.authenticatedPing,
          },
        ]
      : [],
  bounds: REQUEST_BOUNDS,
  contract: CONTRACT,
  async run(check) {
    const { path } = check.planned;
    const bearer = await check.token();
    const sent = await check.step(`GET ${path} with the token`, async () => {
      const answered = await check.http({
        path,
        headers: {
          authorization: bearerAuthorization(bearer),
          'wink-version': WINK_VERSION,
          accept: 'application/json',
        },
      });
      if (!answered.ok) throw check.fail(answered.fault, `GET ${path} with a token: ${answered.reason}`);
      const refused = refusal(path, answered.answer.status);
      if (refused) throw check.fail(refused.fault, refused.cause);
      return answered;
    });
    check.answered(sent.answer.status);
    check.judgeLatency(`GET ${path} with a token`, sent.latencyMs);
  },
};
