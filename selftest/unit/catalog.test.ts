import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { HOST_ENTRY_SCHEMA } from '../../src/catalog/hosts.ts';
import { CATALOG, HOSTS, REAL_ENVIRONMENTS, idToEnvKey, urlOverrideVariable } from '../../src/catalog/catalog.ts';

describe('catalog', () => {
  it('gives every host a unique kebab-case id, and every host beyond the environments page its source', () => {
    const ids = CATALOG.map((host) => host.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const host of HOSTS) assert.match(host.id, /^[a-z]+(-[a-z]+)*$/);
    for (const host of HOSTS.filter((candidate) => candidate.offPage !== undefined)) {
      assert.ok(host.sources && host.sources.length > 0, `${host.id} says where its facts come from`);
    }
  });

  it('passes its own SMOKE_CATALOG schema, so a file copied from it is a valid catalog', () => {
    const parsed = z.array(HOST_ENTRY_SCHEMA).safeParse(HOSTS);
    assert.ok(parsed.success, parsed.error?.message);
  });

  it('gives every host a distinct https base URL per environment, without a trailing slash', () => {
    for (const environment of REAL_ENVIRONMENTS) {
      const urls = HOSTS.map((host) => host.urls[environment]);
      assert.equal(new Set(urls).size, urls.length, `${environment} URLs are distinct`);
      for (const url of urls) assert.match(url, /^https:\/\/[a-z0-9.-]+$/);
    }
    for (const host of HOSTS) assert.notEqual(host.urls.staging, host.urls.production, host.id);
  });

  it('names override variables in upper snake case', () => {
    assert.equal(idToEnvKey('booking-engine'), 'BOOKING_ENGINE');
    assert.equal(urlOverrideVariable('staging', 'iam'), 'STAGING_IAM_URL');
    assert.equal(urlOverrideVariable('production', 'my-account'), 'PRODUCTION_MY_ACCOUNT_URL');
  });
});
