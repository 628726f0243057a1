/** Contract watch: operations added, removed and changed between two documents, with api-smart-diff's classification. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupDocument, groupOperations } from '../../emulator/content.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import {
  describeChange,
  documentDigest,
  operationChanges,
  packDocument,
  unpackDocument,
} from '../../src/checks/openapi-diff.ts';

const inventory = HOSTS.find((host) => host.id === 'inventory')!;
const documentWith = (operations: readonly string[]) =>
  groupDocument(inventory, 'reference', 'http://127.0.0.1:1', operations);
const today = groupOperations('reference');

describe('contract watch', () => {
  it('names an operation removed as breaking and one added as not, by method and path', () => {
    const next = documentWith([
      ...today.filter((operation) => operation !== 'DELETE /api/reference/items/{id}'),
      'GET /api/reference/rates',
    ]);
    assert.deepEqual(operationChanges(documentWith(today), next).map(describeChange), [
      'removed DELETE /api/reference/items/{id} (breaking)',
      'added GET /api/reference/rates',
    ]);
  });

  it('finds no change between a document and itself, whatever the order of its keys', () => {
    const document = documentWith(today) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(document).reverse());
    assert.deepEqual(operationChanges(document, reordered), []);
    assert.equal(documentDigest(document), documentDigest(reordered));
    assert.notEqual(documentDigest(document), documentDigest(documentWith(today.slice(1))));
  });

  it('marks a parameter made required as a breaking change to its operation', () => {
    const before = documentWith(today) as { paths: Record<string, Record<string, { parameters: unknown[] }>> };
    const after = structuredClone(before);
    after.paths['/api/reference/items']!['get']!.parameters.push({
      name: 'page',
      in: 'query',
      required: true,
      schema: { type: 'integer' },
    });
    assert.deepEqual(operationChanges(before, after), [
      { operation: 'GET /api/reference/items', change: 'changed', breaking: true },
    ]);
  });

  it('packs a document for the history and reads it back the same', () => {
    const document = documentWith(today);
    assert.equal(documentDigest(unpackDocument(packDocument(document))), documentDigest(document));
  });
});
