/**
 * What zod found wrong with a value, in words for an error of one line: the first issue only, where
 * it is and what is expected. Later issues often follow from the first, and one line is read.
 */
import { z } from 'zod';
import { didYouMean } from './typos.ts';

/** The first issue of a failed parse: where in the value, undefined for the value itself. */
export interface FirstIssue {
  /** `windows[0].host`, `hosts.studio.fault`, `0.kind`. */
  readonly path: string | undefined;
  /** The same path as its parts, for a caller that words the issue itself. */
  readonly where: readonly PropertyKey[];
  readonly message: string;
  /** The value has no field at `path` where one is required (parsed with `IN_WORDS`). */
  readonly missing: boolean;
}

/**
 * A path as a reader writes it: a name after a dot, an index in brackets after what it indexes, and
 * an index at the top, which indexes nothing named, on its own.
 */
function pathText(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.reduce<string>((text, part, index) => {
    const name = String(part);
    if (index === 0) return name;
    return typeof part === 'number' ? `${text}[${name}]` : `${text}.${name}`;
  }, '');
}

/** A value as a message shows it: a short one as JSON, an object or array by its kind alone. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value) ?? String(value);
}

/**
 * Options for `safeParse` that word zod's generic messages for a reader: a value of the wrong type
 * is named with the type expected (`expected number, got "500"`), and a required field that is
 * absent is `missing` (the issue keeps its input, so `firstIssue` can tell).
 */
export const IN_WORDS = {
  reportInput: true,
  error: (issue: z.core.$ZodRawIssue) => {
    if (issue.code !== 'invalid_type') return undefined;
    if (issue.input === undefined) return 'missing';
    // zod's name for an object of any keys; a reader knows it as an object.
    return `expected ${issue.expected === 'record' ? 'object' : issue.expected}, got ${shown(issue.input)}`;
  },
} as const;

/**
 * `z.strictObject` whose unknown field is named with the closest known one:
 * `"falut" is not a field here; did you mean fault?`.
 */
export function fieldsOf<const Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const names = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${JSON.stringify(issue.keys[0])} is not a field here; ${didYouMean(issue.keys[0] ?? '', names)}`
        : undefined,
  });
}

/** `z.enum` whose other values are named with the closest: `"healthdown" is not <what>; did you mean health-down?`. */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, what: string) {
  return z.enum(values, {
    error: (issue) =>
      issue.code === 'invalid_value'
        ? `${shown(issue.input)} is not ${what}; ${didYouMean(String(issue.input), values)}`
        : undefined,
  });
}

const isMissing = (issue: z.core.$ZodIssue): boolean =>
  issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined;

/**
 * The issue to tell: the first, unless it is a missing field beside a field the object should not
 * have, which is more likely the same field misspelt (`reasn` for `reason`): then that one.
 */
function leadIssue(error: z.ZodError): z.core.$ZodIssue {
  const first = error.issues[0]!;
  if (!isMissing(first)) return first;
  const parent = pathText(first.path.slice(0, -1));
  return error.issues.find((issue) => issue.code === 'unrecognized_keys' && pathText(issue.path) === parent) ?? first;
}

export function firstIssue(error: z.ZodError): FirstIssue {
  const issue = leadIssue(error);
  return {
    path: pathText(issue.path),
    where: issue.path,
    message: issue.message,
    missing: isMissing(issue),
  };
}

/** `at windows[0].host: <what is expected>`, or `at the top: ...` when the value itself is wrong. */
export function firstIssueLine(error: z.ZodError): string {
  const { path, message } = firstIssue(error);
  return `at ${path ?? 'the top'}: ${message}`;
}
