/**
 * Every fault the emulator can inject, in one table: the stage at which it strikes, what it does,
 * and its description for the README and the scenario's error messages. A new fault is one entry.
 *
 * Stages, in the order a client meets them:
 * - `listen`: nothing listens on the host's port;
 * - `connection`: a TCP connection is accepted, then treated so (before any TLS or HTTP);
 * - `request`: a request is read and answered so, asleep or awake (the gateway's answer);
 * - `answer`: an awake host answers so instead of its healthy answer, where the fault applies.
 */
import http from 'node:http';
import type { PartnerBehaviour } from './partner.ts';
import type { Socket } from 'node:net';
import type { HostEntry } from '../src/catalog/hosts.ts';
import {
  BUNDLE_PATH,
  appBundle,
  appShell,
  healthAnswer,
  html,
  isAppAsset,
  json,
  sleepingAnswer,
  type Answer,
} from './content.ts';

export interface FaultContext {
  readonly host: HostEntry;
  readonly url: URL;
  /** The status a `status` fault answers with, from the scenario. */
  readonly status: number | undefined;
  /** The same host's base URL in the other real environment. */
  readonly foreignUrl: string;
}

export type FaultStage = 'listen' | 'connection' | 'request' | 'answer';

interface FaultSpec {
  readonly stage: FaultStage;
  readonly description: string;
  /** `connection` stage: what happens to each accepted socket. */
  readonly onConnection?: (socket: Socket) => void;
  /**
   * What the fault means to a gRPC host's server, when it means anything there; a scenario may give
   * a gRPC host only faults that have one (or act on the connection).
   */
  readonly grpc?: Extract<PartnerBehaviour, 'unavailable' | 'asleep'>;
  /** `request` and `answer` stages: the answer instead of the healthy one, or undefined where the fault does not apply. */
  readonly answer?: (context: FaultContext) => Answer | undefined;
}

/** The host's Actuator health path, when it is an API that has one. */
const healthPathOf = (host: HostEntry): string | undefined => (host.kind === 'api' ? host.health : undefined);

/** The identity provider's metadata documents at these positions redirect to its login page. */
function behindLoginWall({ host, url }: FaultContext, positions: readonly number[]): Answer | undefined {
  const provider = host.kind === 'api' ? host.identityProvider : undefined;
  if (!provider) return undefined;
  const hidden = positions.map((position) => provider.metadataPaths[position]);
  return hidden.includes(url.pathname) ? { status: 302, headers: { location: provider.loginPath } } : undefined;
}

const appOnly = (context: FaultContext, answer: () => Answer | undefined): Answer | undefined =>
  context.host.kind === 'app' ? answer() : undefined;

export const HOST_FAULTS = {
  refuse: {
    stage: 'listen',
    description: 'nothing listens on the port: connections are refused',
  },
  reset: {
    stage: 'connection',
    description: 'connections are accepted, then reset before any answer',
    onConnection: (socket) => socket.resetAndDestroy(),
  },
  hang: {
    stage: 'connection',
    description: 'connections are accepted and never spoken to: no TLS handshake, no answer',
    onConnection: () => undefined,
  },
  asleep: {
    stage: 'request',
    description: 'the host never wakes: a gateway answers 503 for good (gRPC: UNAVAILABLE)',
    grpc: 'asleep',
    answer: ({ host }) => sleepingAnswer(host),
  },
  status: {
    stage: 'answer',
    description: 'every request is answered with `status` (default 500); gRPC hosts answer every call UNAVAILABLE',
    grpc: 'unavailable',
    answer: ({ status = 500, url }) =>
      json(status, { status, error: http.STATUS_CODES[status] ?? 'Error', path: url.pathname }),
  },
  blank: {
    stage: 'answer',
    description: 'apps: the bundle renders nothing; APIs: empty 200 answers',
    answer: (context) =>
      context.host.kind === 'app'
        ? context.url.pathname === BUNDLE_PATH
          ? { status: 200, type: 'text/javascript', body: appBundle(context.host, 'renders-nothing') }
          : undefined
        : { status: 200 },
  },
  'script-error': {
    stage: 'answer',
    description: 'apps: the bundle throws an uncaught error while rendering',
    answer: (context) =>
      appOnly(context, () =>
        context.url.pathname === BUNDLE_PATH
          ? { status: 200, type: 'text/javascript', body: appBundle(context.host, 'throws') }
          : undefined,
      ),
  },
  'missing-bundle': {
    stage: 'answer',
    description: 'apps: the JS bundle answers 404',
    answer: (context) =>
      appOnly(context, () =>
        context.url.pathname === BUNDLE_PATH ? { status: 404, type: 'text/plain', body: 'Not Found\n' } : undefined,
      ),
  },
  'redirect-loop': {
    stage: 'answer',
    description: 'every path redirects in a circle: / -> /loop -> /',
    answer: ({ url }) => ({ status: 302, headers: { location: url.pathname === '/' ? '/loop' : '/' } }),
  },
  'cross-environment': {
    stage: 'answer',
    description:
      "apps: the page also loads a script from the other environment's host; APIs: / redirects to the other environment",
    answer: ({ host, url, foreignUrl }) => {
      if (host.kind === 'api') {
        return url.pathname === '/' ? { status: 302, headers: { location: `${foreignUrl}/` } } : undefined;
      }
      if (host.kind !== 'app' || host.requiresLogin || isAppAsset(url.pathname)) return undefined;
      return html(appShell(host, [`${foreignUrl}${BUNDLE_PATH}`]));
    },
  },
  'health-down': {
    stage: 'answer',
    description:
      'the Actuator health endpoint answers 503 with status DOWN, its `db` component DOWN; `/` still answers',
    answer: ({ host, url }) => (url.pathname === healthPathOf(host) ? healthAnswer('DOWN', 'db') : undefined),
  },
  'health-out-of-service': {
    stage: 'answer',
    description: 'the Actuator health endpoint answers 503 with status OUT_OF_SERVICE (readinessState)',
    answer: ({ host, url }) =>
      url.pathname === healthPathOf(host) ? healthAnswer('OUT_OF_SERVICE', 'readinessState') : undefined,
  },
  'health-unknown': {
    stage: 'answer',
    description: 'the Actuator health endpoint answers 200 with status UNKNOWN',
    answer: ({ host, url }) => (url.pathname === healthPathOf(host) ? healthAnswer('UNKNOWN', 'ping') : undefined),
  },
  'health-garbled': {
    stage: 'answer',
    description: 'the health endpoint answers 200 with JSON that is not an Actuator health document',
    answer: ({ host, url }) => (url.pathname === healthPathOf(host) ? json(200, { healthy: true }) : undefined),
  },
  'no-openid-metadata': {
    stage: 'answer',
    description: 'IAM: the OpenID discovery document is behind the login wall (the RFC 8414 one is public)',
    answer: (context) => behindLoginWall(context, [0]),
  },
  'no-oauth-metadata': {
    stage: 'answer',
    description: 'IAM: the RFC 8414 metadata document is behind the login wall (the OpenID one is public)',
    answer: (context) => behindLoginWall(context, [1]),
  },
  'no-metadata': {
    stage: 'answer',
    description: 'IAM: both metadata documents are behind the login wall',
    answer: (context) => behindLoginWall(context, [0, 1]),
  },
} as const satisfies Record<string, FaultSpec>;

export type HostFault = keyof typeof HOST_FAULTS;

/** Whether a fault means anything to a gRPC host: it has a gRPC meaning, or acts before any protocol. */
export function meansSomethingToGrpc(fault: FaultSpec): boolean {
  return fault.grpc !== undefined || fault.stage === 'listen' || fault.stage === 'connection';
}

/** The table widened, so optional behaviours read the same on every entry. */
export const FAULTS: Readonly<Record<HostFault, FaultSpec>> = HOST_FAULTS;
