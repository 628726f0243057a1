/**
 * The OpenAPI documents of the history: what a run adds for the documents it read, the newest
 * document of each host and path, and what staging's newest documents change against
 * production's: what the next release changes for integrators.
 */
import { operationChanges, unpackDocument, type OperationChange } from '../checks/openapi-diff.ts';
import type { DocumentLine, HistoryLine } from './history.ts';

/** A document a run read, as its check attached it: its digest, and the document packed. */
export interface ReadDocument {
  readonly host: string;
  readonly path: string;
  readonly digest: string;
  readonly snapshot: string;
}

/** What one document changes from one side to the other. */
export interface DocumentChanges {
  readonly host: string;
  readonly path: string;
  readonly changes: readonly OperationChange[];
}

const keyOf = (line: { readonly host: string; readonly path: string }): string => `${line.host} ${line.path}`;

const documentLinesOf = (lines: readonly HistoryLine[]): DocumentLine[] =>
  lines.filter((line): line is DocumentLine => line.type === 'document');

/** The newest line of each document, and the newest one that carries the document itself. */
function newest(
  lines: readonly HistoryLine[],
): Map<string, { latest: DocumentLine; snapshot: DocumentLine | undefined }> {
  const byKey = new Map<string, { latest: DocumentLine; snapshot: DocumentLine | undefined }>();
  for (const line of documentLinesOf(lines)) {
    const known = byKey.get(keyOf(line));
    byKey.set(keyOf(line), { latest: line, snapshot: line.snapshot ? line : known?.snapshot });
  }
  return byKey;
}

/**
 * The lines a run adds for the documents it read, given the environment's history so far (on
 * GitHub Actions, the history branch): the digest, and only when it differs from the newest one,
 * the document and its changes since the newest snapshot. Only a changed document is unpacked.
 */
export function documentLines(
  at: string,
  read: readonly ReadDocument[],
  history: readonly HistoryLine[],
): DocumentLine[] {
  const before = newest(history);
  return read.map(({ host, path, digest, snapshot }): DocumentLine => {
    const previous = before.get(keyOf({ host, path }));
    if (previous?.latest.digest === digest && previous.snapshot) return { type: 'document', at, host, path, digest };
    const since = previous?.snapshot?.snapshot;
    const changes = since === undefined ? undefined : operationChanges(unpackDocument(since), unpackDocument(snapshot));
    return {
      type: 'document',
      at,
      host,
      path,
      digest,
      snapshot,
      ...(changes && changes.length > 0 ? { changes } : {}),
    };
  });
}

/**
 * What each document of `next`'s newest run changes against `current`'s newest: staging against
 * production. Undefined when no document was read on both sides: then nothing can be said of the
 * next release, not even that it changes nothing.
 */
export function releaseChanges(
  next: readonly HistoryLine[],
  current: readonly HistoryLine[],
): DocumentChanges[] | undefined {
  const currentNewest = newest(current);
  const both = [...newest(next)].filter(
    ([key, { snapshot }]) => snapshot?.snapshot !== undefined && currentNewest.get(key)?.snapshot !== undefined,
  );
  if (both.length === 0) return undefined;
  return both.flatMap(([key, { latest, snapshot }]) => {
    const other = currentNewest.get(key);
    if (!snapshot?.snapshot || !other?.snapshot?.snapshot || other.latest.digest === latest.digest) return [];
    const changes = operationChanges(unpackDocument(other.snapshot.snapshot), unpackDocument(snapshot.snapshot));
    return changes.length > 0 ? [{ host: latest.host, path: latest.path, changes }] : [];
  });
}

/** The documents whose operations changed in the run at `at`, since the environment's previous snapshot. */
export function changesOfRun(lines: readonly HistoryLine[], at: string): DocumentChanges[] {
  return documentLinesOf(lines).flatMap((line) =>
    line.at === at && line.changes ? [{ host: line.host, path: line.path, changes: line.changes }] : [],
  );
}
