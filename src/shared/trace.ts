/**
 * W3C Trace Context (`traceparent`), as Checkly sends it with every check request: each check gets a
 * fresh trace id, sent on its own requests and on its page's requests to the environment's own
 * hosts, so that a failing check's server-side trace can be found (Wink runs on Cloud Run, whose
 * tracing reads the header). It is a header, never a method or a body: the read-only guard is as before.
 */
import { randomBytes } from 'node:crypto';

/** A check's trace: its id, and the header that carries it (version 00, a fresh span, sampled). */
export interface Trace {
  readonly traceId: string;
  readonly traceparent: string;
}

export function newTrace(): Trace {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}

/** The trace id a `traceparent` header carries, or undefined for one that is not valid. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(traceparent ?? '');
  return match && !/^0+$/.test(match[1]!) && !/^0+$/.test(match[2]!) ? match[1] : undefined;
}

/** A trace viewer's link: the template's `{traceId}` replaced (`https://console.cloud.google.com/traces/list?tid={traceId}`). */
export const traceLink = (template: string, traceId: string): string => template.replaceAll('{traceId}', traceId);
