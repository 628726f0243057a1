/** The read-only guard, on the suite's HTTP door against the emulator playing production. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestEmulator } from '../harness.ts';
import { HOSTS, urlOverrideVariable } from '../../src/catalog/catalog.ts';
import { ReadOnlyViolation, assertGrpcAllowed, assertAllowed, holdsBack } from '../../src/targets/guard.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { sendHttp } from '../../src/net/http.ts';
import { findTarget, resolveEnvironment } from '../../src/targets/targets.ts';
import type { RunningEmulator } from '../../emulator/emulator.ts';

describe('read-only guard', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startTestEmulator({
      environment: 'production',
    });
  });
  after(() => emulator.close());

  const environment = (name: 'production' | 'staging') =>
    resolveEnvironment(
      name,
      parseSettings(
        Object.fromEntries(HOSTS.map((host) => [urlOverrideVariable(name, host.id), emulator.urls[host.id]!])),
      ),
    );

  it('stops a POST, PUT, DELETE or PATCH to production before it is sent', async () => {
    const production = environment('production');
    const url = `${emulator.urls.inventory}/api/bookings`;
    // The HTTP door asks the guard before every hop it sends.
    await assert.rejects(sendHttp(production, { method: 'POST', url, body: '{}', timeoutMs: 5000 }), ReadOnlyViolation);
    assert.throws(
      () => assertAllowed(production, 'PUT', url),
      /production is read-only: the suite may send it GET, HEAD, and OPTIONS only; refused PUT /,
    );
    assert.throws(() => assertAllowed(production, 'DELETE', url), ReadOnlyViolation);
    assert.throws(() => assertAllowed(production, 'patch', url), ReadOnlyViolation);
    assert.deepEqual(
      emulator.requests.filter((received) => received.method !== 'GET'),
      [],
      'nothing but GET reached the emulator',
    );
    const got = await sendHttp(production, { url, timeoutMs: 5000 });
    assert.equal(got.ok && got.answer.status, 401, 'GET still goes through');
  });

  it('lets staging be written to, and production only its IAM token request', () => {
    assert.doesNotThrow(() => assertAllowed(environment('staging'), 'POST', `${emulator.urls.inventory}/api/bookings`));
    const tokenEndpoint = `${emulator.urls.iam}/oauth2/token`;
    assert.doesNotThrow(() => assertAllowed(environment('production'), 'POST', tokenEndpoint, tokenEndpoint));
    assert.throws(
      () => assertAllowed(environment('production'), 'POST', `${emulator.urls.inventory}/oauth2/token`, tokenEndpoint),
      ReadOnlyViolation,
    );
  });

  it("holds back a page's writes to production and its domains, and nothing of staging's or a third party's", () => {
    const production = environment('production');
    const book = `${emulator.urls.book}/api/session`;
    assert.deepEqual(
      ['POST', 'PUT', 'PATCH', 'DELETE', 'GET', 'HEAD', 'OPTIONS'].map((method) => holdsBack(production, method, book)),
      [true, true, true, true, false, false, false],
    );
    assert.equal(holdsBack(production, 'post', book), true, 'whatever the case of the method');
    // With the catalog's own URLs, the environment's domains are its too (a service under wink.travel).
    const catalogued = resolveEnvironment('production', parseSettings({}));
    assert.equal(holdsBack(catalogued, 'POST', 'https://events.wink.travel/collect'), true, "production's domain");
    assert.equal(holdsBack(catalogued, 'POST', 'https://analytics.example.com/collect'), false, 'a third party');
    assert.equal(holdsBack(environment('staging'), 'POST', `${emulator.urls.book}/api/session`), false);
  });

  it('lets production be called over gRPC with the catalog probe only', () => {
    const production = environment('production');
    const partner = findTarget(production, 'partner');
    assert.doesNotThrow(() => assertGrpcAllowed(production, partner, '/wink.grpc.v1.Diagnostics/Echo'));
    assert.throws(
      () => assertGrpcAllowed(production, partner, '/wink.partner.v1.Booking/Create'),
      (error: unknown) =>
        error instanceof ReadOnlyViolation && /refused \/wink\.partner\.v1\.Booking\/Create at /.test(error.message),
    );
    assert.doesNotThrow(() =>
      assertGrpcAllowed(
        environment('staging'),
        findTarget(environment('staging'), 'partner'),
        '/wink.partner.v1.Booking/Create',
      ),
    );
  });
});
