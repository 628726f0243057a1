/**
 * Wink's published OpenAPI documents as the repository keeps them (emulator/documents, gzipped,
 * listed with their provenance in sources.json), and the changes a release makes to one: what
 * contract watch's benchmark times and its self-tests compare, on documents of the real size.
 */
import { HTTP_METHODS } from '../src/checks/openapi-narrow.ts';
import { documentSources, publishedBytes } from '../emulator/documents.ts';

/** The parts of an OpenAPI document a release change touches; the rest travels as it is. */
export interface OpenApiDocument {
  readonly [field: string]: unknown;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Schema>; readonly [section: string]: unknown };
}

interface Operation {
  parameters?: Parameter[];
  responses?: Record<string, unknown>;
  [field: string]: unknown;
}

interface Parameter {
  readonly name?: string;
  readonly in?: string;
  required?: boolean;
  readonly $ref?: string;
}

interface Schema {
  properties?: Record<string, unknown>;
  [field: string]: unknown;
}

/** The documents' names, in sources.json's order: `booking-engine`, `user`, ... */
export function winkDocumentNames(): string[] {
  return Object.keys(documentSources().documents);
}

/** One document, parsed: a fresh copy each call, free to change. */
export function readWinkDocument(name: string): OpenApiDocument {
  return JSON.parse(publishedBytes(name).toString('utf8')) as OpenApiDocument;
}

/** One release's change: the document before it (itself, unless the change needs a shape it lacks) and after. */
type Release = (document: OpenApiDocument) => { before: OpenApiDocument; after: OpenApiDocument };

/** The changes, by name: each touches what the real documents have, found in document order. */
export const RELEASE_CHANGES = {
  /** The document's first operation removed. */
  'remove-operation': (document) => {
    const after = structuredClone(document);
    const [first] = operationsOf(after);
    delete after.paths[first!.path]![first!.method];
    return { before: document, after };
  },
  /** The first optional parameter made required; where none is optional (partner), the first operation gains a required one. */
  'require-parameter': (document) => {
    const after = structuredClone(document);
    const operations = operationsOf(after).map(({ operation }) => operation);
    const optional = operations
      .flatMap((operation) => operation.parameters ?? [])
      .find((parameter) => parameter.$ref === undefined && parameter.in !== 'path' && parameter.required !== true);
    if (optional) optional.required = true;
    else
      operations[0]!.parameters = [...(operations[0]!.parameters ?? []), { name: 'page', in: 'query', required: true }];
    return { before: document, after };
  },
  /** A property removed from the response schema the most operations reach (through any `$ref`s). */
  'remove-shared-property': (document) => {
    const after = structuredClone(document);
    const [shared] = sharedResponseSchemas(after);
    const schema = after.components.schemas[shared!]!;
    delete schema.properties![Object.keys(schema.properties!)[0]!];
    return { before: document, after };
  },
  /** A path added, its one operation a copy of the document's first. */
  'add-path': (document) => {
    const after = structuredClone(document);
    after.paths['/api/smoke/added/{identifier}'] = { get: structuredClone(operationsOf(after)[0]!.operation) };
    return { before: document, after };
  },
  /**
   * A property removed from a schema in a cycle. Wink's schemas refer to none of themselves, so the
   * two response schemas the most operations reach are made to refer to each other, on both sides.
   */
  'change-recursive-schema': (document) => {
    const before = structuredClone(document);
    const [first, second] = sharedResponseSchemas(before);
    const schemas = before.components.schemas;
    schemas[first!]!.properties!['related'] = { type: 'array', items: { $ref: `#/components/schemas/${second}` } };
    schemas[second!]!.properties!['owner'] = { $ref: `#/components/schemas/${first}` };
    const after = structuredClone(before);
    const properties = after.components.schemas[second!]!.properties!;
    delete properties[Object.keys(properties)[0]!];
    return { before, after };
  },
} as const satisfies Record<string, Release>;

export type ReleaseChange = keyof typeof RELEASE_CHANGES;

function operationsOf(document: OpenApiDocument): { path: string; method: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** The schemas with properties that operations' responses reach, the most reached first (then in document order). */
function sharedResponseSchemas(document: OpenApiDocument): string[] {
  const reached = new Map<string, number>();
  for (const { operation } of operationsOf(document)) {
    for (const name of reachedSchemas(document, operation.responses)) reached.set(name, (reached.get(name) ?? 0) + 1);
  }
  return Object.keys(document.components.schemas)
    .filter((name) => (reached.get(name) ?? 0) > 1 && document.components.schemas[name]!.properties !== undefined)
    .sort((a, b) => reached.get(b)! - reached.get(a)!);
}

/** The component schemas `value` reaches, through any number of `$ref`s. */
function reachedSchemas(document: OpenApiDocument, value: unknown, found = new Set<string>()): Set<string> {
  if (value === null || typeof value !== 'object') return found;
  for (const [key, item] of Object.entries(value)) {
    const name =
      key === '$ref' && typeof item === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(item)?.[1] : undefined;
    if (name === undefined) reachedSchemas(document, item, found);
    else if (!found.has(name)) reachedSchemas(document, document.components.schemas[name], found.add(name));
  }
  return found;
}
