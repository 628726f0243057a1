/**
 * The vocabulary of verdicts: fault classes, the failure every check throws, and the translation of
 * low-level network errors (Node's and Chromium's) into words a tester understands.
 */
import type { Target } from './targets.ts';

/** Why a check failed; each failed check carries exactly one, as a `fault` annotation. */
export const FAULT_CLASSES = [
  'dns',
  'connect',
  'tls',
  'timeout',
  'status',
  'content',
  'page-error',
  'slow',
  'isolation',
  'asleep',
  /** Answers, but reports itself unhealthy: Actuator health not UP, or a 5xx from its health endpoint. */
  'health',
] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

/**
 * Annotation types: lines for people in the HTML report. Nothing reads them back; the facts travel
 * in each check's record (`src/record.ts`).
 */
export const ANNOTATION = {
  fault: 'fault',
  url: 'url',
  status: 'status',
  latency: 'latency-ms',
  loadTime: 'load-time-ms',
  wakeTime: 'wake-time',
  retired: 'retired',
  /** A maintenance window or mute covers the host (`maintenance.json`): failures are reported only. */
  silenced: 'silenced',
  /** Passed, but slower than the degraded bound. */
  degraded: 'degraded',
  certificate: 'certificate',
  certWarning: 'cert-warning',
  /** Where an app landed after redirects, when that is another host of the environment (its login). */
  landed: 'landed',
  /** What a check found beyond its outcome: which document answered, which endpoint was used. */
  detail: 'detail',
  screenshot: 'screenshot',
} as const;

/** A failed check: the message starts with environment, host id and URL, then the cause in words. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  readonly target: Target;
  readonly fault: FaultClass;
  /** The cause in words, without the target. */
  readonly reason: string;

  constructor(target: Target, fault: FaultClass, reason: string) {
    super(`${target.label}: ${reason}`);
    this.target = target;
    this.fault = fault;
    this.reason = reason;
  }
}

interface ErrorPattern {
  readonly pattern: RegExp;
  readonly fault: FaultClass;
  readonly words: string;
}

// Node's HTTP client (Playwright's `request`) reports errno codes; Chromium reports net::ERR_* names.
const NETWORK_ERRORS: readonly ErrorPattern[] = [
  { pattern: /ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED/, fault: 'dns', words: 'host name does not resolve' },
  { pattern: /ECONNREFUSED|ERR_CONNECTION_REFUSED/, fault: 'connect', words: 'connection refused' },
  {
    pattern:
      /ECONNRESET|socket hang up|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_CONNECTION_CLOSED|ERR_SOCKET_NOT_CONNECTED/,
    fault: 'connect',
    words: 'connection reset before an answer',
  },
  {
    pattern: /EHOSTUNREACH|ENETUNREACH|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED/,
    fault: 'connect',
    words: 'host unreachable',
  },
  { pattern: /expired|ERR_CERT_DATE_INVALID/i, fault: 'tls', words: 'TLS certificate expired' },
  {
    pattern: /altnames|ERR_CERT_COMMON_NAME_INVALID/,
    fault: 'tls',
    words: 'TLS certificate is for another host name',
  },
  {
    pattern: /self[- ]signed|unable to verify|UNABLE_TO_GET_ISSUER|ERR_CERT_|ERR_SSL_|EPROTO|certificate/i,
    fault: 'tls',
    words: 'TLS handshake failed',
  },
  { pattern: /ERR_TOO_MANY_REDIRECTS|redirect count exceeded/i, fault: 'status', words: 'redirect loop' },
  {
    pattern:
      /Timeout \d+ms exceeded|timeout of \d+ms exceeded|timed out|aborted due to timeout|ETIMEDOUT|ERR_TIMED_OUT/i,
    fault: 'timeout',
    words: 'no answer in time',
  },
];

export interface NetworkErrorDescription {
  readonly fault: FaultClass;
  /** Words first, then the low-level detail in brackets, e.g. `connection refused (ECONNREFUSED ...)`. */
  readonly cause: string;
}

/** The first line of an error's message, without Playwright's `apiRequestContext.get: ` prefix. */
export function errorDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine.replace(/^[\w.]+\.\w+: /, '').trim();
}

/** Classifies an error thrown by an HTTP request or a page navigation. */
export function describeNetworkError(error: unknown): NetworkErrorDescription {
  const detail = errorDetail(error);
  const known = NETWORK_ERRORS.find(({ pattern }) => pattern.test(detail));
  if (!known) return { fault: 'connect', cause: `request failed (${detail})` };
  return { fault: known.fault, cause: `${known.words} (${detail})` };
}

/** The class of a failure that did not come through `Check.fail`: a network error, else content. */
export function describeUnexpectedError(message: string): FaultClass {
  const known = NETWORK_ERRORS.find(({ pattern }) => pattern.test(message));
  return known?.fault ?? 'content';
}

/** HTTP statuses a gateway in front of a sleeping or starting service answers with. */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
