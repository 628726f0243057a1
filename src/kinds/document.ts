/**
 * `<id> serves <path>`, one per springdoc group of the catalog and per other public document: 200,
 * JSON, and the shape of its format (`openapi` 3.x with `info` and `paths`; OpenID discovery). An
 * OpenAPI document is attached packed with its digest, for the history's contract watch.
 */
import type { ApiHost, PublicDocument } from '../catalog/hosts.ts';
import { documentProblem } from '../checks/document-shapes.ts';
import { groupListOf } from '../checks/group-list.ts';
import {
  REQUEST_BOUNDS,
  isGone,
  planned,
  type CallKind,
  type Check,
  type ContractRule,
  type PlannedBase,
} from '../checks/kind.ts';
import { OPENAPI_ATTACHMENT, type OpenApiAttachment } from '../checks/record.ts';
import { getStep, statusWords } from '../checks/requests.ts';
import { documentDigest, packDocument } from '../checks/openapi-diff.ts';
import { textOf, type HttpAnswer } from '../net/http.ts';

/** A document check's springdoc group: its name, and the list that should name it. */
export interface GroupOf {
  readonly name: string;
  readonly listPath: string;
}

type Planned = PlannedBase<'document', ApiHost> & { readonly document: PublicDocument; readonly group?: GroupOf };

const CONTRACT: ContractRule = { answers: [404, 410], also: 'a springdoc group its list no longer names' };

/** The documents of an API host: its springdoc groups (each naming its list), then its other documents. */
function plan(host: ApiHost): Planned[] {
  const groups = host.openapiGroups;
  const groupDocuments = (groups?.groups ?? []).map((name): Planned => {
    const document: PublicDocument = { format: 'openapi', path: `${groups!.documentsPath}/${name}` };
    return {
      ...planned(host, 'document', `serves ${document.path}`),
      document,
      group: { name, listPath: groups!.listPath },
    };
  });
  const others = (host.documents ?? []).map((document): Planned => ({
    ...planned(host, 'document', `serves ${document.path}`),
    document,
  }));
  return [...groupDocuments, ...others];
}

/** A group its service's list no longer names is a contract change. A list that failed is its own check's failure. */
async function checkListed(check: Check<Planned>, group: GroupOf): Promise<void> {
  const list = await groupListOf(check, group.listPath);
  if (!('served' in list) || !list.served || list.groups.some((listed) => listed.name === group.name)) return;
  throw check.fail(
    'contract',
    `${check.target.url}${check.planned.document.path}: the group '${group.name}' is no longer listed by ${group.listPath} (it lists ${list.groups.map((listed) => listed.name).join(', ') || 'none'})`,
  );
}

/** The body as JSON of the document's shape, in a step of its own. */
function shapeOf(check: Check<Planned>, answer: HttpAnswer): Promise<unknown> {
  const { document } = check.planned;
  return check.step('document shape', () => {
    let body: unknown;
    try {
      body = JSON.parse(textOf(answer)) as unknown;
    } catch {
      const start = textOf(answer).slice(0, 60);
      throw check.fail('content', `GET ${document.path} answered 200 but not JSON (starts ${JSON.stringify(start)})`);
    }
    const problem = documentProblem(document.format, body);
    if (problem) throw check.fail('content', `GET ${document.path}: ${problem}`);
    return body;
  });
}

export const document: CallKind<'document', Planned> = {
  name: 'document',
  passes: 'the document answers 200 with JSON of its format (`openapi` 3.x, `info`, `paths`; OpenID discovery)',
  opensPage: false,
  plan: (host) => (host.kind === 'api' ? plan(host) : []),
  bounds: REQUEST_BOUNDS,
  contract: CONTRACT,
  async run(check) {
    const { document, group } = check.planned;
    if (group) await checkListed(check, group);
    const { answer, latencyMs } = await getStep(check, document.path, {
      headers: { accept: 'application/json' },
      judge: (answered) => {
        if (isGone(CONTRACT, answered.status))
          throw check.fail(
            'contract',
            `GET ${document.path} answered ${statusWords(answered)}: the document is no longer served`,
          );
        if (answered.status !== 200)
          throw check.fail(
            'status',
            `GET ${document.path} answered ${statusWords(answered)}; expected 200 with the ${document.format} document`,
          );
      },
    });
    const body = await shapeOf(check, answer);
    // The history keeps each OpenAPI document's digest, and the document when it changed: contract watch.
    if (document.format === 'openapi') {
      const attachment: OpenApiAttachment = {
        path: document.path,
        digest: documentDigest(body),
        snapshot: packDocument(body),
      };
      await check.attach(OPENAPI_ATTACHMENT, attachment);
    }
    check.judgeLatency(`GET ${document.path}`, latencyMs);
  },
};
