/**
 * What zod found wrong with a value, in words for an error of one line: the first issue only, where
 * it is and what is expected. Later issues often follow from the first, and one line is read.
 */
import type { z } from 'zod';

/** The first issue of a failed parse: where in the value, undefined for the value itself. */
export interface FirstIssue {
  /** `windows[0].host`, `hosts.studio.fault`, `0.kind`. */
  readonly path: string | undefined;
  readonly message: string;
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

export function firstIssue(error: z.ZodError): FirstIssue {
  const issue = error.issues[0]!;
  return { path: pathText(issue.path), message: issue.message };
}

/** `at windows[0].host: <what is expected>`, or `at the top: ...` when the value itself is wrong. */
export function firstIssueLine(error: z.ZodError): string {
  const { path, message } = firstIssue(error);
  return `at ${path ?? 'the top'}: ${message}`;
}
