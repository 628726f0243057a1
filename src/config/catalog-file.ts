/**
 * A catalog of hosts read from a JSON file (`SMOKE_CATALOG`) instead of the built-in one: a synthetic
 * catalog for benchmarks, say. Held to the same shape as the built-in catalog's entries.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { HOST_ENTRY_SCHEMA, type HostEntry } from '../catalog/hosts.ts';
import { ConfigError } from './variables.ts';
import { firstIssueLine } from '../shared/zod-issue.ts';

/**
 * The hosts of the catalog file at `file`, validated; throws `ConfigError` with one line naming the
 * file as `label` gives it (`SMOKE_CATALOG=<path as written>`).
 */
export function readCatalogFile(file: string, label: string): readonly HostEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${label} is not a readable JSON file: ${(error as Error).message}`);
  }
  const parsed = z.array(HOST_ENTRY_SCHEMA).min(1).safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${label}: ${firstIssueLine(parsed.error)}; expected an array of catalog hosts`);
  }
  const ids = parsed.data.map((host) => host.id);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) throw new ConfigError(`${label}: the id '${twice}' is used twice; expected unique ids`);
  // Every app's login, every token and the metadata checks go to one identity provider: a second
  // one would be checked as one and never play the part.
  const providers = parsed.data.filter((host) => host.kind === 'api' && host.identityProvider !== undefined);
  if (providers.length > 1) {
    throw new ConfigError(
      `${label}: ${providers.map((host) => `'${host.id}'`).join(', ')} each set identityProvider; expected at most one identity provider`,
    );
  }
  // The same shape as HostEntry, as the catalog's compile-time check proves.
  return parsed.data as readonly HostEntry[];
}
