/**
 * The suite's one door for gRPC, for Wink's Partner API (gRPC only): one unary call with an empty
 * message, and the facts of its outcome (`grpc-reading.ts`). No generated code and no protobuf
 * library: an empty protobuf message is zero bytes, sent and received as a raw `Buffer`. A check
 * calls through `askGrpc`, which applies production's read-only guard first (only the catalog's
 * read-only probes); the token travels only as call metadata.
 */
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { assertGrpcAllowed } from '../targets/guard.ts';
import type { ResolvedEnvironment, Target } from '../targets/targets.ts';
import type { Secret } from '../shared/secret.ts';
import { errorDetail } from '../shared/faults.ts';
import { oneLine, readObservation, type GrpcAnswer, type GrpcObservation } from './grpc-reading.ts';

export type { GrpcAnswer, GrpcNoAnswer, GrpcStatusAnswer } from './grpc-reading.ts';

export interface GrpcCallOptions {
  /** `https://host[:port]` (TLS, ALPN h2) or `http://host:port` (h2c: the emulator, loopback overrides). */
  readonly url: string;
  /** The full method path, e.g. `/wink.grpc.v1.Diagnostics/Echo`. */
  readonly method: string;
  /** Bounds the whole call: name resolution, connection, TLS and answer. */
  readonly timeoutMs: number;
  /** Sent as `authorization: Bearer …` call metadata, and nowhere else. */
  readonly token?: Secret;
  /** W3C trace context, sent as `traceparent` call metadata: the check's trace (`src/shared/trace.ts`). */
  readonly traceparent?: string;
  /**
   * Trusted roots (PEM) instead of Node's default store. For the self-tests' throwaway CA only:
   * the suite trusts Node's default store, which NODE_EXTRA_CA_CERTS extends.
   */
  readonly ca?: Buffer;
}

/** How long past the deadline the suite's own timer waits before cancelling a call grpc-js has not ended. */
const GUARD_MS = 250;
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

/**
 * Node's own TLS context: its default store, which NODE_EXTRA_CA_CERTS extends, as for the HTTP
 * checks. grpc-js's `createSsl()` would take GRPC_DEFAULT_SSL_ROOTS_FILE_PATH instead when that is
 * set (some machines set it for every tool), and then NODE_EXTRA_CA_CERTS would not count.
 */
function channelCredentials(secure: boolean, ca: Buffer | undefined): grpc.ChannelCredentials {
  return secure
    ? grpc.credentials.createFromSecureContext(tls.createSecureContext(ca ? { ca } : {}))
    : grpc.credentials.createInsecure();
}

function callMetadata(token: Secret | undefined, traceparent: string | undefined): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (traceparent) metadata.set('traceparent', traceparent);
  if (token) {
    // grpc-js would throw a message that quotes the value; this one does not.
    if (!/^[\x21-\x7e]+$/.test(token.reveal())) throw new TypeError('the token is not a valid metadata value');
    metadata.set('authorization', `Bearer ${token.reveal()}`);
  }
  return metadata;
}

/** Makes the call and waits for its end: grpc-js's status, and what came over the wire. */
function observeCall(
  client: grpc.Client,
  method: string,
  metadata: grpc.Metadata,
  timeoutMs: number,
): Promise<GrpcObservation> {
  let responded = false;
  let contentType: string | undefined;
  let guardFired = false;
  const noteHeaders = (headers: grpc.Metadata): void => {
    const type = headers.get('content-type')[0];
    if (typeof type === 'string') contentType ??= type;
    if (Object.keys(headers.getMap()).length > 0) responded = true;
  };
  return new Promise((resolve) => {
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
        if (error) noteHeaders(error.metadata);
        const { code, details } = error ?? { code: grpc.status.OK, details: '' };
        resolve({ code, details, connected, responded, contentType, guardFired });
      },
    );
    call.on('metadata', noteHeaders);
    // grpc-js ends the call at its deadline; this bounds the wait even if it did not.
    guard = setTimeout(() => {
      guardFired = true;
      call.cancel();
    }, timeoutMs + GUARD_MS);
  });
}

/**
 * Makes one unary call with an empty message and reports its outcome as facts; never throws for a
 * network fault. Unguarded: the checks call `askGrpc`; the self-tests call this against their own servers.
 */
export async function callGrpc(options: GrpcCallOptions): Promise<GrpcAnswer> {
  const { method, timeoutMs, token } = options;
  if (!METHOD_PATH.test(method)) throw new TypeError(`gRPC method ${method} is not /package.Service/Method`);
  const { target, secure } = channelTarget(options.url);
  const credentials = channelCredentials(secure, options.ca);
  const metadata = callMetadata(token, options.traceparent);
  const client = new grpc.Client(target, credentials, CHANNEL_OPTIONS);
  const started = performance.now();
  try {
    const observation = await observeCall(client, method, metadata, timeoutMs);
    const latencyMs = Math.round(performance.now() - started);
    return readObservation(observation, { method, timeoutMs, latencyMs, ...(token ? { token } : {}) });
  } catch (error) {
    // grpc-js throws synchronously only for a bad argument; said in words, never with the metadata.
    const latencyMs = Math.round(performance.now() - started);
    const cause = `gRPC ${method}: ${oneLine(errorDetail(error), token)}`;
    return { answered: false, method, fault: 'connect', cause, latencyMs };
  } finally {
    client.close();
  }
}

/** Calls `method` of a target of `environment`, once the read-only guard allows it. */
export function askGrpc(
  environment: ResolvedEnvironment,
  target: Target,
  options: Omit<GrpcCallOptions, 'url' | 'ca'>,
): Promise<GrpcAnswer> {
  assertGrpcAllowed(environment, target, options.method);
  return callGrpc({ ...options, url: target.url });
}
