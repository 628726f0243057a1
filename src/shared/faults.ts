/**
 * The words for faults: the class every failed check carries, and how low-level network errors
 * (Node's errno codes, Chromium's net::ERR_* names) read to a tester. The checks, the warm-up and
 * the monitor's own senders (alerts, metrics) all word a network error from this one table.
 */

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
  /**
   * Up, but no longer serving a documented surface, as the check's kind says (its `contract` rule,
   * one per kind in `src/kinds/`). Wink changed, the catalog did not: reported, never alerted,
   * unless SMOKE_CONTRACT=check.
   */
  'contract',
  /**
   * A registered domain of the catalog's hosts expires within SMOKE_DOMAIN_FAIL_DAYS, or has lapsed
   * (its RDAP expiration event): every host on it goes down with it.
   */
  'domain',
] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

/**
 * The fault classes that mean one thing whatever the host, in words: a `dns` failure is always a
 * name that does not resolve (its detail names the host). The summary counts the failures of one
 * such class as one problem: offline, every check fails so, and one line says it.
 */
export const ONE_MEANING = { dns: 'host name does not resolve' } as const satisfies Partial<Record<FaultClass, string>>;

/** What a fault class always means, or undefined when its causes differ (a `status` of 500 or 404). */
export function meaningOf(fault: FaultClass): string | undefined {
  return (ONE_MEANING as Partial<Record<FaultClass, string>>)[fault];
}

interface ErrorPattern {
  readonly pattern: RegExp;
  readonly fault: FaultClass;
  readonly words: string;
}

// Node's HTTP client (Playwright's `request`) reports errno codes; Chromium reports net::ERR_* names.
const NETWORK_ERRORS: readonly ErrorPattern[] = [
  { pattern: /ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED/, fault: 'dns', words: ONE_MEANING.dns },
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

/** Classifies an error thrown by an HTTP request, a page navigation or a gRPC call. */
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

/**
 * What went wrong with a request the monitor sent (an alert, a metrics push), in words, from the
 * error's class and code only: never its message, which may hold the secret address.
 */
export function describeSendError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs / 1000} s`;
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code !== 'string') return 'request failed';
  const known = NETWORK_ERRORS.find(({ pattern }) => pattern.test(code));
  return `${known?.words ?? 'request failed'} (${code})`;
}
