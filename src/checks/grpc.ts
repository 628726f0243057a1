/**
 * The suite's gRPC client side, for Wink's Partner API (gRPC only): one unary call with an empty
 * message, and the facts of its outcome. No generated code and no protobuf library: an empty
 * protobuf message is zero bytes, sent and received as a raw `Buffer`.
 *
 * grpc-js reports everything as a status, whether the server sent it or the library made it up for
 * a transport failure (a refused connection is `UNAVAILABLE`, a local timeout `DEADLINE_EXCEEDED`).
 * What tells them apart here is whether an answer came over the wire: a gRPC server's headers (or
 * trailers-only answer) carry `content-type: application/grpc`, which grpc-js hands over as
 * metadata; a status the library synthesizes comes with empty metadata and one of a few fixed
 * details texts, each recognized in one place below. The token travels only as call metadata.
 */
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type { Outcome } from './auth.ts';
import type { Secret } from '../shared/secret.ts';
import { ONE_MEANING, describeNetworkError, errorDetail, type FaultClass } from '../shared/faults.ts';

export interface GrpcCallOptions {
  /** `https://host[:port]` (TLS, ALPN h2) or `http://host:port` (h2c: the emulator, loopback overrides). */
  readonly url: string;
  /** The full method path, e.g. `/wink.grpc.v1.Diagnostics/Echo`. */
  readonly method: string;
  /** Bounds the whole call: name resolution, connection, TLS and answer. */
  readonly timeoutMs: number;
  /** Sent as `authorization: Bearer …` call metadata, and nowhere else. */
  readonly token?: Secret;
  /**
   * Trusted roots (PEM) instead of Node's default store. For the self-tests' throwaway CA only:
   * the suite trusts Node's default store, which NODE_EXTRA_CA_CERTS extends.
   */
  readonly ca?: Buffer;
}

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

/** How long past the deadline the suite's own timer waits before cancelling a call grpc-js has not ended. */
const GUARD_MS = 250;
/** Server details longer than this are cut: they are for people, and may be a whole error page. */
const DETAILS_MAX = 200;

const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  // A channel of its own for each call: a fresh connection measured every time, and nothing shared
  // left open after `close()`.
  'grpc.use_local_subchannel_pool': 1,
  // One attempt: a retry would hide the first answer, which is the fact the check is after.
  'grpc.enable_retries': 0,
  // No DNS TXT look-up for a service config: one name resolution, as for the HTTP checks.
  'grpc.service_config_disable_resolution': 1,
  'grpc.primary_user_agent': 'wink-smoke',
};

const METHOD_PATH = /^\/[A-Za-z_][\w.]*\/\w+$/;

function channelTarget(url: string): { target: string; secure: boolean } {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const secure = parsed?.protocol === 'https:';
  if (
    !parsed ||
    !(secure || (parsed.protocol === 'http:' && parsed.port !== '')) ||
    parsed.pathname !== '/' ||
    parsed.search !== '' ||
    parsed.username !== ''
  ) {
    throw new TypeError(`gRPC URL ${url} is not https://host[:port] or http://host:port`);
  }
  return { target: `${parsed.hostname}:${parsed.port || '443'}`, secure };
}

/** The name of a status code (`UNAUTHENTICATED`), or `CODE 42` for one outside the standard set. */
function statusName(code: number): string {
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
function oneLine(text: string, token: Secret | undefined, max = DETAILS_MAX): string {
  let line = text.replace(/\s+/g, ' ').trim();
  const secret = token?.reveal();
  if (secret) line = line.split(secret).join('[redacted]');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Turns what the call left behind into facts. Exported for the self-tests' table of cases. */
export function readObservation(
  observation: GrpcObservation,
  context: { method: string; timeoutMs: number; latencyMs: number; token?: Secret },
): GrpcAnswer {
  const { method, timeoutMs, latencyMs } = context;
  const details = oneLine(observation.details, context.token);
  const fail = (fault: FaultClass, words: string, extra: Partial<GrpcNoAnswer> = {}): GrpcNoAnswer => ({
    answered: false,
    method,
    fault,
    cause: `gRPC ${method}: ${words}`,
    latencyMs,
    ...extra,
  });
  const isGrpc = observation.contentType?.startsWith('application/grpc') ?? false;

  if (
    observation.guardFired ||
    (observation.code === grpc.status.DEADLINE_EXCEEDED && (!isGrpc || LIBRARY.deadline.test(observation.details)))
  ) {
    if (observation.responded)
      return fail('timeout', `the server began an answer but did not end it within ${timeoutMs} ms`);
    if (observation.connected) return fail('timeout', `connected, but no answer within ${timeoutMs} ms`);
    return fail('timeout', `no connection within ${timeoutMs} ms`);
  }

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

  const httpStatus = Number(LIBRARY.httpStatus.exec(observation.details)?.[1] ?? NaN);
  if (observation.responded || Number.isInteger(httpStatus)) {
    // The server answered, but not in gRPC: a gateway's error page, a web server, a wrong host.
    // The class is `status`, as for an HTTP check that gets an unexpected status: the host resolved,
    // accepted the connection (and TLS) and answered in time, so the fault is what it answered.
    const what = [
      Number.isInteger(httpStatus) ? `HTTP ${httpStatus}` : 'over HTTP/2',
      observation.contentType
        ? `with ${oneLine(observation.contentType, context.token, 80)}`
        : 'without a content type',
    ].join(' ');
    return fail('status', `answered ${what}, not gRPC`, {
      ...(Number.isInteger(httpStatus) ? { httpStatus } : {}),
      ...(observation.contentType ? { contentType: observation.contentType } : {}),
    });
  }

  if (LIBRARY.nameResolution.test(observation.details)) {
    return fail('dns', `${ONE_MEANING.dns} (${details})`);
  }
  const noConnection = LIBRARY.noConnection.exec(observation.details);
  if (noConnection) {
    const lastError = oneLine(noConnection[1] ?? 'no error reported', context.token)
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
  if (LIBRARY.dropped.test(observation.details)) {
    return fail('connect', `connection closed before an answer (${details})`);
  }
  return fail(
    describeNetworkError(new Error(details)).fault,
    `call failed: ${statusName(observation.code)}: ${details}`,
  );
}

/** Makes one unary call with an empty message and reports its outcome as facts; never throws for a network fault. */
export async function callGrpc(options: GrpcCallOptions): Promise<GrpcAnswer> {
  const { method, timeoutMs, token } = options;
  if (!METHOD_PATH.test(method)) throw new TypeError(`gRPC method ${method} is not /package.Service/Method`);
  const { target, secure } = channelTarget(options.url);
  // Node's own TLS context: its default store, which NODE_EXTRA_CA_CERTS extends, as for the HTTP
  // checks. grpc-js's `createSsl()` would take GRPC_DEFAULT_SSL_ROOTS_FILE_PATH instead when that is
  // set (some machines set it for every tool), and then NODE_EXTRA_CA_CERTS would not count.
  const credentials = secure
    ? grpc.credentials.createFromSecureContext(tls.createSecureContext(options.ca ? { ca: options.ca } : {}))
    : grpc.credentials.createInsecure();
  const metadata = new grpc.Metadata();
  if (token) {
    // grpc-js would throw a message that quotes the value; this one does not.
    if (!/^[\x21-\x7e]+$/.test(token.reveal())) throw new TypeError('the token is not a valid metadata value');
    metadata.set('authorization', `Bearer ${token.reveal()}`);
  }

  const client = new grpc.Client(target, credentials, CHANNEL_OPTIONS);
  const started = performance.now();
  let responded = false;
  let contentType: string | undefined;
  let guardFired = false;
  const noteHeaders = (headers: grpc.Metadata): void => {
    const type = headers.get('content-type')[0];
    if (typeof type === 'string') contentType ??= type;
    if (Object.keys(headers.getMap()).length > 0) responded = true;
  };

  try {
    const observation = await new Promise<Omit<GrpcObservation, 'responded' | 'contentType' | 'guardFired'>>(
      (resolve) => {
        let guard: NodeJS.Timeout | undefined = undefined;
        const call = client.makeUnaryRequest(
          method,
          (request: Buffer) => request,
          (response: Buffer) => response,
          Buffer.alloc(0),
          metadata,
          { deadline: Date.now() + timeoutMs },
          (error) => {
            clearTimeout(guard);
            const connected = client.getChannel().getConnectivityState(false) === grpc.connectivityState.READY;
            if (!error) return resolve({ code: grpc.status.OK, details: '', connected });
            noteHeaders(error.metadata);
            resolve({ code: error.code, details: error.details, connected });
          },
        );
        call.on('metadata', noteHeaders);
        // grpc-js ends the call at its deadline; this bounds the wait even if it did not.
        guard = setTimeout(() => {
          guardFired = true;
          call.cancel();
        }, timeoutMs + GUARD_MS);
      },
    );
    const latencyMs = Math.round(performance.now() - started);
    return readObservation(
      { ...observation, responded, contentType, guardFired },
      { method, timeoutMs, latencyMs, ...(token ? { token } : {}) },
    );
  } catch (error) {
    // grpc-js throws synchronously only for a bad argument; said in words, never with the metadata.
    const latencyMs = Math.round(performance.now() - started);
    const cause = `gRPC ${method}: ${oneLine(errorDetail(error), token)}`;
    return { answered: false, method, fault: 'connect', cause, latencyMs };
  } finally {
    client.close();
  }
}

/** What the call proves: `ok` with the status for a service that is up, else the fault and cause. */
export type GrpcJudgement = Outcome<{ code: number; codeName: string; latencyMs: number }>;

/**
 * Statuses a server sends when it is not serving, whoever calls: overloaded or starting
 * (`UNAVAILABLE`), failing (`INTERNAL`, `UNKNOWN`, `DATA_LOSS`) or timing out behind itself
 * (`DEADLINE_EXCEEDED`).
 */
const NOT_SERVING: ReadonlySet<number> = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
  grpc.status.DATA_LOSS,
  grpc.status.DEADLINE_EXCEEDED,
]);
const TOKEN_REFUSED: ReadonlySet<number> = new Set([grpc.status.UNAUTHENTICATED, grpc.status.PERMISSION_DENIED]);

/**
 * Judges an answer. `UNIMPLEMENTED` is a contract change: the server runs, the method is gone.
 * Without a token, any other status the server sent proves the service is up: `UNAUTHENTICATED` is
 * what a healthy Partner API answers, and `PERMISSION_DENIED`, `RESOURCE_EXHAUSTED` or `OK` all come
 * from a running gRPC service. With a token, only `OK` passes.
 */
export function judgeGrpcAnswer(answer: GrpcAnswer, options: { authenticated: boolean }): GrpcJudgement {
  if (!answer.answered) return { ok: false, fault: answer.fault, cause: answer.cause };
  const status = `${answer.codeName} (${answer.code})${answer.details ? `: ${answer.details}` : ''}`;
  // The server is up and says the method is gone: the catalog's probe no longer matches Wink.
  if (answer.code === (grpc.status.UNIMPLEMENTED as number))
    return {
      ok: false,
      fault: 'contract',
      cause: `gRPC ${answer.method} answered ${status}: the method is not implemented`,
    };
  const passed = { ok: true as const, code: answer.code, codeName: answer.codeName, latencyMs: answer.latencyMs };
  if (!options.authenticated) {
    if (!NOT_SERVING.has(answer.code)) return passed;
    return { ok: false, fault: 'status', cause: `gRPC ${answer.method} answered ${status}` };
  }
  if (answer.code === (grpc.status.OK as number)) return passed;
  if (TOKEN_REFUSED.has(answer.code)) {
    return {
      ok: false,
      fault: 'status',
      cause: `the Partner API refused the token: gRPC ${answer.method} answered ${status}`,
    };
  }
  return { ok: false, fault: 'status', cause: `gRPC ${answer.method} with a token answered ${status}` };
}
