/**
 * `<id> lists its API groups`: springdoc's group list, where the service serves it. Every group it
 * lists that the catalog lacks is fetched and must be a valid OpenAPI document, and is named in the
 * record. Not served (a 4xx: whether Wink's hosts make it public is not known), the catalog's
 * groups are checked alone, each by its own `document` check.
 */
import type { ApiHost, OpenApiGroups } from '../catalog/hosts.ts';
import { documentProblem } from '../checks/document-shapes.ts';
import { groupListOf } from '../checks/group-list.ts';
import { NO_CONTRACT, REQUEST_BOUNDS, planned, type CallKind, type Check, type PlannedBase } from '../checks/kind.ts';
import { getStep, statusWords } from '../checks/requests.ts';
import { jsonOf } from '../net/http.ts';
import type { ListedGroup } from '../checks/document-shapes.ts';

type Planned = PlannedBase<'api-groups', ApiHost> & { readonly groups: OpenApiGroups };

/** Each listed group the catalog lacks is served and valid. */
async function checkUncatalogued(check: Check, uncatalogued: readonly ListedGroup[]): Promise<void> {
  for (const listed of uncatalogued) {
    const path = new URL(listed.url, `${check.target.url}/`).pathname;
    const { answer } = await getStep(check, path, {
      headers: { accept: 'application/json' },
      judge: (answered) => {
        if (answered.status !== 200)
          throw check.fail(
            'status',
            `the listed group '${listed.name}': GET ${path} answered ${statusWords(answered)}`,
          );
      },
    });
    const problem = documentProblem('openapi', jsonOf(answer));
    if (problem) throw check.fail('content', `the listed group '${listed.name}': GET ${path}: ${problem}`);
  }
}

export const apiGroups: CallKind<'api-groups', Planned> = {
  name: 'api-groups',
  passes: "springdoc's group list, where served: every group it lists that the catalog lacks is served and valid",
  opensPage: false,
  plan: (host) =>
    host.kind === 'api' && host.openapiGroups
      ? [{ ...planned(host, 'api-groups', 'lists its API groups'), groups: host.openapiGroups }]
      : [],
  bounds: REQUEST_BOUNDS,
  contract: NO_CONTRACT,
  async run(check) {
    const { groups } = check.planned;
    const list = await groupListOf(check, groups.listPath);
    if ('failed' in list) throw check.fail(list.fault, list.cause);
    if (!list.served) {
      check.detail(`${list.why}: the catalog's groups are checked`);
      return;
    }
    check.answered(200);
    const unlisted = groups.groups.filter((name) => !list.groups.some((listed) => listed.name === name));
    const uncatalogued = list.groups.filter((listed) => !groups.groups.includes(listed.name));
    // Every listed group is checked: the ones the catalog names by their own checks, the rest here.
    await checkUncatalogued(check, uncatalogued);
    check.discovered(uncatalogued.map((listed) => listed.name));
    check.detail(
      [
        `lists ${list.groups.length} groups`,
        ...(uncatalogued.length > 0
          ? [`not in the catalog, served and valid: ${uncatalogued.map((listed) => listed.name).join(', ')}`]
          : []),
        ...(unlisted.length > 0 ? [`in the catalog, no longer listed: ${unlisted.join(', ')}`] : []),
      ].join('; '),
    );
  },
};
