/**
 * A host's springdoc group list (`/v3/api-docs/swagger-config`, whose `urls[]` names each group), as
 * the kinds that need it read it: the list itself (`api-groups`) and each group's document
 * (`document`). It is the same for all of a host's checks, so a worker reads it once.
 */
import { jsonOf } from '../net/http.ts';
import type { FaultClass } from '../shared/faults.ts';
import { readGroupList, type ListedGroup } from './document-shapes.ts';
import type { Check } from './kind.ts';

/** A host's group list as this worker read it: the groups it names, or why there are none. */
export type GroupListReading =
  | { readonly served: true; readonly groups: readonly ListedGroup[] }
  | { readonly served: false; readonly why: string }
  | { readonly failed: true; readonly fault: FaultClass; readonly cause: string };

async function read(check: Check, listPath: string): Promise<GroupListReading> {
  const sent = await check.http({ path: listPath, headers: { accept: 'application/json' } });
  if (!sent.ok) return { failed: true, fault: sent.fault, cause: sent.cause };
  const { answer } = sent;
  if (answer.status >= 500) {
    return {
      failed: true,
      fault: 'status',
      cause: `GET ${listPath} answered HTTP ${answer.status} ${answer.statusText}`,
    };
  }
  const finalPath = new URL(answer.url).pathname;
  if (answer.status !== 200 || finalPath !== listPath) {
    return {
      served: false,
      why: `the group list ${listPath} is not served (HTTP ${answer.status}${finalPath !== listPath ? ` at ${finalPath}` : ''})`,
    };
  }
  const list = readGroupList(jsonOf(answer));
  if ('problem' in list) return { failed: true, fault: 'content', cause: `GET ${listPath}: ${list.problem}` };
  return { served: true, groups: list.groups };
}

/**
 * The host's springdoc group list, read once per worker, in a step: the groups it names; not served
 * (any 4xx: the list is springdoc's UI setting, and a service may keep it private); or a failure.
 */
export function groupListOf(check: Check, listPath: string): Promise<GroupListReading> {
  return check.step(`GET ${listPath}`, () => check.once(`${check.target.url}${listPath}`, () => read(check, listPath)));
}
