/**
 * The one HTTP door (`src/net/http.ts`) against servers on loopback playing two hosts of production:
 * redirects hop by hop, a loop, a hop into staging or out of Wink, the read-only guard, the bound
 * on time, a refused connection, a compressed body and a probe that reads nothing.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { urlOverrideVariable } from '../../src/catalog/catalog.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { jsonOf, sendHttp, textOf } from '../../src/net/http.ts';
import { ReadOnlyViolation } from '../../src/targets/guard.ts';
import { resolveEnvironment, type ResolvedEnvironment } from '../../src/targets/targets.ts';

interface Received {
  readonly method: string;
  readonly url: string;
}

/** A loopback server answering by path, keeping every request it received. */
async function serve(routes: Record<string, (response: http.ServerResponse) => void>) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    received.push({ method: request.method ?? '', url: request.url ?? '' });
    const route = routes[request.url ?? ''];
    if (route) route(response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => server.closeAllConnections() ?? server.close() };
}

const redirect = (location: string) => (response: http.ServerResponse) => response.writeHead(302, { location }).end();

describe('the HTTP door', () => {
  let api: Awaited<ReturnType<typeof serve>>;
  let iam: Awaited<ReturnType<typeof serve>>;
  let production: ResolvedEnvironment;
  let refusedPort: number;

  before(async () => {
    api = await serve({
      '/': (response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('hello'),
      '/hop': redirect('/'),
      '/loop': redirect('/loop-again'),
      '/loop-again': redirect('/loop'),
      '/staging': redirect('https://staging-api.wink.travel/'),
      '/away': redirect('http://example.invalid/'),
      '/gzip': (response) =>
        response
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          .end(zlib.gzipSync(JSON.stringify({ status: 'UP' }))),
      '/hang': () => undefined,
    });
    iam = await serve({ '/oauth2/token': (response) => response.writeHead(200).end('{}') });
    production = resolveEnvironment(
      'production',
      parseSettings({
        [urlOverrideVariable('production', 'inventory')]: api.url,
        [urlOverrideVariable('production', 'iam')]: iam.url,
      }),
    );
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    refusedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
  });
  after(() => {
    api.close();
    iam.close();
  });

  it('follows redirects hop by hop, listing each hop', async () => {
    const outcome = await sendHttp(production, { url: `${api.url}/hop`, timeoutMs: 5000 });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.answer.status, 200);
    assert.equal(textOf(outcome.answer), 'hello');
    assert.equal(outcome.answer.url, `${api.url}/`);
    assert.deepEqual(
      outcome.hops.map((hop) => [hop.url, hop.status]),
      [
        [`${api.url}/hop`, 302],
        [`${api.url}/`, 200],
      ],
    );
  });

  it('takes a redirect as the answer when told not to follow', async () => {
    const outcome = await sendHttp(production, { url: `${api.url}/hop`, redirects: 'none', timeoutMs: 5000 });
    assert.ok(outcome.ok);
    assert.equal(outcome.answer.status, 302);
  });

  it('fails a loop with its chain, a hop into staging as isolation, and one out of Wink as status, sending neither', async () => {
    const loop = await sendHttp(production, { url: `${api.url}/loop`, timeoutMs: 5000 });
    assert.deepEqual(loop.ok ? undefined : [loop.fault, loop.cause], [
      'status',
      `GET /loop: redirect loop: ${api.url}/loop -> ${api.url}/loop-again -> ${api.url}/loop`,
    ]);
    const staging = await sendHttp(production, { url: `${api.url}/staging`, timeoutMs: 5000 });
    assert.deepEqual(staging.ok ? undefined : [staging.fault, staging.cause], [
      'isolation',
      `GET /staging redirected to staging's https://staging-api.wink.travel/ (${api.url}/staging -> https://staging-api.wink.travel/)`,
    ]);
    const away = await sendHttp(production, { url: `${api.url}/away`, timeoutMs: 5000 });
    assert.deepEqual(away.ok ? undefined : [away.fault, away.cause], [
      'status',
      `GET /away redirected out of production to http://example.invalid/ (${api.url}/away -> http://example.invalid/)`,
    ]);
  });

  it('refuses a write to production before it is sent, but for the token request to IAM', async () => {
    await assert.rejects(
      sendHttp(production, { method: 'POST', url: `${api.url}/`, body: '{}', timeoutMs: 5000 }),
      ReadOnlyViolation,
    );
    await assert.rejects(
      sendHttp(production, { method: 'POST', url: `${api.url}/`, tokenRequest: true, timeoutMs: 5000 }),
      /production is read-only: the suite may send it GET, HEAD, and OPTIONS only; refused POST /,
    );
    assert.deepEqual(
      api.received.filter((request) => request.method !== 'GET'),
      [],
    );
    const token = await sendHttp(production, {
      method: 'POST',
      url: `${iam.url}/oauth2/token`,
      body: 'grant_type=client_credentials',
      tokenRequest: true,
      redirects: 'none',
      timeoutMs: 5000,
    });
    assert.ok(token.ok && token.answer.status === 200);
  });

  it('bounds the exchange, worded as a timeout with the whole bound for the first hop', async () => {
    const started = performance.now();
    const outcome = await sendHttp(production, { url: `${api.url}/hang`, timeoutMs: 300 });
    assert.ok(performance.now() - started < 3000);
    assert.deepEqual(outcome.ok ? undefined : [outcome.fault, outcome.cause], [
      'timeout',
      'GET /hang: no answer in time (Timeout 300ms exceeded.)',
    ]);
  });

  it('words a refused connection as Node names it', async () => {
    const url = `http://127.0.0.1:${refusedPort}/`;
    const outcome = await sendHttp(production, { url, timeoutMs: 5000 });
    assert.deepEqual(outcome.ok ? undefined : [outcome.fault, outcome.cause], [
      'connect',
      `GET /: connection refused (connect ECONNREFUSED 127.0.0.1:${refusedPort})`,
    ]);
  });

  it('decodes a gzipped body, and a probe reads none', async () => {
    const outcome = await sendHttp(production, { url: `${api.url}/gzip`, timeoutMs: 5000 });
    assert.ok(outcome.ok);
    assert.deepEqual(jsonOf(outcome.answer), { status: 'UP' });
    const probe = await sendHttp(production, { url: `${api.url}/gzip`, read: 'discard', timeoutMs: 5000 });
    assert.ok(probe.ok && probe.answer.status === 200 && probe.answer.body.length === 0);
  });
});
