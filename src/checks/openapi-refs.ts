/**
 * The JSON of OpenAPI documents as contract watch's narrowing reads it (openapi-narrow.ts): equality
 * whatever the order of keys, and which components a value refers to, as api-smart-diff resolves
 * `$ref`s (within the document, by JSON Pointer, one component at a time).
 */

export type JsonObject = Record<string, unknown>;

/** A document narrowing does not handle: a `$ref` into `paths` or to a whole section, paths or components that are no objects. */
export class NotNarrowable extends Error {}

export const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const componentKey = (section: string, name: string): string => JSON.stringify([section, name]);

/** The list `map` holds for `key`, made empty the first time. */
export function listed<T>(map: Map<string, T[]>, key: string): T[] {
  const list = map.get(key) ?? [];
  map.set(key, list);
  return list;
}

/** A document's components, by `componentKey`, in its order; its paths checked to be objects. */
export function componentsOf(document: JsonObject): Map<string, unknown> {
  const { paths, components = {} } = document;
  if (!isObject(paths) || !Object.values(paths).every(isObject) || !isObject(components)) {
    throw new NotNarrowable('paths or components are not objects');
  }
  const found = new Map<string, unknown>();
  for (const [section, entries] of Object.entries(components)) {
    if (!isObject(entries)) throw new NotNarrowable(`components.${section} is not an object`);
    for (const [name, value] of Object.entries(entries)) found.set(componentKey(section, name), value);
  }
  return found;
}

/** The components `value` refers to, as api-smart-diff resolves its `$ref`s. */
export function refersTo(value: unknown, found = new Set<string>()): Set<string> {
  if (value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    for (const item of value) refersTo(item, found);
    return found;
  }
  // for...in: a parsed document has no inherited keys, and it allocates nothing, unlike Object.entries.
  for (const key in value) {
    const item = (value as JsonObject)[key];
    if (key !== '$ref' || typeof item !== 'string' || item === '') refersTo(item, found);
    else {
      const component = componentOf(item);
      if (component !== undefined) found.add(component);
    }
  }
  return found;
}

/** The component a `$ref` points into; undefined for another file's, which api-smart-diff compares as text. */
function componentOf(ref: string): string | undefined {
  const [file = '', pointer = ''] = ref.split('#');
  if (file !== '') return undefined;
  try {
    // JSON Pointer's escapes, then the URI's, in api-smart-diff's order.
    const [, root, section, name] = pointer
      .split('/')
      .map((part) => decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')));
    if (root === 'components' && section !== undefined && name !== undefined) return componentKey(section, name);
  } catch {
    // A malformed escape: api-smart-diff fails on it too, on the whole documents.
  }
  throw new NotNarrowable(`$ref ${ref} does not point into one component`);
}

/** JSON equality, keys in any order: two values api-smart-diff finds no difference in. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index]));
  }
  let keys = 0;
  for (const key in a) {
    if (!Object.hasOwn(b, key) || !sameJson((a as JsonObject)[key], (b as JsonObject)[key])) return false;
    keys++;
  }
  return keys === Object.keys(b).length;
}

/** The edges of `graph` turned round: who refers to each component. */
export function referrers(graph: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string[]> {
  const reversed = new Map<string, string[]>();
  for (const [from, refs] of graph) for (const to of refs) listed(reversed, to).push(from);
  return reversed;
}

/** `start` and every component it reaches through the edges of `graphs` (one a side), cycles included. */
export function reach(start: Iterable<string>, graphs: readonly ReadonlyMap<string, Iterable<string>>[]): Set<string> {
  const reached = new Set(start);
  const pending = [...reached];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const edges of graphs) {
      for (const to of edges.get(next) ?? []) {
        if (reached.has(to)) continue;
        reached.add(to);
        pending.push(to);
      }
    }
  }
  return reached;
}
