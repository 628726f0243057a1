/** The benchmark's synthetic catalogs are valid catalogs at every size, whose copies are checked as their originals. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { identityProviderHost } from '../../src/catalog/hosts.ts';
import { readCatalogFile } from '../../src/config/catalog-file.ts';
import { checksOfHost } from '../../src/plan/plan.ts';
import { syntheticCatalog } from '../../scripts/synthetic-catalog.ts';

describe('synthetic catalogs', () => {
  it('cut the catalog below its size and keep it whole at its size', () => {
    assert.deepEqual(syntheticCatalog(HOSTS, 3), HOSTS.slice(0, 3));
    assert.deepEqual(syntheticCatalog(HOSTS, HOSTS.length), HOSTS);
  });

  it('read back as a SMOKE_CATALOG file at 120 hosts: one identity provider, unique ids and URLs', () => {
    const hosts = syntheticCatalog(HOSTS, 120);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synthetic-')), 'catalog.json');
    fs.writeFileSync(file, JSON.stringify(hosts));
    assert.deepEqual(readCatalogFile(file, 'SMOKE_CATALOG'), hosts);
    assert.equal(identityProviderHost(hosts), identityProviderHost(HOSTS));
    for (const environment of ['staging', 'production'] as const) {
      assert.equal(new Set(hosts.map((host) => host.urls[environment])).size, hosts.length, environment);
    }
  });

  it("give each copy its original's checks, but the identity provider's, which one host plays", () => {
    const hosts = syntheticCatalog(HOSTS, 3 * HOSTS.length);
    const provider = identityProviderHost(HOSTS)!;
    for (const [index, copy] of hosts.entries()) {
      const original = HOSTS[index % HOSTS.length]!;
      const names = (host: typeof copy) => checksOfHost(host).map((check) => `${check.kind} ${check.name}`);
      const expected = names(original).filter(
        (name) => copy === original || original !== provider || !/^(login-page|oauth-metadata) /.test(name),
      );
      assert.equal(copy.kind, original.kind, copy.id);
      assert.deepEqual(names(copy), expected, copy.id);
    }
  });
});
