/**
 * The OpenAPI documents the emulator serves as springdoc groups: Wink's published ones, shipped
 * gzipped in `emulator/documents/<group>.json.gz`, with where they come from in `sources.json`
 * (the docs repository's `schemas/` at one commit; docs/emulator.md has the table). A group with no
 * published document gets a stand-in with no operations, rather than operations made up here.
 *
 * A document is read and gunzipped once per process, on first use, and served as it is, byte for
 * byte, so its digest is upstream's on every run and every emulator. A scenario's release change
 * (`operations`) is applied to the parsed document once, and the result kept.
 */
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { HTTP_METHODS } from '../src/checks/openapi-narrow.ts';
import type { Scenario } from '../src/config/scenario.ts';
import { didYouMean } from '../src/shared/typos.ts';

const DIRECTORY = new URL('documents/', import.meta.url);

/** `documents/sources.json`: the repository, commit and date the documents were taken at, and each one's path there. */
export interface DocumentSources {
  readonly about: string;
  readonly repository: string;
  readonly commit: string;
  readonly date: string;
  readonly documents: Readonly<Record<string, { readonly path: string; readonly bytes: number }>>;
}

/**
 * Shipped, but not a springdoc group of any host: `partner.json` describes the gRPC partner's API
 * (OpenAPI 3.0, its own title). It is kept for the benchmarks, never served as a group's document.
 */
const NOT_GROUPS: ReadonlySet<string> = new Set(['partner']);

/** An operation as the scenario and contract watch name one: `GET /reference-data/currency/list`. */
export type OperationName = string;

/** What a release does to one group's document: operations removed, and minimal ones added. */
export interface ReleaseChange {
  readonly remove: readonly OperationName[];
  readonly add: readonly OperationName[];
}

/** Enough of an OpenAPI document to find and change its operations. */
export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly [field: string]: unknown;
}

let sources: DocumentSources | undefined;

export function documentSources(): DocumentSources {
  sources ??= JSON.parse(fs.readFileSync(new URL('sources.json', DIRECTORY), 'utf8')) as DocumentSources;
  return sources;
}

/** Whether Wink publishes the group's document, so that the emulator serves the real one. */
export function isPublished(group: string): boolean {
  return Object.hasOwn(documentSources().documents, group) && !NOT_GROUPS.has(group);
}

/** Pretty-printed as springdoc writes it (and the docs repository keeps it): two spaces, a final newline. */
const written = (document: unknown): Buffer => Buffer.from(`${JSON.stringify(document, null, 2)}\n`);

/**
 * The document of a group with none shipped: extranet's, which the docs repository keeps outside
 * git (an LFS pointer it does not resolve), or a group a custom catalog names. Valid and of Wink's
 * shape, it invents no operations.
 */
function standIn(group: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wink API',
      description: `A stand-in: the emulator has no published document of the ${group} group (emulator/documents.ts).`,
      version: 'stand-in',
    },
    paths: {},
  };
}

/** A shipped document's bytes, as upstream wrote them: read and gunzipped afresh each call. */
export function publishedBytes(name: string): Buffer {
  return gunzipSync(fs.readFileSync(new URL(`${name}.json.gz`, DIRECTORY)));
}

const bodies = new Map<string, Buffer>();
const parsed = new Map<string, OpenApiDocument>();

/** The group's document as served without a release change: upstream's bytes, or the stand-in's. */
function upstreamBody(group: string): Buffer {
  let body = bodies.get(group);
  if (!body) {
    body = isPublished(group) ? publishedBytes(group) : written(standIn(group));
    bodies.set(group, body);
  }
  return body;
}

/** The group's document, parsed once; shared, so never to be changed in place. */
export function groupDocument(group: string): OpenApiDocument {
  let document = parsed.get(group);
  if (!document) {
    document = JSON.parse(upstreamBody(group).toString('utf8')) as OpenApiDocument;
    parsed.set(group, document);
  }
  return document;
}

/** Every operation of a document, in its order: `GET /reference-data/currency/list`. */
export function operationsOf(document: OpenApiDocument): OperationName[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.has(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

function split(operation: OperationName): { method: string; path: string } {
  const space = operation.indexOf(' ');
  return { method: operation.slice(0, space).toLowerCase(), path: operation.slice(space + 1) };
}

/**
 * The document as the next release would ship it: `remove`'s operations gone (a path left with
 * none goes too), `add`'s present with the least OpenAPI requires of an operation. Only the path
 * items it touches are copied; the rest is shared with `document`.
 */
export function withRelease(document: OpenApiDocument, change: ReleaseChange): OpenApiDocument {
  const paths: Record<string, Readonly<Record<string, unknown>>> = { ...document.paths };
  for (const operation of change.remove) {
    const { method, path } = split(operation);
    const item = Object.fromEntries(Object.entries(paths[path] ?? {}).filter(([key]) => key !== method));
    if (Object.keys(item).some((key) => HTTP_METHODS.has(key))) paths[path] = item;
    else delete paths[path];
  }
  for (const operation of change.add) {
    const { method, path } = split(operation);
    const operationId = `${method}${path.replace(/\W+/g, '_')}`;
    paths[path] = { ...paths[path], [method]: { operationId, responses: { '200': { description: 'OK' } } } };
  }
  return { ...document, paths };
}

const released = new Map<string, Buffer>();

/** What the emulator serves for the group: upstream's bytes, or, with a release change, the changed document. */
export function documentBody(group: string, change?: ReleaseChange): Buffer {
  if (!change || (change.remove.length === 0 && change.add.length === 0)) return upstreamBody(group);
  const key = JSON.stringify([group, change.remove, change.add]);
  let body = released.get(key);
  if (!body) {
    body = written(withRelease(groupDocument(group), change));
    released.set(key, body);
  }
  return body;
}

/**
 * A scenario's release change that removes an operation its group's document does not have, in
 * one line; a removal that removes nothing would leave a contract-watch test checking no change.
 */
export function releaseProblem(scenario: Scenario): string | undefined {
  for (const [id, host] of Object.entries(scenario.hosts)) {
    if (!host.operations) continue;
    const { group, remove } = host.operations;
    const operations = operationsOf(groupDocument(group));
    const missing = remove.find((operation) => !operations.includes(operation));
    if (missing === undefined) continue;
    const hint =
      operations.length === 0
        ? `it has none: Wink publishes no ${group} document, and the emulator's stand-in has no operations`
        : didYouMean(missing, operations, `one of its ${operations.length} operations (${operations[0]}, ...)`);
    return `SMOKE_EMULATOR_SCENARIO: at hosts.${id}.operations.remove: ${JSON.stringify(missing)} is not an operation of the ${group} document; ${hint}`;
  }
  return undefined;
}
