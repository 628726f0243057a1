/**
 * Contract watch's narrowed comparison finds what api-smart-diff finds on the whole documents (the
 * same operations, each with the same change and breaking mark), on Wink's real documents, for each
 * kind of change a release makes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  operationChanges,
  operationChangesByLibrary,
  packDocument,
  unpackDocument,
} from '../../src/checks/openapi-diff.ts';
import { narrowDocuments } from '../../src/checks/openapi-narrow.ts';
import { RELEASE_CHANGES, readWinkDocument, type ReleaseChange } from '../../scripts/wink-documents.ts';

/**
 * Documents api-smart-diff compares whole in a few tenths of a second (booking-engine takes 2 to 3 s),
 * OpenAPI 3.1 and, for partner, 3.0. `npm run bench:openapi-diff -- --library` compares all eleven.
 */
const DOCUMENTS = ['reference', 'channel-manager', 'partner'];

/** The previous document as the history gives it back: keys sorted, so components come before paths. */
const fromHistory = (document: unknown): unknown => unpackDocument(packDocument(document));

describe("contract watch, narrowed, on Wink's documents", () => {
  for (const name of DOCUMENTS) {
    for (const change of Object.keys(RELEASE_CHANGES) as ReleaseChange[]) {
      it(`${name}, ${change}: the same operation changes as api-smart-diff on the whole documents`, () => {
        const { before, after } = RELEASE_CHANGES[change](readWinkDocument(name));
        const previous = fromHistory(before);
        const expected = operationChangesByLibrary(previous, after);
        assert.notDeepEqual(expected, [], 'the change is one api-smart-diff reports');
        assert.ok(narrowDocuments(previous, after), 'the documents are narrowed, not compared whole');
        assert.deepEqual(operationChanges(previous, after), expected);
      });
    }
  }

  it('the same in the order the documents are served, paths before components', () => {
    // api-smart-diff remembers what it compared first, so its findings can depend on that order.
    const { before, after } = RELEASE_CHANGES['change-recursive-schema'](readWinkDocument('channel-manager'));
    const expected = operationChangesByLibrary(before, after);
    assert.ok(expected.length > 1, 'several operations reach the cycle');
    assert.deepEqual(operationChanges(before, after), expected);
  });

  it('hands api-smart-diff only the operation removed, and no component', () => {
    const { before, after } = RELEASE_CHANGES['remove-operation'](readWinkDocument('reference'));
    const narrowed = narrowDocuments(before, after)!;
    const [path, item] = Object.entries(before.paths)[0]!;
    const [method] = Object.keys(item);
    assert.deepEqual(narrowed.before['paths'], { [path]: { [method!]: item[method!] } });
    assert.deepEqual(narrowed.after['paths'], { [path]: {} });
    assert.deepEqual(narrowed.before['components'], { schemas: {}, securitySchemes: {} });
    assert.deepEqual(operationChanges(before, after), [
      { operation: `${method!.toUpperCase()} ${path}`, change: 'removed', breaking: true },
    ]);
  });

  it('hands api-smart-diff only what differs of an operation that changed', () => {
    const { before, after } = RELEASE_CHANGES['require-parameter'](readWinkDocument('reference'));
    const narrowed = narrowDocuments(before, after)!;
    const operations = Object.values(narrowed.after['paths'] as Record<string, Record<string, object>>).flatMap(
      (item) => Object.values(item),
    );
    // The responses, summary, tags and the rest are the same on both sides: left out.
    assert.deepEqual(
      operations.map((operation) => Object.keys(operation)),
      [['parameters']],
    );
    assert.deepEqual(operationChanges(before, after), operationChangesByLibrary(before, after));
  });

  it('finds no change in the info or in a component no operation reaches', () => {
    const before = readWinkDocument('channel-manager');
    const after = structuredClone(before);
    Object.assign(after, { info: { ...(after['info'] as object), version: 'next' } });
    after.components.schemas['Unused'] = { type: 'object', properties: { id: { type: 'string' } } };
    assert.deepEqual(operationChangesByLibrary(before, after), []);
    assert.deepEqual(operationChanges(before, after), []);
  });

  it('compares the documents whole when a $ref points outside the components', () => {
    const before = readWinkDocument('channel-manager');
    const after = structuredClone(before);
    const [path, item] = Object.entries(after.paths)[0]!;
    item['get']!.parameters = [{ $ref: `#/paths/${path.replaceAll('/', '~1')}/get/parameters/0` }];
    assert.equal(narrowDocuments(before, after), undefined);
    assert.deepEqual(operationChanges(before, after), operationChangesByLibrary(before, after));
  });
});
