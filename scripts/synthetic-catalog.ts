/**
 * The benchmark's catalogs of any size: the catalog cut to `size` hosts, or repeated with suffixed ids
 * (`portal-2`, `inventory-3`) up to it. A copy keeps every fact its kind's checks read (springdoc
 * groups, the API reference, health, gRPC probes, CDN assets, the login redirect), so the emulator
 * serves it and the suite checks it as it does the original. The one part a copy never plays is the
 * identity provider's: an environment has one (every app's login and every token go to it), and the
 * emulator plays that one; a copy of it is an API like any other, checked by its answer.
 */
import type { HostEntry } from '../src/catalog/hosts.ts';

function copyOf(host: HostEntry, copy: number): HostEntry {
  const id = `${host.id}-${copy}`;
  // Names that resolve nowhere: a copy is reached only through its URL override.
  const urls = { staging: `https://staging-${id}.bench.invalid`, production: `https://${id}.bench.invalid` };
  switch (host.kind) {
    case 'api': {
      const { identityProvider, ...api } = host;
      return identityProvider === undefined ? { ...host, id, urls } : { ...api, id, urls };
    }
    case 'app':
    case 'grpc':
    case 'cdn':
      return { ...host, id, urls };
  }
}

export function syntheticCatalog(hosts: readonly HostEntry[], size: number): HostEntry[] {
  return Array.from({ length: size }, (_, index) => {
    const host = hosts[index % hosts.length]!;
    const copy = Math.floor(index / hosts.length) + 1;
    return copy === 1 ? host : copyOf(host, copy);
  });
}
