/**
 * A request of a check to its own host as one phase of it, shared by the kinds that speak HTTP: a
 * boxed step named after the request; no answer fails the check with its cause; an answer is the
 * check's main one, and `judge` rules on it inside the step, so that the report marks the request
 * that failed.
 */
import type { HttpAnswer } from '../net/http.ts';
import type { Check } from './kind.ts';

export interface Answered {
  readonly answer: HttpAnswer;
  readonly latencyMs: number;
  /** The path the answer came from, after redirects. */
  readonly finalPath: string;
}

/** GET `path` of the check's host, in a step of its own, following redirects within the environment. */
export function getStep(
  check: Check,
  path: string,
  options: {
    readonly headers?: Readonly<Record<string, string>>;
    readonly judge?: (answer: HttpAnswer) => void;
    /** The step's name, when it is not the request's own. */
    readonly step?: string;
  } = {},
): Promise<Answered> {
  return check.step(options.step ?? `GET ${path}`, async () => {
    const sent = await check.http({ path, ...(options.headers ? { headers: options.headers } : {}) });
    if (!sent.ok) throw check.fail(sent.fault, sent.cause);
    check.answered(sent.answer.status);
    options.judge?.(sent.answer);
    return { answer: sent.answer, latencyMs: sent.latencyMs, finalPath: new URL(sent.answer.url).pathname };
  });
}

/** `HTTP 404 Not Found`: a status as a cause says it. */
export function statusWords(answer: HttpAnswer): string {
  return `HTTP ${answer.status} ${answer.statusText}`;
}
