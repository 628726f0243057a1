/**
 * The emulator's scenario (`SMOKE_EMULATOR_SCENARIO`): how each emulated host misbehaves, so that
 * self-tests can inject a fault into one host and check the suite's verdict. Given as JSON, inline
 * or in a file:
 *
 *   { "wakeAfterMs": 2000, "hosts": { "studio": { "fault": "status", "status": 500 } } }
 *
 * The faults are declared here, with the stage at which each strikes, and the scenario is validated
 * with the other settings, so a mistake in it stops the run before any test, in one line. What each
 * fault does is the emulator's (`emulator/faults.ts`), one behaviour per fault declared here.
 */
import fs from 'node:fs';
import { z } from 'zod';
import type { HostEntry } from '../catalog/hosts.ts';
import { didYouMean } from '../shared/typos.ts';
import { IN_WORDS, fieldsOf, firstIssueLine, oneOf } from '../shared/zod-issue.ts';
import { ConfigError } from './variables.ts';

/**
 * Where a fault strikes, in the order a client meets the stages:
 * - `listen`: nothing listens on the host's port;
 * - `connection`: a TCP connection is accepted, then treated so (before any TLS or HTTP);
 * - `request`: a request is read and answered so, asleep or awake (the gateway's answer);
 * - `answer`: an awake host answers so instead of its healthy answer, where the fault applies.
 */
export type FaultStage = 'listen' | 'connection' | 'request' | 'answer';

export interface FaultDeclaration {
  readonly stage: FaultStage;
  /** For docs/emulator.md's table and the people who read a scenario. */
  readonly description: string;
  /**
   * What the fault means to a gRPC host's server, when it means anything there; a scenario may give
   * a gRPC host only faults that have one, or that act before any protocol (`meansSomethingToGrpc`).
   */
  readonly grpc?: 'unavailable' | 'asleep';
}

/** Every fault the emulator can inject. A new fault is one entry here and its behaviour in the emulator. */
export const HOST_FAULTS = {
  refuse: { stage: 'listen', description: 'nothing listens on the port: connections are refused' },
  reset: { stage: 'connection', description: 'connections are accepted, then reset before any answer' },
  hang: {
    stage: 'connection',
    description: 'connections are accepted and never spoken to: no TLS handshake, no answer',
  },
  asleep: {
    stage: 'request',
    description: 'the host never wakes: a gateway answers 503 for good (gRPC: UNAVAILABLE)',
    grpc: 'asleep',
  },
  status: {
    stage: 'answer',
    description: 'every request is answered with `status` (default 500); gRPC hosts answer every call UNAVAILABLE',
    grpc: 'unavailable',
  },
  blank: { stage: 'answer', description: 'apps: the bundle renders nothing; APIs: empty 200 answers' },
  'script-error': { stage: 'answer', description: 'apps: the bundle throws an uncaught error while rendering' },
  'missing-bundle': { stage: 'answer', description: 'apps: the JS bundle answers 404' },
  'slow-paint': {
    stage: 'answer',
    description: "apps: a small header paints first, the page's largest content 1.2 s later (a late LCP)",
  },
  'layout-shift': {
    stage: 'answer',
    description: 'apps: a tall banner is inserted above the content just after it paints (CLS about 0.5)',
  },
  'redirect-loop': { stage: 'answer', description: 'every path redirects in a circle: / -> /loop -> /' },
  'cross-environment': {
    stage: 'answer',
    description:
      "apps: the page also loads a script from the other environment's host; APIs: / redirects to the other environment",
  },
  'health-down': {
    stage: 'answer',
    description:
      'the Actuator health endpoint answers 503 with status DOWN, its `db` component DOWN; `/` still answers',
  },
  'health-out-of-service': {
    stage: 'answer',
    description: 'the Actuator health endpoint answers 503 with status OUT_OF_SERVICE (readinessState)',
  },
  'health-unknown': { stage: 'answer', description: 'the Actuator health endpoint answers 200 with status UNKNOWN' },
  'health-garbled': {
    stage: 'answer',
    description: 'the health endpoint answers 200 with JSON that is not an Actuator health document',
  },
  'no-openid-metadata': {
    stage: 'answer',
    description: 'IAM: the OpenID discovery document is behind the login wall (the RFC 8414 one is public)',
  },
  'no-oauth-metadata': {
    stage: 'answer',
    description: 'IAM: the RFC 8414 metadata document is behind the login wall (the OpenID one is public)',
  },
  'no-metadata': { stage: 'answer', description: 'IAM: both metadata documents are behind the login wall' },
  'mcp-metadata-gone': {
    stage: 'answer',
    description: "an API's MCP server: its protected-resource metadata answers 404; the server still answers",
  },
  'mcp-down': { stage: 'answer', description: "an API's MCP server answers 503; the rest of the host is healthy" },
} as const satisfies Record<string, FaultDeclaration>;

export type HostFault = keyof typeof HOST_FAULTS;

/** The table widened, so optional fields read the same on every entry. */
const FAULT_DECLARATIONS: Readonly<Record<HostFault, FaultDeclaration>> = HOST_FAULTS;
const FAULT_NAMES = Object.keys(HOST_FAULTS) as [HostFault, ...HostFault[]];

/** Whether a fault means anything to a gRPC host: it has a gRPC meaning, or acts before any protocol. */
export function meansSomethingToGrpc(fault: FaultDeclaration): boolean {
  return fault.grpc !== undefined || fault.stage === 'listen' || fault.stage === 'connection';
}

/** `"METHOD /path"`, as an operation of an OpenAPI document is named. */
const operation = z.string().regex(/^[A-Z]+ \//, 'expected "METHOD /path"');

const hostScenario = fieldsOf({
  fault: oneOf(FAULT_NAMES, 'a fault of the emulator').optional(),
  status: z.int().min(100).max(599).optional(),
  /** Added before every answer, as a slow server or a long round trip would. */
  latencyMs: z.int().min(0).max(600_000).optional(),
  /** IAM only: revoke every token as soon as it is issued, so the API refuses it. */
  revokeTokens: z.boolean().optional(),
  /** APIs: springdoc groups gone from the service: no longer listed, and their documents answer 404. */
  removeGroups: z.array(z.string().min(1)).optional(),
  /**
   * APIs: a release's change to one group's document: operations (`GET /reference-data/currency/list`)
   * removed and added, as the next release would ship them. Only the emulator knows the documents:
   * it refuses, in one line, a removal of an operation the group's document does not have.
   */
  operations: fieldsOf({
    group: z.string().min(1),
    remove: z.array(operation).default([]),
    add: z.array(operation).default([]),
  }).optional(),
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
  /**
   * Apps: the shell also loads a script from this address, as real apps load a third party's
   * (analytics, payments); the self-tests serve it, to see that it gets no `traceparent`.
   */
  thirdPartyScript: z.url({ protocol: /^https?$/ }).optional(),
  /** Serve https with this certificate and key (PEM files) instead of plain http. */
  tls: fieldsOf({ certFile: z.string(), keyFile: z.string() }).optional(),
});
export type HostScenario = z.infer<typeof hostScenario>;

/**
 * How a sleeping host answers until the environment wakes: a gateway's 503 (the default), the
 * request held until the service is ready, or 429 (Cloud Run, where Wink's backend runs, does both).
 */
export const WAKE_STYLES = ['gateway', 'held', 'too-many-requests'] as const;

/**
 * Every fault the emulator's RDAP server can tell of a registered domain; its behaviour is
 * `emulator/rdap.ts`'s. `expiresInDays` is what the registration says; undefined, no answer at all.
 */
export const DOMAIN_FAULTS = {
  'domain-expiring': {
    description: 'RDAP: the domain expires in 10 days (inside the default warn bound, outside the fail bound)',
    expiresInDays: 10,
  },
  'domain-expired': {
    description: 'RDAP: the domain expired 2 days ago (past every fail bound)',
    expiresInDays: -2,
  },
  'rdap-silent': {
    description: 'RDAP: the server answers 404 for the domain, as for one it does not know',
    expiresInDays: undefined,
  },
} as const satisfies Record<string, { readonly description: string; readonly expiresInDays: number | undefined }>;

export type DomainFault = keyof typeof DOMAIN_FAULTS;
const DOMAIN_FAULT_NAMES = Object.keys(DOMAIN_FAULTS) as [DomainFault, ...DomainFault[]];

/**
 * A registered domain as the emulator's RDAP server tells it: healthy (400 days left) unless a
 * fault says otherwise, or `expiresInDays` gives the days left exactly.
 */
const domainScenario = fieldsOf({
  fault: oneOf(DOMAIN_FAULT_NAMES, 'a domain fault of the emulator').optional(),
  expiresInDays: z.int().min(-3650).max(3650).optional(),
});
export type DomainScenario = z.infer<typeof domainScenario>;

const scenarioSchema = fieldsOf({
  /** Overrides SMOKE_EMULATOR_WAKE_S: how long the platform sleeps after its first connection. */
  wakeAfterMs: z.int().min(0).max(600_000).optional(),
  wakeStyle: oneOf(WAKE_STYLES, 'a wake style').optional(),
  hosts: z.record(z.string(), hostScenario).default({}),
  /** The RDAP server's answers, by registered domain (`wink.travel`). */
  domains: z.record(z.string(), domainScenario).optional(),
});
export type Scenario = z.infer<typeof scenarioSchema>;

/** No fault anywhere: what the emulator plays without SMOKE_EMULATOR_SCENARIO. */
export const HEALTHY: Scenario = { hosts: {} };

/** The host ids of a scenario that are not the catalog's, before the values are looked at. */
function unknownHost(raw: unknown, ids: readonly string[]): string | undefined {
  const hosts = typeof raw === 'object' && raw !== null ? (raw as { hosts?: unknown }).hosts : undefined;
  if (typeof hosts !== 'object' || hosts === null || Array.isArray(hosts)) return undefined;
  return Object.keys(hosts).find((id) => !ids.includes(id));
}

/**
 * The scenario `source` gives, inline (`{...}`) or as the path of a JSON file (`resolve` makes it
 * absolute); throws `ConfigError` with one line: where in the scenario, and what is expected there.
 */
export function readScenario(
  source: string | undefined,
  hosts: readonly HostEntry[],
  resolve: (file: string) => string = (file) => file,
): Scenario {
  if (source === undefined) return HEALTHY;
  const inline = source.trimStart().startsWith('{');
  const where = inline ? 'SMOKE_EMULATOR_SCENARIO' : `SMOKE_EMULATOR_SCENARIO=${source}`;
  let raw: unknown;
  try {
    raw = JSON.parse(inline ? source : fs.readFileSync(resolve(source), 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${where} is not ${inline ? 'valid JSON' : 'a readable JSON file'}: ${(error as Error).message}`,
    );
  }
  const ids = hosts.map((host) => host.id);
  const unknown = unknownHost(raw, ids);
  if (unknown !== undefined) {
    throw new ConfigError(
      `${where}: at hosts: ${JSON.stringify(unknown)} is not a host of the catalog; ${didYouMean(unknown, ids)}`,
    );
  }
  const parsed = scenarioSchema.safeParse(raw, IN_WORDS);
  if (!parsed.success) throw new ConfigError(`${where}: ${firstIssueLine(parsed.error)}`);
  // A gRPC host serves no pages or documents: a fault of those would silently leave it healthy.
  for (const host of hosts.filter((candidate) => candidate.kind === 'grpc')) {
    const fault = parsed.data.hosts[host.id]?.fault;
    if (fault !== undefined && !meansSomethingToGrpc(FAULT_DECLARATIONS[fault])) {
      const meaningful = FAULT_NAMES.filter((name) => meansSomethingToGrpc(FAULT_DECLARATIONS[name]));
      throw new ConfigError(
        `${where}: at hosts.${host.id}.fault: '${fault}' means nothing to a gRPC host; expected one of ${meaningful.join(', ')}`,
      );
    }
  }
  return parsed.data;
}
