/** Contract watch: operations added, removed and changed between two documents, with api-smart-diff's classification. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupDocument, withRelease } from '../../emulator/documents.ts';
import {
  describeChange,
  documentDigest,
  operationChanges,
  packDocument,
  unpackDocument,
} from '../../src/checks/openapi-diff.ts';

/** Wink's published `reference` group, as the emulator serves it. */
const today = groupDocument('reference');

describe('contract watch', () => {
  it('names an operation removed as breaking and one added as not, by method and path', () => {
    const next = withRelease(today, {
      remove: ['GET /reference-data/fx/{currency}'],
      add: ['GET /reference-data/currency/{code}'],
    });
    assert.deepEqual(operationChanges(today, next).map(describeChange), [
      'added GET /reference-data/currency/{code}',
      'removed GET /reference-data/fx/{currency} (breaking)',
    ]);
  });

  it('finds no change between a document and itself, whatever the order of its keys', () => {
    const reordered = Object.fromEntries(Object.entries(today).reverse());
    assert.deepEqual(operationChanges(today, reordered), []);
    assert.equal(documentDigest(today), documentDigest(reordered));
    const lessOne = withRelease(today, { remove: ['GET /reference-data/currency/list'], add: [] });
    assert.notEqual(documentDigest(today), documentDigest(lessOne));
  });

  it('marks a parameter made required as a breaking change to its operation', () => {
    const after = structuredClone(today) as { paths: Record<string, Record<string, { parameters: unknown[] }>> };
    after.paths['/reference-data/country/list']!['get']!.parameters.push({
      name: 'page',
      in: 'query',
      required: true,
      schema: { type: 'integer' },
    });
    assert.deepEqual(operationChanges(today, after), [
      { operation: 'GET /reference-data/country/list', change: 'changed', breaking: true },
    ]);
  });

  it('packs a document for the history and reads it back the same', () => {
    const document = today;
    assert.equal(documentDigest(unpackDocument(packDocument(document))), documentDigest(document));
  });
});
