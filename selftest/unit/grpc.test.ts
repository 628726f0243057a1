/**
 * The gRPC client against the emulated Partner API: each case a real call over loopback, in clear
 * text (h2c) and over TLS with a throwaway CA, and the verdict each answer gets.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startPartner, type PartnerBehaviour, type RunningPartner } from '../../emulator/partner.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';

/** The catalog's probe, as the emulator serves it. */
const ECHO_METHOD = HOSTS.flatMap((host) => (host.kind === 'grpc' ? host.grpcProbes : []))[0]!;
import { callGrpc, type GrpcAnswer, type GrpcCallOptions } from '../../src/net/grpc.ts';
import { readObservation } from '../../src/net/grpc-reading.ts';
import { judgeGrpcAnswer } from '../../src/checks/grpc-probes.ts';
import { Secret } from '../../src/shared/secret.ts';
import { newTrace } from '../../src/shared/trace.ts';
import { makeTestCertificates } from '../certificates.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'partner-test-token-5f2c9e';
const GOOD = new Secret(TOKEN);
const BAD = new Secret(`${TOKEN}-revoked`);
/** Long enough for any loopback answer on a loaded CI machine. */
const TIMEOUT_MS = 3000;
/** Short, so the hanging case is quick. */
const HANG_TIMEOUT_MS = 500;
/**
 * How much sooner than its bound a call may seem to end: the deadline is set in whole milliseconds
 * of the wall clock (`Date.now`), the duration measured on the monotonic one, and Node's timers run
 * on a loop time read once per turn of the loop.
 */
const CLOCK_SLACK_MS = 5;
/**
 * Bounds the hanging call's test: the call is bounded by its deadline, and by the client's own
 * guard just after it; a call that neither ended would be stopped here, on any machine.
 */
const HANG_TEST_TIMEOUT_MS = 30_000;

const seen: GrpcAnswer[] = [];
/** Every call goes through here, so the token scan at the end sees every answer. */
async function call(options: Partial<GrpcCallOptions> & { url: string }): Promise<GrpcAnswer> {
  const answer = await callGrpc({ method: ECHO_METHOD, timeoutMs: TIMEOUT_MS, ...options });
  seen.push(answer);
  return answer;
}

const listen = (server: http.Server | http2.Http2Server): Promise<string> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const closeServer = (server: http.Server | http2.Http2Server): Promise<unknown> => {
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

/** GET over HTTP/1.1, as Wink's status page checks the listener. */
function getStatus(url: string, ca?: Buffer): Promise<{ status: number; type: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).get(url, { ca, agent: false }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] });
    });
    request.on('error', reject);
  });
}

/** Sockets this process holds open, client and server side. */
const openSockets = (): number =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'TLSWrap').length;

describe('gRPC client against the emulated Partner API', () => {
  const partners: RunningPartner[] = [];
  const others: (http.Server | http2.Http2Server)[] = [];
  let certDir: string;
  let ca: Buffer;
  let connections = 0;
  const traceparents: (string | undefined)[] = [];
  let healthy: RunningPartner;
  let healthyTls: RunningPartner;

  const partner = async (behaviour: PartnerBehaviour, tls?: { cert: Buffer; key: Buffer }): Promise<RunningPartner> => {
    const started = await startPartner({
      port: 0,
      methods: [ECHO_METHOD],
      behaviour,
      verifyToken: (token) => Promise.resolve(token === TOKEN),
      onConnection: () => connections++,
      onGrpcCall: (_method, traceparent) => traceparents.push(traceparent),
      ...(tls ? { tls } : {}),
    });
    partners.push(started);
    return started;
  };

  before(async () => {
    certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-grpc-'));
    const certificates = makeTestCertificates(certDir);
    ca = fs.readFileSync(certificates.caFile);
    healthy = await partner('healthy');
    healthyTls = await partner('healthy', {
      cert: fs.readFileSync(certificates.files.valid.certFile),
      key: fs.readFileSync(certificates.files.valid.keyFile),
    });
  });

  after(async () => {
    await Promise.all([...partners.map((running) => running.close()), ...others.map(closeServer)]);
    fs.rmSync(certDir, { recursive: true, force: true });
  });

  it('healthy, without a token: the server answers UNAUTHENTICATED, which proves it is up', async () => {
    const answer = await call({ url: healthy.url });
    assert.ok(answer.answered, JSON.stringify(answer));
    assert.equal(answer.codeName, 'UNAUTHENTICATED');
    assert.equal(answer.code, 16);
    assert.deepEqual(judgeGrpcAnswer(answer, { authenticated: false }), {
      ok: true,
      code: 16,
      codeName: 'UNAUTHENTICATED',
      latencyMs: answer.latencyMs,
    });
    assert.equal(judgeGrpcAnswer(answer, { authenticated: true }).ok, false);
  });

  it('with a good token: OK', async () => {
    const answer = await call({ url: healthy.url, token: GOOD });
    assert.ok(answer.answered && answer.codeName === 'OK', JSON.stringify(answer));
    assert.equal(judgeGrpcAnswer(answer, { authenticated: true }).ok, true);
  });

  it("sends the check's trace as `traceparent` metadata", async () => {
    const { traceparent } = newTrace();
    const answer = await call({ url: healthy.url, token: GOOD, traceparent });
    assert.ok(answer.answered && answer.codeName === 'OK', JSON.stringify(answer));
    assert.equal(traceparents.at(-1), traceparent);
  });

  it('with a bad token: UNAUTHENTICATED, judged as the token refused', async () => {
    const answer = await call({ url: healthy.url, token: BAD });
    assert.ok(answer.answered && answer.codeName === 'UNAUTHENTICATED', JSON.stringify(answer));
    const verdict = judgeGrpcAnswer(answer, { authenticated: true });
    assert.ok(!verdict.ok);
    assert.equal(verdict.fault, 'status');
    assert.match(
      verdict.cause,
      /refused the token: gRPC \/wink\.grpc\.v1\.Diagnostics\/Echo answered UNAUTHENTICATED \(16\)/,
    );
  });

  it('an unknown method: UNIMPLEMENTED from the server, a contract change whether or not a token was sent', async () => {
    const answer = await call({ url: healthy.url, method: '/wink.partner.v1.Search/Find' });
    assert.ok(answer.answered && answer.codeName === 'UNIMPLEMENTED', JSON.stringify(answer));
    for (const authenticated of [false, true]) {
      const verdict = judgeGrpcAnswer(answer, { authenticated });
      assert.ok(!verdict.ok && verdict.fault === 'contract', JSON.stringify(verdict));
      assert.match(verdict.cause, /Search\/Find answered UNIMPLEMENTED \(12\)/);
    }
  });

  it('each call opens a connection of its own, seen by onConnection, and leaves no socket open', async () => {
    const before = connections;
    const socketsBefore = openSockets();
    await call({ url: healthy.url });
    assert.equal(connections, before + 1);
    // The server side closes once the client's close reaches it, at once on an idle machine; the
    // poll ends then, and 10 s leaves a busy machine room without hiding a socket left open.
    let waited = 0;
    for (; openSockets() > socketsBefore && waited < 10_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(
      openSockets(),
      socketsBefore,
      `${openSockets()} sockets open after ${waited} ms of polling; expected ${socketsBefore}, as before the call`,
    );
  });

  it('unavailable: the server answers UNAVAILABLE, which fails as status (and is no refused connection)', async () => {
    const answer = await call({ url: (await partner('unavailable')).url });
    assert.ok(answer.answered && answer.codeName === 'UNAVAILABLE', JSON.stringify(answer));
    const verdict = judgeGrpcAnswer(answer, { authenticated: false });
    assert.ok(!verdict.ok);
    assert.equal(verdict.fault, 'status');
    assert.match(verdict.cause, /^gRPC \/wink\.grpc\.v1\.Diagnostics\/Echo answered UNAVAILABLE \(14\): the service/);
  });

  it('a status of choice: INTERNAL fails, PERMISSION_DENIED proves the service is up', async () => {
    const internal = await call({ url: (await partner({ status: 13 })).url });
    assert.ok(internal.answered && internal.codeName === 'INTERNAL');
    assert.equal(judgeGrpcAnswer(internal, { authenticated: false }).ok, false);
    const denied = await call({ url: (await partner({ status: 7 })).url });
    assert.ok(denied.answered && denied.codeName === 'PERMISSION_DENIED');
    assert.equal(judgeGrpcAnswer(denied, { authenticated: false }).ok, true);
  });

  it('hang: fails as timeout, ended by its bound', { timeout: HANG_TEST_TIMEOUT_MS }, async () => {
    const url = (await partner('hang')).url;
    const answer = await call({ url, timeoutMs: HANG_TIMEOUT_MS });
    assert.ok(!answer.answered && answer.fault === 'timeout', JSON.stringify(answer));
    // The call ended as the bound ended it (its deadline, or the guard after it), not otherwise.
    // How soon after is the machine's load, not the client's: no wall-clock ceiling is asserted.
    assert.match(answer.cause, new RegExp(`connected, but no answer within ${HANG_TIMEOUT_MS} ms`));
    assert.ok(
      answer.latencyMs >= HANG_TIMEOUT_MS - CLOCK_SLACK_MS,
      `the call ended after ${answer.latencyMs} ms; expected no sooner than its ${HANG_TIMEOUT_MS} ms bound (less ${CLOCK_SLACK_MS} ms of clock granularity)`,
    );
  });

  it('a closed port: connect, connection refused', async () => {
    const closed = http.createServer();
    const url = await listen(closed);
    await closeServer(closed);
    const answer = await call({ url });
    assert.ok(!answer.answered && answer.fault === 'connect', JSON.stringify(answer));
    assert.match(answer.cause, /^gRPC \/wink\.grpc\.v1\.Diagnostics\/Echo: connection refused \(connect ECONNREFUSED/);
  });

  it('a plain HTTP/1.1 server (200, HTML): not a gRPC answer, fails as status', async () => {
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>Welcome</title>');
    });
    others.push(server);
    const answer = await call({ url: await listen(server) });
    assert.ok(!answer.answered && answer.fault === 'status', JSON.stringify(answer));
    assert.match(answer.cause, /does not speak HTTP\/2, so it is not gRPC/);
  });

  it('an HTTP/2 server that is not gRPC (404, HTML): fails as status, with the HTTP status as a fact', async () => {
    const server = http2.createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>Not Found</title>');
    });
    others.push(server);
    const answer = await call({ url: await listen(server) });
    assert.ok(!answer.answered, JSON.stringify(answer));
    assert.equal(answer.fault, 'status');
    assert.equal(answer.httpStatus, 404);
    assert.equal(answer.contentType, 'text/html');
    assert.match(answer.cause, /answered HTTP 404 with text\/html, not gRPC/);
  });

  it('GET over HTTP/1.1 to the partner port: 415, as a gRPC listener answers', async () => {
    const before = connections;
    assert.deepEqual(await getStatus(healthy.url), { status: 415, type: 'application/grpc' });
    assert.equal(connections, before + 1);
  });

  it('TLS: UNAUTHENTICATED without a token, OK with one, 415 to an HTTP/1.1 GET', async () => {
    const anonymous = await call({ url: healthyTls.url, ca });
    assert.ok(anonymous.answered && anonymous.codeName === 'UNAUTHENTICATED', JSON.stringify(anonymous));
    const authenticated = await call({ url: healthyTls.url, ca, token: GOOD });
    assert.ok(authenticated.answered && authenticated.codeName === 'OK', JSON.stringify(authenticated));
    assert.deepEqual(await getStatus(healthyTls.url, ca), { status: 415, type: 'application/grpc' });
  });

  it('TLS: a certificate from an unknown CA fails as tls', async () => {
    const answer = await call({ url: healthyTls.url });
    assert.ok(!answer.answered && answer.fault === 'tls', JSON.stringify(answer));
  });

  it("TLS: Node's default trust store, extended by NODE_EXTRA_CA_CERTS, is the one used", async () => {
    const script = `
      import { callGrpc } from './src/net/grpc.ts';
      const answer = await callGrpc({ url: process.argv[1], method: '${ECHO_METHOD}', timeoutMs: ${TIMEOUT_MS} });
      process.stdout.write(JSON.stringify(answer));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--no-deprecation', '--input-type=module', '-e', script, healthyTls.url],
      { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(certDir, 'ca.pem') }, timeout: 20_000 },
    );
    const answer = JSON.parse(stdout) as GrpcAnswer;
    seen.push(answer);
    assert.ok(answer.answered && answer.codeName === 'UNAUTHENTICATED', stdout);
  });

  it('refuses a token that is no valid metadata value without quoting it', async () => {
    const odd = `${TOKEN}\nsecond line`;
    await assert.rejects(
      callGrpc({ url: healthy.url, method: ECHO_METHOD, timeoutMs: TIMEOUT_MS, token: new Secret(odd) }),
      (error: Error) => {
        assert.ok(error instanceof TypeError, String(error));
        assert.equal(error.message, 'the token is not a valid metadata value');
        assert.ok(!error.message.includes(TOKEN), error.message);
        return true;
      },
    );
  });

  it('never puts the token in a cause or details', () => {
    assert.ok(seen.length >= 15, `${seen.length} answers seen`);
    for (const answer of seen) {
      const text = answer.answered ? answer.details : answer.cause;
      assert.ok(!text.includes(TOKEN), text);
      assert.ok(!JSON.stringify(answer).includes(TOKEN));
    }
  });
});

describe('reading what grpc-js reports', () => {
  const context = { method: ECHO_METHOD, timeoutMs: 1000, latencyMs: 1000 };
  const observed = {
    code: 14,
    details: '',
    responded: false,
    contentType: undefined,
    connected: true,
    guardFired: false,
  };

  it('a DEADLINE_EXCEEDED the server sent is its answer; one grpc-js made up is a timeout', () => {
    const fromServer = readObservation(
      { ...observed, code: 4, details: 'upstream timed out', responded: true, contentType: 'application/grpc' },
      context,
    );
    assert.ok(fromServer.answered && fromServer.codeName === 'DEADLINE_EXCEEDED');
    const local = readObservation(
      { ...observed, code: 4, details: 'Deadline exceeded after 1.001s,LB pick: 0.001s,remote_addr=127.0.0.1:1' },
      context,
    );
    assert.ok(!local.answered && local.fault === 'timeout');
  });

  it('a connection dropped after the headers is a connect fault, not an answer', () => {
    const dropped = readObservation(
      { ...observed, details: 'Connection dropped', responded: true, contentType: 'application/grpc' },
      context,
    );
    assert.ok(!dropped.answered && dropped.fault === 'connect');
  });

  it('a name that does not resolve is dns; a TLS server without h2 is not gRPC', () => {
    const dns = readObservation(
      { ...observed, details: 'Name resolution failed for target dns:x.invalid:443' },
      context,
    );
    assert.ok(!dns.answered && dns.fault === 'dns');
    const noAlpn = readObservation(
      {
        ...observed,
        details:
          'No connection established. Last error: Error: 80:error:0A000460:SSL routines:ssl3_read_bytes:tlsv1 alert no application protocol:rec_layer_s3.c:1601:SSL alert number 120. Resolution note: ',
      },
      context,
    );
    assert.ok(!noAlpn.answered && noAlpn.fault === 'status', JSON.stringify(noAlpn));
  });

  it("replaces the token in a server's details", () => {
    const echoed = readObservation(
      { ...observed, code: 16, details: `bad token ${TOKEN}`, responded: true, contentType: 'application/grpc' },
      { ...context, token: GOOD },
    );
    assert.ok(echoed.answered);
    assert.equal(echoed.details, 'bad token [redacted]');
  });
});
