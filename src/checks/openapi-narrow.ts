/**
 * Contract watch, narrowed: from two OpenAPI documents, the smaller pair api-smart-diff needs to
 * find the same operation changes. Wink's documents run to 2.75 MB, most of it component schemas
 * that a release leaves alone; api-smart-diff walks all of it, `$ref`s resolved, for every
 * comparison (2 to 3 s of CPU for booking-engine). Here each component and each operation is
 * compared as plain JSON first, and api-smart-diff is handed only the operations that differ
 * (themselves, or through a component they reach), of those only the fields and responses that
 * differ, and the components it must resolve for them.
 *
 * The narrowed pair keeps what api-smart-diff's answer depends on, so the answer is the same:
 * - every top-level field but `paths` and `components` (an operation's `security` is classified
 *   against the document's; the `openapi` version picks the schema rules);
 * - the kept paths' own fields, and the operations' fields of the same names (api-smart-diff copies
 *   a path's parameters, servers and the rest into each of its operations), and every path that it
 *   pairs by its template (`/items/{id}` with `/items/{key}`) rather than by its name;
 * - the order of paths, operations and components: api-smart-diff remembers each pair of `$ref`s it
 *   compared, in the context it first met them, and answers later ones from memory. So every
 *   component that differs, or reaches one that does, stays (and is walked where it was); what is
 *   left out is the same on both sides and reaches nothing that differs: comparing it finds
 *   nothing, wherever it happens first.
 */

import {
  componentKey,
  componentsOf,
  isObject,
  listed,
  NotNarrowable,
  reach,
  refersTo,
  referrers,
  sameJson,
  type JsonObject,
} from './openapi-refs.ts';

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

/** A pair api-smart-diff gives the same operation changes for as for the whole documents. */
export interface NarrowedDocuments {
  readonly before: JsonObject;
  readonly after: JsonObject;
}

/** One document, read for narrowing. */
interface Side {
  readonly document: JsonObject;
  /** Each path item, an object (`componentsOf` checks). */
  readonly paths: Readonly<Record<string, JsonObject>>;
  /** The components each component refers to directly, by `componentKey`. */
  readonly refs: ReadonlyMap<string, ReadonlySet<string>>;
}

/** An operation as api-smart-diff must see it on each side: undefined on the side without it. */
type OperationPair = readonly [before: unknown, after: unknown];

/** Which paths api-smart-diff must see: whole on both sides, or with the chosen operations by method. */
type Selection = Map<string, 'whole' | Map<string, OperationPair>>;

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
    return { before: narrowed(sides[0], 0, selection, kept), after: narrowed(sides[1], 1, selection, kept) };
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
    const onBoth = components.has(key) && componentsAfter.has(key);
    if (!onBoth || !sameJson(components.get(key), componentsAfter.get(key))) changed.add(key);
  }
  const refs = new Map([...components].map(([key, value]) => [key, refersTo(value)] as const));
  // A component the same on both sides refers to the same ones: read once.
  const refsAfter = new Map(
    [...componentsAfter].map(([key, value]) => [key, changed.has(key) ? refersTo(value) : refs.get(key)!] as const),
  );
  const sides = [
    { document: before, paths: before['paths'] as Side['paths'], refs },
    { document: after, paths: after['paths'] as Side['paths'], refs: refsAfter },
  ] as const satisfies readonly Side[];
  return { sides, changed };
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
  const templates = [before, after].map((side) => new Set(Object.keys(side.paths).map(template)));
  for (const [index, side] of [before, after].entries()) {
    for (const [path, item] of Object.entries(side.paths)) {
      if (!whole.has(template(path))) continue;
      selection.set(path, 'whole');
      // A path whose template the other side lacks is added or removed whole, operations and all.
      if (templates[1 - index]!.has(template(path))) resolve(item);
    }
  }
  for (const [path, item] of Object.entries(before.paths)) {
    if (whole.has(template(path))) continue;
    // Not whole: the other side has this very path.
    const itemAfter = after.paths[path]!;
    const [fields, fieldsAfter] = [pathFields(item), pathFields(itemAfter)];
    const fieldsDiffer = !sameJson(fields, fieldsAfter) || touches(fields);
    const fieldNames = new Set([...Object.keys(fields), ...Object.keys(fieldsAfter)]);
    const chosen = new Map<string, OperationPair>();
    for (const method of new Set([...Object.keys(item), ...Object.keys(itemAfter)])) {
      if (!HTTP_METHODS.has(method)) continue;
      const pair = [valueOf(item, method), valueOf(itemAfter, method)] as const;
      if (pair.includes(undefined)) chosen.set(method, pair);
      else if (fieldsDiffer || !sameJson(...pair) || touches(pair[0])) {
        const parts = partsToCompare(pair, fieldNames, touches);
        chosen.set(method, parts);
        [fields, fieldsAfter, ...parts].forEach(resolve);
      }
    }
    if (chosen.size > 0) selection.set(path, chosen);
  }
  return { selection, resolved };
}

/**
 * What api-smart-diff must compare of an operation both sides have: a field the same on both
 * sides and reaching no component that differs finds nothing wherever it is compared, so it is
 * left out, and so is each such response. A field the path has too stays: api-smart-diff copies
 * the path's into an operation that lacks it.
 */
function partsToCompare(
  [operation, operationAfter]: OperationPair,
  fieldNames: ReadonlySet<string>,
  touches: (value: unknown) => boolean,
): OperationPair {
  if (!isObject(operation) || !isObject(operationAfter)) return [operation, operationAfter];
  /** `value`'s entries but those `other` has the same and that reach no component that differs. */
  const differing = (value: JsonObject, other: JsonObject, keep: (key: string) => boolean): JsonObject =>
    Object.fromEntries(
      Object.entries(value).filter(
        ([key, item]) => keep(key) || !Object.hasOwn(other, key) || !sameJson(item, other[key]) || touches(item),
      ),
    );
  const parts = (value: JsonObject, other: JsonObject): JsonObject => {
    const kept = differing(value, other, (key) => fieldNames.has(key));
    const [responses, responsesOther] = [kept['responses'], other['responses']];
    if (isObject(responses) && isObject(responsesOther))
      kept['responses'] = differing(responses, responsesOther, () => false);
    return kept;
  };
  return [parts(operation, operationAfter), parts(operationAfter, operation)];
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

/** `side`'s document (0 before, 1 after) with only the selected operations and the kept components, in its own order. */
function narrowed(side: Side, index: 0 | 1, selection: Selection, kept: ReadonlySet<string>): JsonObject {
  const paths = Object.entries(side.paths).flatMap(([path, item]) => {
    const chosen = selection.get(path);
    if (chosen === undefined) return [];
    if (chosen === 'whole') return [[path, item] as const];
    const entries = Object.entries(item).flatMap(([key, value]) => {
      if (!HTTP_METHODS.has(key)) return [[key, value] as const];
      const pair = chosen.get(key);
      return pair === undefined ? [] : [[key, pair[index]] as const];
    });
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
