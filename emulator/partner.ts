/**
 * The emulated Partner API: a real gRPC server (@grpc/grpc-js) serving the catalog's probes
 * (`wink.grpc.v1.Diagnostics/Echo`, `wink.partner.v1.Accounts/ListAccounts`), on one public port that also answers a plain HTTP/1.1 request
 * `415 Unsupported Media Type`, as Wink's listener does for its status page's `GET`.
 *
 * How one port serves both: the public port is ours (a `net.Server`, or a `tls.Server` with ALPN
 * `h2` and `http/1.1`), and each accepted connection is handed whole to one of two servers that
 * never listen themselves:
 * - HTTP/2 goes to the grpc-js server through its connection injector
 *   (`Server.createConnectionInjector`), which runs grpc-js's own HTTP/2 session on the socket we
 *   give it: no internal port, no piping, grpc-js answers every frame itself.
 * - Anything else goes to a `node:http` server (`emit('connection')`) that answers 415.
 * Over TLS the negotiated ALPN protocol decides (`h2` or not), after our `tls.Server` has
 * terminated TLS, so the injector gets the decrypted stream. In clear text (h2c with prior
 * knowledge, as gRPC clients speak it) the first bytes decide: the HTTP/2 connection preface
 * starts `PRI * HTTP/2.0`; they are read, then put back (`unshift`) before the hand-over.
 *
 * Unknown methods, the rest of the `wink.partner.v1.*` services included, get grpc-js's own
 * `UNIMPLEMENTED`: their message types are not public, so registering them would add nothing.
 */
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { listen } from './net.ts';

/**
 * How the emulated Partner API answers an Echo call:
 * - `healthy`: `OK` with a token `verifyToken` accepts, else `UNAUTHENTICATED`;
 * - `unavailable`: `UNAVAILABLE`, as an overloaded or starting server answers (its HTTP/1.1 side
 *   still answers 415: the listener is up, the service behind it is not);
 * - `hang`: connections are accepted, calls and HTTP/1.1 requests are never answered;
 * - `{ status }`: that gRPC status code (0 is `OK`, without checking any token);
 * - `asleep`: the platform is still starting it: calls get `UNAVAILABLE` and plain HTTP gets the
 *   gateway's 503, as every emulated host does before the environment wakes.
 */
export type PartnerBehaviour = 'healthy' | 'unavailable' | 'hang' | 'asleep' | { readonly status: number };

export interface PartnerOptions {
  /** 0 lets the system pick a free port. */
  readonly port: number;
  /**
   * The probe methods it serves (the catalog's `grpcProbes`): authenticated, empty messages both
   * ways. Any other method is UNIMPLEMENTED, as for any method a server does not have.
   */
  readonly methods: readonly string[];
  /** Serve TLS with this PEM certificate and key, ALPN `h2` and `http/1.1`; clear text without. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  /** Whether a bearer token is valid (the emulated IAM's tokens, or a test's). */
  readonly verifyToken: (token: string) => Promise<boolean>;
  /** Fixed, or read at each call and request (the emulator's sleep ends while it runs). */
  readonly behaviour: PartnerBehaviour | (() => PartnerBehaviour);
  /** Called on each plain HTTP request, before it is answered. */
  readonly onHttpRequest?: (method: string, path: string) => void;
  /** Called on each gRPC call with the `traceparent` metadata it carried, before it is answered. */
  readonly onGrpcCall?: (method: string, traceparent: string | undefined) => void;
  /** Called on each new TCP connection, before any byte is read (the emulator's wake starts on the first). */
  readonly onConnection?: () => void;
}

export interface RunningPartner {
  /** `http://127.0.0.1:<port>` or `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** Ends every connection and both servers at once. */
  close(): Promise<void>;
}

/** The first bytes of the HTTP/2 connection preface (RFC 9113, 3.4). */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');
/** How long `close()` waits for the servers to report closed; every socket is destroyed before. */
const CLOSE_BOUND_MS = 2000;

const empty = Buffer.alloc(0);
const identity = (buffer: Buffer): Buffer => buffer;

function bearerToken(metadata: grpc.Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  return typeof value === 'string' ? /^Bearer (\S+)$/.exec(value)?.[1] : undefined;
}

function echoHandler(
  behaviourNow: () => PartnerBehaviour,
  verifyToken: (token: string) => Promise<boolean>,
  onCall: (traceparent: string | undefined) => void,
): grpc.handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    const [traceparent] = call.metadata.get('traceparent');
    onCall(typeof traceparent === 'string' ? traceparent : undefined);
    const behaviour = behaviourNow();
    if (behaviour === 'hang') return; // never answered; forceShutdown ends the stream
    if (behaviour === 'asleep') {
      callback({ code: grpc.status.UNAVAILABLE, details: 'the service is starting, try again shortly' });
      return;
    }
    if (behaviour === 'unavailable') {
      callback({ code: grpc.status.UNAVAILABLE, details: 'the service is overloaded or starting, try again later' });
      return;
    }
    if (typeof behaviour === 'object') {
      if (behaviour.status === 0) callback(null, empty);
      else callback({ code: behaviour.status, details: `emulated status ${behaviour.status}` });
      return;
    }
    const token = bearerToken(call.metadata);
    if (token === undefined) {
      callback({ code: grpc.status.UNAUTHENTICATED, details: 'missing bearer token' });
      return;
    }
    verifyToken(token).then(
      (valid) => {
        if (valid) callback(null, empty);
        else callback({ code: grpc.status.UNAUTHENTICATED, details: 'invalid or expired token' });
      },
      () => callback({ code: grpc.status.INTERNAL, details: 'token verification failed' }),
    );
  };
}

/** Calls `route` with the connection once its first bytes tell HTTP/2 from anything else. */
function sniffPreface(socket: net.Socket, route: (isHttp2: boolean) => void): void {
  let seen = empty;
  const onData = (chunk: Buffer): void => {
    seen = Buffer.concat([seen, chunk]);
    const length = Math.min(seen.length, H2_PREFACE.length);
    const isHttp2 = seen.subarray(0, length).equals(H2_PREFACE.subarray(0, length));
    if (isHttp2 && length < H2_PREFACE.length) return; // a prefix of the preface: wait for more
    socket.off('data', onData);
    socket.pause();
    socket.unshift(seen);
    route(isHttp2);
  };
  socket.on('data', onData);
}

export async function startPartner(options: PartnerOptions): Promise<RunningPartner> {
  const configured = options.behaviour;
  const behaviourNow = (): PartnerBehaviour => (typeof configured === 'function' ? configured() : configured);
  const grpcServer = new grpc.Server();
  for (const method of options.methods)
    grpcServer.register(
      method,
      echoHandler(behaviourNow, options.verifyToken, (traceparent) => options.onGrpcCall?.(method, traceparent)),
      identity,
      identity,
      'unary',
    );
  const injector = grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());

  const http1 = http.createServer((request, response) => {
    options.onHttpRequest?.(request.method ?? 'GET', new URL(request.url ?? '/', 'http://partner').pathname);
    const behaviour = behaviourNow();
    if (behaviour === 'hang') return; // never answered; close() destroys the socket
    if (behaviour === 'asleep') {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
      response.end('partner is starting, try again shortly\n');
      return;
    }
    // What a gRPC listener says to a request that is not gRPC.
    response.writeHead(415, { 'content-type': 'application/grpc', 'content-length': '0' });
    response.end();
  });

  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A client that goes away mid-answer is not the emulator's failure.
    socket.on('error', () => undefined);
    options.onConnection?.();
  };
  const handOver = (socket: net.Socket, isHttp2: boolean): void => {
    if (isHttp2) {
      injector.injectConnection(socket);
    } else {
      http1.emit('connection', socket);
      socket.resume();
    }
  };

  let server: net.Server;
  if (options.tls) {
    const tlsServer = tls.createServer({
      cert: options.tls.cert,
      key: options.tls.key,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    tlsServer.on('connection', track);
    tlsServer.on('secureConnection', (socket: tls.TLSSocket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      handOver(socket, socket.alpnProtocol === 'h2');
    });
    // A client that refuses our certificate aborts the handshake; nothing to answer.
    tlsServer.on('tlsClientError', () => undefined);
    server = tlsServer;
  } else {
    server = net.createServer((socket) => {
      track(socket);
      sniffPreface(socket, (isHttp2) => handOver(socket, isHttp2));
    });
  }
  const port = await listen(server, options.port);

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    async close() {
      grpcServer.forceShutdown();
      injector.destroy();
      for (const socket of sockets) socket.destroy();
      const closed = Promise.all([
        new Promise((resolve) => server.close(resolve)),
        new Promise((resolve) => http1.close(resolve)),
      ]);
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise((resolve) => {
        timer = setTimeout(resolve, CLOSE_BOUND_MS);
      });
      await Promise.race([closed, bound]);
      clearTimeout(timer);
    },
  };
}
