/**
 * A scenario tells the emulator how each host should misbehave, so that self-tests can inject a
 * fault into one host and check the suite's verdict. Given as JSON, inline or in a file, through
 * `SMOKE_EMULATOR_SCENARIO`:
 *
 *   { "wakeAfterMs": 2000, "hosts": { "studio": { "fault": "status", "status": 500 } } }
 */
import fs from 'node:fs';
import { z } from 'zod';
import type { HostEntry } from '../src/catalog/hosts.ts';
import { ConfigError } from '../src/config/variables.ts';
import { firstIssue } from '../src/shared/zod-issue.ts';
import { FAULTS, HOST_FAULTS, meansSomethingToGrpc, type HostFault } from './faults.ts';

const hostScenario = z.strictObject({
  fault: z.enum(Object.keys(HOST_FAULTS) as [HostFault, ...HostFault[]]).optional(),
  status: z.int().min(100).max(599).optional(),
  /** Added before every answer, as a slow server or a long round trip would. */
  latencyMs: z.int().min(0).max(600_000).optional(),
  /** IAM only: revoke every token as soon as it is issued, so the API refuses it. */
  revokeTokens: z.boolean().optional(),
  /** APIs: springdoc groups gone from the service: no longer listed, and their documents answer 404. */
  removeGroups: z.array(z.string().min(1)).optional(),
  /**
   * APIs: a release's change to one group's document: operations (`GET /api/reference/items`)
   * removed and added, as the next release would ship them.
   */
  operations: z
    .strictObject({
      group: z.string().min(1),
      remove: z.array(z.string().regex(/^[A-Z]+ \//, 'expected "METHOD /path"')).default([]),
      add: z.array(z.string().regex(/^[A-Z]+ \//, 'expected "METHOD /path"')).default([]),
    })
    .optional(),
  /** APIs: springdoc groups still listed whose document answers 500, as a failing service does. */
  failGroups: z.array(z.string().min(1)).optional(),
  /** APIs: springdoc groups still listed whose document answers 200 with JSON that is not OpenAPI. */
  invalidGroups: z.array(z.string().min(1)).optional(),
  /** gRPC hosts: probe methods the server no longer implements (it answers UNIMPLEMENTED). */
  unimplemented: z.array(z.string().min(1)).optional(),
  /**
   * Apps: as it loads, the bundle sends an analytics beacon and records a session with a POST, and
   * renders once the session is accepted (`appBundle`'s `writes-on-load`).
   */
  writesOnLoad: z.boolean().optional(),
  /** Serve https with this certificate and key (PEM files) instead of plain http. */
  tls: z.strictObject({ certFile: z.string(), keyFile: z.string() }).optional(),
});
export type HostScenario = z.infer<typeof hostScenario>;

/**
 * How a sleeping host answers until the environment wakes: a gateway's 503 (the default), the
 * request held until the service is ready, or 429 (Cloud Run, where Wink's backend runs, does both).
 */
export const WAKE_STYLES = ['gateway', 'held', 'too-many-requests'] as const;

const scenarioSchema = z.strictObject({
  /** Overrides SMOKE_EMULATOR_WAKE_S: how long the platform sleeps after its first connection. */
  wakeAfterMs: z.int().min(0).max(600_000).optional(),
  wakeStyle: z.enum(WAKE_STYLES).optional(),
  hosts: z.record(z.string(), hostScenario).default({}),
});
export type Scenario = z.infer<typeof scenarioSchema>;

/** Parses a scenario given inline (`{...}`) or as a path to a JSON file. */
export function loadScenario(source: string | undefined, hosts: readonly HostEntry[]): Scenario {
  if (source === undefined) return { hosts: {} };
  const inline = source.trimStart().startsWith('{');
  const where = inline ? 'SMOKE_EMULATOR_SCENARIO' : source;
  let raw: unknown;
  try {
    raw = JSON.parse(inline ? source : fs.readFileSync(source, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${where} is not a readable JSON scenario: ${(error as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw new ConfigError(
      `${where}: ${issue.path ?? 'scenario'}: ${issue.message}; expected {"wakeAfterMs"?: ms, "wakeStyle"?: ${WAKE_STYLES.join('|')}, "hosts": {"<id>": {"fault"?: ${Object.keys(HOST_FAULTS).join('|')}, "status"?, "latencyMs"?}}}`,
    );
  }
  const known = new Set(hosts.map((host) => host.id));
  const unknown = Object.keys(parsed.data.hosts).find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new ConfigError(`${where}: no host '${unknown}' in the catalog; expected one of ${[...known].join(', ')}`);
  }
  // A gRPC host serves no pages or documents: a fault of those would silently leave it healthy.
  for (const host of hosts.filter((candidate) => candidate.kind === 'grpc')) {
    const fault = parsed.data.hosts[host.id]?.fault;
    if (fault !== undefined && !meansSomethingToGrpc(FAULTS[fault])) {
      const meaningful = Object.entries(FAULTS)
        .filter(([, candidate]) => meansSomethingToGrpc(candidate))
        .map(([name]) => name);
      throw new ConfigError(
        `${where}: hosts.${host.id}.fault: '${fault}' means nothing to a gRPC host; expected one of ${meaningful.join(', ')}`,
      );
    }
  }
  return parsed.data;
}
