/**
 * Contract watch: what changed between two OpenAPI documents, operation by operation, as an
 * integrator reads it (`removed GET /api/reference/items`, breaking). The comparison and its
 * breaking / non-breaking classification are api-smart-diff's (OpenAPI 3.0 and 3.1, `$ref`s
 * resolved); this module only folds its findings into one line per operation. It hands the library
 * the documents narrowed to what differs (openapi-narrow.ts): the same findings, for a fraction of
 * the walk.
 *
 * Documents travel through the history compactly: a digest every run, and the document itself,
 * gzipped, only in a run where its digest changed.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { apiCompare } from 'api-smart-diff';
import { HTTP_METHODS, narrowDocuments } from './openapi-narrow.ts';

/** What happened to one operation between two documents. */
export interface OperationChange {
  /** `GET /api/reference/items`. */
  readonly operation: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** An integrator's client may break: an operation removed, a parameter made required, a response narrowed. */
  readonly breaking: boolean;
}

/** The same JSON, written with its keys in order, so one document has one text and one digest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A short digest of the document's content, whatever order its keys were served in. */
export function documentDigest(document: unknown): string {
  return createHash('sha256').update(canonical(document)).digest('base64url').slice(0, 22);
}

/** The document, gzipped and base64-encoded, for one line of the history. */
export function packDocument(document: unknown): string {
  return gzipSync(canonical(document)).toString('base64');
}

export function unpackDocument(packed: string): unknown {
  return JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8'));
}

/**
 * The operations that differ from `before` to `after`, sorted by path and method. A change
 * outside any operation (a shared schema) is told on every operation that refers to it, since
 * api-smart-diff resolves `$ref`s; a change to the document's info alone is no change to integrators.
 */
export function operationChanges(before: unknown, after: unknown): OperationChange[] {
  const compared = narrowDocuments(before, after) ?? { before, after };
  return operationChangesByLibrary(compared.before, compared.after);
}

/**
 * What `operationChanges` finds, from api-smart-diff's comparison of the documents as given, whole:
 * the reference the narrowed comparison must equal, and the way for documents narrowing does not
 * handle.
 */
export function operationChangesByLibrary(before: unknown, after: unknown): OperationChange[] {
  // api-smart-diff annotates what it is given: each side is a copy of its own.
  const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
  const byOperation = new Map<string, { change: OperationChange['change']; breaking: boolean }>();
  const note = (operation: string, change: OperationChange['change'], breaking: boolean): void => {
    const known = byOperation.get(operation);
    byOperation.set(operation, {
      change: known && known.change !== change ? 'changed' : change,
      breaking: (known?.breaking ?? false) || breaking,
    });
  };
  for (const diff of diffs) {
    const [root, path, method] = diff.path.map(String);
    if (root !== 'paths' || path === undefined) continue;
    const breaking = diff.type === 'breaking';
    if (method === undefined) {
      // A whole path added or removed: each of its operations was.
      const item = (diff.action === 'remove' ? diff.before : diff.after) as Record<string, unknown> | undefined;
      for (const name of Object.keys(item ?? {}).filter((key) => HTTP_METHODS.has(key)))
        note(`${name.toUpperCase()} ${path}`, diff.action === 'remove' ? 'removed' : 'added', breaking);
      continue;
    }
    if (!HTTP_METHODS.has(method)) continue;
    const whole = diff.path.length === 3;
    const change = whole && diff.action === 'add' ? 'added' : whole && diff.action === 'remove' ? 'removed' : 'changed';
    note(`${method.toUpperCase()} ${path}`, change, breaking);
  }
  return [...byOperation]
    .map(([operation, { change, breaking }]) => ({ operation, change, breaking }))
    .sort((a, b) => {
      const [methodA = '', pathA = ''] = a.operation.split(' ');
      const [methodB = '', pathB = ''] = b.operation.split(' ');
      return pathA.localeCompare(pathB) || methodA.localeCompare(methodB);
    });
}

/** `removed GET /api/reference/items (breaking)`: one change as people read it. */
export function describeChange(change: OperationChange): string {
  return `${change.change} ${change.operation}${change.breaking ? ' (breaking)' : ''}`;
}
