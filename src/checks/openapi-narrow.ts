/**
 * Contract watch, narrowed: from two OpenAPI documents, the smaller pair api-smart-diff needs to
 * find the same operation changes. Wink's documents run to 2.75 MB, most of it component schemas
 * that a release leaves alone; api-smart-diff walks all of it, `$ref`s resolved, for every
 * comparison (2 to 3 s of CPU for booking-engine). Here each component and each operation is
 * compared as plain JSON first, and api-smart-diff is handed only the operations that differ
 * (themselves or through a component they reach), with the components it must resolve.
 *
 * The narrowed pair keeps what api-smart-diff's answer depends on, so the answer is the same:
 * - every top-level field but `paths` and `components` (an operation's `security` is classified
 *   against the document's; the `openapi` version picks the schema rules);
 * - the kept paths' own fields (api-smart-diff copies a path's parameters, servers and the rest into
 *   each of its operations), and every path that it pairs by its template (`/items/{id}` with
 *   `/items/{key}`) rather than by its name;
 * - the order of paths, operations and components: api-smart-diff remembers each pair of `$ref`s it
 *   compared, in the context it first met them, and answers later ones from memory. So every
 *   component that differs, or reaches one that does, stays (and is walked where it was), and the
 *   components that are left out are the same on both sides: comparing them finds nothing, wherever
 *   it happens first.
 */

/** The methods of an OpenAPI path item, as api-smart-diff reads them; its other fields are the path's own. */
export const HTTP_METHODS: ReadonlySet<string> = new Set([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
]);

type JsonObject = Record<string, unknown>;

/** A pair api-smart-diff gives the same operation changes for as for the whole documents. */
export interface NarrowedDocuments {
  readonly before: JsonObject;
  readonly after: JsonObject;
}

/** A document narrowing does not handle: a `$ref` into `paths` or to a whole section, a path item that is no object. */
class NotNarrowable extends Error {}

/** One document, read for narrowing. */
interface Side {
  readonly document: JsonObject;
  /** Each path item, an object (`componentsOf` checks). */
  readonly paths: Readonly<Record<string, JsonObject>>;
  /** Each component, by `componentKey`, in the document's order. */
  readonly components: ReadonlyMap<string, unknown>;
  /** The components each component refers to directly. */
  readonly refs: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Which paths api-smart-diff must see: each with its chosen methods, or whole on both sides. */
type Selection = Map<string, 'whole' | Set<string>>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const componentKey = (section: string, name: string): string => JSON.stringify([section, name]);

/** The list `map` holds for `key`, made empty the first time. */
function listed<T>(map: Map<string, T[]>, key: string): T[] {
  const list = map.get(key) ?? [];
  map.set(key, list);
  return list;
}

/**
 * The pair to compare instead of `before` and `after`, or undefined when they must be compared
 * whole: documents that are not OpenAPI 3 (api-smart-diff compares those as plain JSON Schema),
 * or that narrowing does not handle.
 */
export function narrowDocuments(before: unknown, after: unknown): NarrowedDocuments | undefined {
  // api-smart-diff chooses its OpenAPI 3 rules from the first document alone.
  const openApi3 = isObject(before) && typeof before['openapi'] === 'string' && /3.+/.test(before['openapi']);
  if (!openApi3 || !isObject(after)) return undefined;
  try {
    const { sides, changed } = readSides(before, after);
    const graphs = sides.map(({ refs }) => refs);
    // The components that differ, and those that reach one on either side, through any number of `$ref`s.
    const tainted = reach(changed, graphs.map(referrers));
    const { selection, resolved } = operationsToCompare(...sides, tainted);
    // Without an operation to compare, no component is walked for one: none needs to stay.
    const kept = selection.size === 0 ? new Set<string>() : reach([...tainted, ...resolved], graphs);
    return { before: narrowed(sides[0], selection, kept), after: narrowed(sides[1], selection, kept) };
  } catch (error) {
    if (error instanceof NotNarrowable) return undefined;
    throw error;
  }
}

/** Both documents' components and references, and which components differ (or one side lacks). */
function readSides(before: JsonObject, after: JsonObject) {
  const [components, componentsAfter] = [componentsOf(before), componentsOf(after)];
  const changed = new Set<string>();
  for (const key of new Set([...components.keys(), ...componentsAfter.keys()])) {
    const same = components.has(key) && componentsAfter.has(key);
    if (!same || !sameJson(components.get(key), componentsAfter.get(key))) changed.add(key);
  }
  const refs = new Map([...components].map(([key, value]) => [key, refersTo(value)] as const));
  // A component the same on both sides refers to the same ones: read once.
  const refsAfter = new Map(
    [...componentsAfter].map(([key, value]) => [key, changed.has(key) ? refersTo(value) : refs.get(key)!] as const),
  );
  const sides = [
    { document: before, paths: before['paths'] as Side['paths'], components, refs },
    { document: after, paths: after['paths'] as Side['paths'], components: componentsAfter, refs: refsAfter },
  ] as const satisfies readonly Side[];
  return { sides, changed };
}

/** A document's components, by `componentKey`, in its order; its paths checked to be objects. */
function componentsOf(document: JsonObject): Map<string, unknown> {
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
function refersTo(value: unknown, found = new Set<string>()): Set<string> {
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
function referrers(graph: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string[]> {
  const reversed = new Map<string, string[]>();
  for (const [from, refs] of graph) for (const to of refs) listed(reversed, to).push(from);
  return reversed;
}

/** `start` and every component it reaches through the edges of `graphs` (one a side), cycles included. */
function reach(start: Iterable<string>, graphs: readonly ReadonlyMap<string, Iterable<string>>[]): Set<string> {
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

/** How api-smart-diff pairs paths across documents: by the template, whatever the parameters' names. */
const template = (path: string): string => path.replace(/{.*?}/g, '*');

/**
 * The operations api-smart-diff must see, and the components it must resolve for them. An operation
 * only one side has is added or removed whole, without a look inside; one on both sides is compared
 * when it differs, its path's own fields differ, or it reaches a component that differs.
 */
function operationsToCompare(before: Side, after: Side, tainted: ReadonlySet<string>) {
  const selection: Selection = new Map();
  const resolved = new Set<string>();
  const resolve = (value: unknown): void => refersTo(value).forEach((key) => resolved.add(key));
  const touches = (value: unknown): boolean => [...refersTo(value)].some((key) => tainted.has(key));
  const whole = pairedByTemplate(before, after);
  for (const side of [before, after]) {
    for (const [path, item] of Object.entries(side.paths)) {
      if (!whole.has(template(path))) continue;
      selection.set(path, 'whole');
      resolve(item);
    }
  }
  for (const [path, itemBefore] of Object.entries(before.paths)) {
    if (whole.has(template(path))) continue;
    // Not whole: the other side has this very path.
    const itemAfter = after.paths[path]!;
    const [fields, fieldsAfter] = [pathFields(itemBefore), pathFields(itemAfter)];
    const fieldsDiffer = !sameJson(fields, fieldsAfter) || touches(fields);
    const methods = new Set<string>();
    for (const method of new Set([...Object.keys(itemBefore), ...Object.keys(itemAfter)])) {
      if (!HTTP_METHODS.has(method)) continue;
      const [operation, operationAfter] = [valueOf(itemBefore, method), valueOf(itemAfter, method)];
      if (operation === undefined || operationAfter === undefined) {
        methods.add(method);
      } else if (fieldsDiffer || !sameJson(operation, operationAfter) || touches(operation)) {
        methods.add(method);
        [fields, fieldsAfter, operation, operationAfter].forEach(resolve);
      }
    }
    if (methods.size > 0) selection.set(path, methods);
  }
  return { selection, resolved };
}

/**
 * The templates whose paths api-smart-diff does not simply pair by name: a template with a path on
 * one side only, or with several paths on a side. Those are handed over whole, on both sides.
 */
function pairedByTemplate(before: Side, after: Side): Set<string> {
  const byTemplate = (side: Side): Map<string, string[]> => {
    const groups = new Map<string, string[]>();
    for (const path of Object.keys(side.paths)) listed(groups, template(path)).push(path);
    return groups;
  };
  const [groupsBefore, groupsAfter] = [byTemplate(before), byTemplate(after)];
  const whole = new Set<string>();
  for (const key of new Set([...groupsBefore.keys(), ...groupsAfter.keys()])) {
    const [paths = [], pathsAfter = []] = [groupsBefore.get(key), groupsAfter.get(key)];
    if (paths.length !== 1 || pathsAfter.length !== 1 || paths[0] !== pathsAfter[0]) whole.add(key);
  }
  return whole;
}

const valueOf = (item: unknown, key: string): unknown =>
  isObject(item) && Object.hasOwn(item, key) ? item[key] : undefined;

/** A path item's own fields (parameters, servers, summary, ...): api-smart-diff copies them into each of its operations. */
const pathFields = (item: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(item).filter(([key]) => !HTTP_METHODS.has(key)));

/** `side`'s document with only the selected operations and the kept components, in its own order. */
function narrowed(side: Side, selection: Selection, kept: ReadonlySet<string>): JsonObject {
  const paths = Object.entries(side.paths).flatMap(([path, item]) => {
    const chosen = selection.get(path);
    if (chosen === undefined) return [];
    if (chosen === 'whole') return [[path, item] as const];
    const entries = Object.entries(item).filter(([key]) => !HTTP_METHODS.has(key) || chosen.has(key));
    return [[path, Object.fromEntries(entries)] as const];
  });
  const sections = (components: JsonObject): JsonObject =>
    Object.fromEntries(
      Object.entries(components).map(([section, entries]) => [
        section,
        Object.fromEntries(
          Object.entries(entries as JsonObject).filter(([name]) => kept.has(componentKey(section, name))),
        ),
      ]),
    );
  return Object.fromEntries(
    Object.entries(side.document).map(([key, value]) => {
      if (key === 'paths') return [key, Object.fromEntries(paths)];
      if (key === 'components' && isObject(value)) return [key, sections(value)];
      return [key, value];
    }),
  );
}
