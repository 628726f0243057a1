/**
 * The OpenAPI documents a run read, from its checks' attachments, as lines for the history, and
 * what staging's documents change against production's newest: the summary's next release.
 */
import type { TestCase } from '@playwright/test/reporter';
import { isEnvironmentName, type EnvironmentName } from '../catalog/catalog.ts';
import { OPENAPI_ATTACHMENT, attachedJson, findRecord, type OpenApiAttachment } from '../checks/record.ts';
import { documentLines, releaseChanges, type DocumentChanges, type ReadDocument } from '../history/openapi-history.ts';
import { readDocumentLines, type DocumentLine } from '../history/history.ts';

/** The run's documents, for the history and the summary. */
export interface RunDocuments {
  /** Per environment, the lines the run adds for the documents it read. */
  readonly lines: ReadonlyMap<EnvironmentName, readonly DocumentLine[]>;
  /** What staging's documents change against production's newest; undefined without both. */
  readonly nextRelease: readonly DocumentChanges[] | undefined;
}

/** Each document a check of the run read, by environment, from the last try of each test. */
function readDocuments(tests: readonly TestCase[]): Map<EnvironmentName, ReadDocument[]> {
  const read = new Map<EnvironmentName, ReadDocument[]>();
  for (const test of tests) {
    const attachments = test.results.at(-1)?.attachments ?? [];
    const record = findRecord(attachments);
    const attached = attachedJson<OpenApiAttachment>(attachments, OPENAPI_ATTACHMENT);
    if (!record || attached === undefined || !isEnvironmentName(record.environment)) continue;
    const list = read.get(record.environment) ?? [];
    list.push({ host: record.host, path: attached.path, digest: attached.digest, snapshot: attached.snapshot });
    read.set(record.environment, list);
  }
  return read;
}

/**
 * The run's documents against the history in `historyDirs` (the history branch's checkout, then
 * the run's own folder): the lines to append, and, when the run checked staging and production's
 * history holds documents, what the next release changes.
 */
export function runDocuments(tests: readonly TestCase[], at: string, historyDirs: readonly string[]): RunDocuments {
  const lines = new Map<EnvironmentName, readonly DocumentLine[]>();
  const histories = new Map<EnvironmentName, readonly DocumentLine[]>();
  for (const [environment, read] of readDocuments(tests)) {
    const history = readDocumentLines(historyDirs, environment);
    histories.set(environment, history);
    lines.set(environment, documentLines(at, read, history));
  }
  const staging = lines.get('staging');
  // Only a run that read staging's documents compares them; production's history is read once, and
  // a run that checked production too compares against this run's production documents.
  if (!staging) return { lines, nextRelease: undefined };
  const production = [
    ...(histories.get('production') ?? readDocumentLines(historyDirs, 'production')),
    ...(lines.get('production') ?? []),
  ];
  // Staging's documents as this run read them: an unchanged one carries only its digest, so its
  // snapshot comes from staging's history; a document this run did not read is not compared.
  const read = new Set(staging.map((line) => `${line.host} ${line.path}`));
  const nextRelease = releaseChanges([...(histories.get('staging') ?? []), ...staging], production)?.filter(
    (document) => read.has(`${document.host} ${document.path}`),
  );
  return { lines, nextRelease };
}
