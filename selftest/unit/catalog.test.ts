import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CATALOG,
  ENVIRONMENT_TRAITS,
  HOSTS,
  REAL_ENVIRONMENTS,
  idToEnvKey,
  urlOverrideVariable,
} from '../../src/catalog/catalog.ts';

describe('catalog', () => {
  it('holds the 15 hosts of every revision of the page, 4 APIs, 1 gRPC host and 10 apps, with unique kebab-case ids', () => {
    assert.deepEqual(
      CATALOG.map((host) => host.id),
      [
        'iam',
        'inventory',
        'integrations',
        'payment-api',
        'partner',
        'portal',
        'book',
        'winklinks',
        'agent',
        'corporate',
        'booking-engine',
        'extranet',
        'my-account',
        'payment',
        'studio',
      ],
    );
    assert.equal(HOSTS.filter((host) => host.kind === 'api').length, 4);
    assert.equal(HOSTS.filter((host) => host.kind === 'grpc').length, 1);
    assert.equal(HOSTS.filter((host) => host.kind === 'app').length, 10);
    for (const host of HOSTS) assert.match(host.id, /^[a-z]+(-[a-z]+)*$/);
  });

  it('gives every host a distinct https base URL per environment, without a trailing slash', () => {
    for (const environment of REAL_ENVIRONMENTS) {
      const urls = HOSTS.map((host) => host.urls[environment]);
      assert.equal(new Set(urls).size, urls.length, `${environment} URLs are distinct`);
      for (const url of urls) assert.match(url, /^https:\/\/[a-z0-9.-]+$/);
    }
    for (const host of HOSTS) assert.notEqual(host.urls.staging, host.urls.production, host.id);
  });

  it('keeps the hosts the newest page retired, marked as such', () => {
    assert.deepEqual(
      HOSTS.filter((host) => host.retired).map((host) => host.id),
      ['payment-api', 'agent', 'corporate', 'booking-engine', 'extranet', 'my-account', 'payment', 'studio'],
    );
  });

  it('puts public documents only on API hosts, with absolute paths', () => {
    for (const host of HOSTS) {
      for (const document of host.documents ?? []) {
        assert.equal(host.kind, 'api', host.id);
        assert.match(document.path, /^\//);
      }
    }
  });

  it('lets only production be read-only and only staging and local sleep', () => {
    assert.deepEqual(ENVIRONMENT_TRAITS.production, { sleepsWhenIdle: false, emulated: false, readOnly: true });
    assert.equal(ENVIRONMENT_TRAITS.staging.sleepsWhenIdle, true);
    assert.equal(ENVIRONMENT_TRAITS.local.emulated, true);
  });

  it('names override variables in upper snake case', () => {
    assert.equal(idToEnvKey('booking-engine'), 'BOOKING_ENGINE');
    assert.equal(urlOverrideVariable('staging', 'iam'), 'STAGING_IAM_URL');
    assert.equal(urlOverrideVariable('production', 'my-account'), 'PRODUCTION_MY_ACCOUNT_URL');
  });
});
