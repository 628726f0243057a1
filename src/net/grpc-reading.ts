/**
 * What a gRPC call's outcome means, read from what grpc-js left behind. grpc-js reports everything
 * as a status, whether the server sent it or the library made it up for a transport failure (a
 * refused connection is `UNAVAILABLE`, a local timeout `DEADLINE_EXCEEDED`). What tells them apart
 * here is whether an answer came over the wire: a gRPC server's headers (or trailers-only answer)
 * carry `content-type: application/grpc`, which grpc-js hands over as metadata; a status the
 * library synthesizes comes with empty metadata and one of a few fixed details texts, each
 * recognized in one place below (`LIBRARY`). The token is never quoted.
 */
import * as grpc from '@grpc/grpc-js';
import type { Secret } from '../shared/secret.ts';
import { ONE_MEANING, describeNetworkError, type FaultClass } from '../shared/faults.ts';

/** A status the server sent: the call reached a gRPC service. */
export interface GrpcStatusAnswer {
  readonly answered: true;
  readonly method: string;
  readonly code: number;
  /** The status code's name, e.g. `UNAUTHENTICATED`. */
  readonly codeName: string;
  /** The server's status message, on one line, at most 200 characters. */
  readonly details: string;
  /** From the call's start to its status: name resolution, connection and TLS included. */
  readonly latencyMs: number;
}

/** No gRPC status came from the server: nothing answered, or something that is not gRPC did. */
export interface GrpcNoAnswer {
  readonly answered: false;
  readonly method: string;
  readonly fault: FaultClass;
  /** In words, starting with `gRPC <method>`; never the token. */
  readonly cause: string;
  readonly latencyMs: number;
  /** A non-gRPC HTTP/2 answer's status, when grpc-js reported one. */
  readonly httpStatus?: number;
  /** A non-gRPC answer's content type, when it had one. */
  readonly contentType?: string;
}

export type GrpcAnswer = GrpcStatusAnswer | GrpcNoAnswer;

/** Server details longer than this are cut: they are for people, and may be a whole error page. */
const DETAILS_MAX = 200;

/** The name of a status code (`UNAUTHENTICATED`), or `CODE 42` for one outside the standard set. */
export function statusName(code: number): string {
  return (grpc.status as Record<number, string | undefined>)[code] ?? `CODE ${code}`;
}

/** What a call left behind, before any judgement: grpc-js's status and what came over the wire. */
export interface GrpcObservation {
  readonly code: grpc.status;
  readonly details: string;
  /** Response headers or trailers-only metadata came from the server. */
  readonly responded: boolean;
  readonly contentType: string | undefined;
  /** The channel was connected (READY) when the call ended. */
  readonly connected: boolean;
  /** The suite's own timer cancelled the call: grpc-js's deadline did not end it. */
  readonly guardFired: boolean;
}

// Details texts grpc-js (1.14) writes for statuses it synthesizes; a server writes its own.
const LIBRARY = {
  /** The call's deadline passed on the client (resolving-call.ts). */
  deadline: /^Deadline exceeded after /,
  /** pick-first could not connect; the last socket or TLS error follows (load-balancer-pick-first.ts). */
  noConnection: /^No connection established(?:\. Last error: ([\s\S]*?)(?:\. Resolution note: [\s\S]*)?)?$/,
  nameResolution: /^Name resolution failed for target /,
  /** An HTTP/2 answer without a gRPC status, mapped from its HTTP status (subchannel-call.ts). */
  httpStatus: /^Received HTTP status code (\d+)$/,
  /** The connection or stream ended before a status (subchannel-call.ts). */
  dropped: /^(?:Connection dropped|Stream refused by server|Received RST_STREAM with code \d+)/,
  /** The time grpc-js appends to a connection error (transport.ts). */
  timestamp: / \(\d{4}-\d\d-\d\dT[\d:.]+Z\)/g,
  /** nghttp2 could not read the answer as HTTP/2. */
  notHttp2: /^Protocol error/,
  /** The HTTP/2 session closed before its settings came (transport.ts). */
  setupFailed: /^Failed to connect/,
  /** OpenSSL's error line, `<id>:error:<code>:SSL routines:<function>:<reason>:<file>:<line>`. */
  openssl: /SSL routines:[^:]*:([^:]+)/,
  /** The server's TLS alert when none of the client's ALPN protocols (h2) is one it speaks. */
  noAlpn: /no application protocol/,
} as const;

/** Cuts a text to one line of at most `max` characters, with the token (if any) replaced. */
export function oneLine(text: string, token: Secret | undefined, max = DETAILS_MAX): string {
  let line = text.replace(/\s+/g, ' ').trim();
  const secret = token?.reveal();
  if (secret) line = line.split(secret).join('[redacted]');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

interface ReadingContext {
  readonly method: string;
  readonly timeoutMs: number;
  readonly latencyMs: number;
  readonly token?: Secret;
}

type Fail = (fault: FaultClass, words: string, extra?: Partial<GrpcNoAnswer>) => GrpcNoAnswer;

/** A call the deadline ended, grpc-js's or the suite's own, or undefined when it was not that. */
function readTimeout(observation: GrpcObservation, isGrpc: boolean, context: ReadingContext, fail: Fail) {
  const { timeoutMs } = context;
  if (
    !observation.guardFired &&
    !(observation.code === grpc.status.DEADLINE_EXCEEDED && (!isGrpc || LIBRARY.deadline.test(observation.details)))
  )
    return undefined;
  if (observation.responded)
    return fail('timeout', `the server began an answer but did not end it within ${timeoutMs} ms`);
  if (observation.connected) return fail('timeout', `connected, but no answer within ${timeoutMs} ms`);
  return fail('timeout', `no connection within ${timeoutMs} ms`);
}

/**
 * The server answered, but not in gRPC: a gateway's error page, a web server, a wrong host. The
 * class is `status`, as for an HTTP check that gets an unexpected status: the host resolved,
 * accepted the connection (and TLS) and answered in time, so the fault is what it answered.
 * Undefined when nothing answered.
 */
function readNotGrpc(observation: GrpcObservation, context: ReadingContext, fail: Fail) {
  const httpStatus = Number(LIBRARY.httpStatus.exec(observation.details)?.[1] ?? NaN);
  if (!observation.responded && !Number.isInteger(httpStatus)) return undefined;
  const what = [
    Number.isInteger(httpStatus) ? `HTTP ${httpStatus}` : 'over HTTP/2',
    observation.contentType ? `with ${oneLine(observation.contentType, context.token, 80)}` : 'without a content type',
  ].join(' ');
  return fail('status', `answered ${what}, not gRPC`, {
    ...(Number.isInteger(httpStatus) ? { httpStatus } : {}),
    ...(observation.contentType ? { contentType: observation.contentType } : {}),
  });
}

/** Why no connection was made, from grpc-js's last socket or TLS error. */
function readNoConnection(lastErrorText: string | undefined, context: ReadingContext, fail: Fail): GrpcNoAnswer {
  const lastError = oneLine(lastErrorText ?? 'no error reported', context.token)
    .replace(LIBRARY.timestamp, '')
    .replace(/^Error: /, '');
  // OpenSSL's error line: keep its reason ("wrong version number"), drop the source location.
  const openssl = LIBRARY.openssl.exec(lastError)?.[1];
  // The bytes that came back are not HTTP/2 (nghttp2's "Protocol error", e.g. an HTTP/1.1 server's
  // "400 Bad Request" to the h2c preface), or TLS offered no h2: something answered, so `status`.
  if (LIBRARY.notHttp2.test(lastError)) {
    return fail('status', `the server does not speak HTTP/2, so it is not gRPC (${lastError})`);
  }
  if (openssl && LIBRARY.noAlpn.test(openssl)) {
    return fail('status', `the server offers no HTTP/2 over TLS (ALPN h2), so it is not gRPC (${openssl})`);
  }
  if (openssl) return fail('tls', `TLS handshake failed (${openssl})`);
  if (LIBRARY.setupFailed.test(lastError)) {
    return fail('connect', `the connection closed before HTTP/2 was set up (${lastError})`);
  }
  const described = describeNetworkError(new Error(lastError));
  return fail(described.fault, described.cause);
}

/** Turns what the call left behind into facts. Exported for the self-tests' table of cases. */
export function readObservation(observation: GrpcObservation, context: ReadingContext): GrpcAnswer {
  const { method, latencyMs } = context;
  const details = oneLine(observation.details, context.token);
  const fail: Fail = (fault, words, extra = {}) => ({
    answered: false,
    method,
    fault,
    cause: `gRPC ${method}: ${words}`,
    latencyMs,
    ...extra,
  });
  const isGrpc = observation.contentType?.startsWith('application/grpc') ?? false;
  const timedOut = readTimeout(observation, isGrpc, context, fail);
  if (timedOut) return timedOut;
  if (isGrpc) {
    if (LIBRARY.dropped.test(observation.details)) {
      return fail('connect', `the connection ended during the answer (${statusName(observation.code)}: ${details})`);
    }
    return {
      answered: true,
      method,
      code: observation.code,
      codeName: statusName(observation.code),
      details,
      latencyMs,
    };
  }
  const notGrpc = readNotGrpc(observation, context, fail);
  if (notGrpc) return notGrpc;
  if (LIBRARY.nameResolution.test(observation.details)) return fail('dns', `${ONE_MEANING.dns} (${details})`);
  const noConnection = LIBRARY.noConnection.exec(observation.details);
  if (noConnection) return readNoConnection(noConnection[1], context, fail);
  if (LIBRARY.dropped.test(observation.details)) {
    return fail('connect', `connection closed before an answer (${details})`);
  }
  return fail(
    describeNetworkError(new Error(details)).fault,
    `call failed: ${statusName(observation.code)}: ${details}`,
  );
}
