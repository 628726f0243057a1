/**
 * Domain expiry by RDAP, against the emulator's RDAP server on loopback: the catalog's registered
 * domains, the bootstrap file's services, an expiry read and judged, and every way of not knowing
 * it (no service for the TLD, 404, no expiration event, no answer) being `unknown`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRdap, type RunningRdap } from '../../emulator/rdap.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import {
  daysLeft,
  expiryFromAnswer,
  loadBootstrap,
  rdapBaseFor,
  rdapServiceFor,
  shippedOverrides,
  readExpiry,
  registeredDomains,
  shippedBootstrap,
  type RdapGet,
} from '../../src/checks/rdap.ts';
import { judgeDays } from '../../src/checks/policy.ts';

const get: RdapGet = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.text() };
};

describe('domain expiry by RDAP', () => {
  let rdap: RunningRdap;
  before(async () => {
    rdap = await startRdap({ 'wink.travel': { expiresInDays: 10 }, 'trippay.io': { fault: 'rdap-silent' } });
  });
  after(() => rdap.close());

  it("derives the catalog's registered domains from its hosts, by the public suffix list", () => {
    assert.deepEqual(registeredDomains(HOSTS), ['trippay.io', 'trvl.as', 'wink.travel']);
  });

  it("finds each TLD's server in the bootstrap file, and none for a TLD without RDAP", () => {
    const bootstrap = shippedBootstrap();
    assert.match(rdapBaseFor('wink.travel', bootstrap) ?? '', /^https:\/\//);
    assert.equal(rdapBaseFor('trvl.as', bootstrap), undefined, '.as publishes no RDAP service');
  });

  it('asks a shipped override for a TLD the bootstrap file does not list, and the bootstrap once it does', () => {
    const bootstrap = shippedBootstrap();
    assert.equal(rdapBaseFor('trippay.io', bootstrap), undefined, 'IANA lists no service for .io');
    const io = rdapServiceFor('trippay.io', bootstrap);
    assert.equal(io?.base, 'https://rdap.identitydigital.services/rdap/');
    assert.match(
      io?.from ?? '',
      /^the shipped overrides, the bootstrap file naming none: Identity Digital, which runs \.io/,
    );
    assert.deepEqual(rdapServiceFor('wink.travel', bootstrap), {
      base: rdapBaseFor('wink.travel', bootstrap),
      from: 'the bootstrap file',
    });
    assert.equal(rdapServiceFor('trvl.as', bootstrap), undefined, 'no service for .as, listed or overridden');
    // IANA's word wins once its file lists the TLD.
    const listed = { services: [...bootstrap.services, [['io'], ['https://rdap.nic.io/']] as const] };
    assert.deepEqual(rdapServiceFor('trippay.io', listed), {
      base: 'https://rdap.nic.io/',
      from: 'the bootstrap file',
    });
    // Every override names its source, and an https base.
    for (const override of shippedOverrides()) {
      assert.match(override.base, /^https:\/\/[^/]+\/.*\/$/, override.base);
      assert.ok(override.source.length > 40, override.tlds.join());
    }
  });

  it('reads the expiration event and the registrar, and judges days left as certificate days are', async () => {
    const expiry = await readExpiry('wink.travel', rdap.url, get);
    assert.equal(expiry.state, 'known');
    assert.ok(expiry.state === 'known' && expiry.registrar === 'Emulated Registrar');
    const days = expiry.state === 'known' ? daysLeft(expiry.expiresAt, Date.now()) : NaN;
    assert.ok(days === 9 || days === 10, `${days} days left`);
    assert.equal(judgeDays(days, 30, 7), 'warn');
    assert.equal(judgeDays(days, 30, 14), 'fail');
    assert.equal(judgeDays(400, 30, 7), 'pass');
  });

  it('is unknown, never failed, when it cannot be learnt', async () => {
    assert.deepEqual(await readExpiry('trippay.io', rdap.url, get), {
      domain: 'trippay.io',
      state: 'unknown',
      reason: 'RDAP answered HTTP 404',
      source: `${rdap.url}/domain/trippay.io`,
    });
    assert.equal((await readExpiry('trvl.as', undefined, get)).state, 'unknown');
    const refused = await readExpiry('wink.travel', 'http://127.0.0.1:9', get);
    assert.ok(refused.state === 'unknown' && refused.reason.startsWith('no RDAP answer'), JSON.stringify(refused));
    assert.equal(expiryFromAnswer('wink.travel', 'x', { events: [] }).state, 'unknown');
  });

  it("falls back to the shipped bootstrap file when IANA's cannot be read", async () => {
    const { bootstrap, from } = await loadBootstrap(() =>
      Promise.reject(new Error('getaddrinfo ENOTFOUND data.iana.org')),
    );
    assert.ok(bootstrap.services.length > 100);
    assert.match(from, /^the shipped copy \(IANA's file could not be read: getaddrinfo ENOTFOUND/);
  });
});
