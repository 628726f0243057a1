/**
 * What each fault of the scenario does (`src/config/scenario.ts` declares them, with their stages):
 * at the `connection` stage, what happens to each accepted socket; at the `request` and `answer`
 * stages, the answer instead of the healthy one. A fault of the `listen` stage needs nothing here:
 * the emulator binds no port for it.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { HostEntry } from '../src/catalog/hosts.ts';
import { HOST_FAULTS, type FaultDeclaration, type HostFault } from '../src/config/scenario.ts';
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
  type BundleBehaviour,
} from './content.ts';

export interface FaultContext {
  readonly host: HostEntry;
  readonly url: URL;
  /** The status a `status` fault answers with, from the scenario. */
  readonly status: number | undefined;
  /** The same host's base URL in the other real environment. */
  readonly foreignUrl: string;
}

interface FaultBehaviour {
  /** `connection` stage: what happens to each accepted socket. */
  readonly onConnection?: (socket: Socket) => void;
  /** `request` and `answer` stages: the answer instead of the healthy one, or undefined where the fault does not apply. */
  readonly answer?: (context: FaultContext) => Answer | undefined;
}

/** A fault as the emulator plays it: its declaration and its behaviour. */
export type FaultSpec = FaultDeclaration & FaultBehaviour;

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

/** An app whose bundle behaves so; its other paths answer as a healthy app's. */
const bundleAs =
  (behaviour: BundleBehaviour) =>
  (context: FaultContext): Answer | undefined =>
    appOnly(context, () =>
      context.url.pathname === BUNDLE_PATH
        ? { status: 200, type: 'text/javascript', body: appBundle(context.host, behaviour) }
        : undefined,
    );

const BEHAVIOURS = {
  refuse: {},
  reset: {
    onConnection: (socket) => socket.resetAndDestroy(),
  },
  hang: {
    onConnection: () => undefined,
  },
  asleep: {
    answer: ({ host }) => sleepingAnswer(host),
  },
  status: {
    answer: ({ status = 500, url }) =>
      json(status, { status, error: http.STATUS_CODES[status] ?? 'Error', path: url.pathname }),
  },
  blank: {
    answer: (context) =>
      context.host.kind === 'app'
        ? context.url.pathname === BUNDLE_PATH
          ? { status: 200, type: 'text/javascript', body: appBundle(context.host, 'renders-nothing') }
          : undefined
        : { status: 200 },
  },
  'script-error': { answer: bundleAs('throws') },
  'missing-bundle': {
    answer: (context) =>
      appOnly(context, () =>
        context.url.pathname === BUNDLE_PATH ? { status: 404, type: 'text/plain', body: 'Not Found\n' } : undefined,
      ),
  },
  'slow-paint': { answer: bundleAs('paints-late') },
  'layout-shift': { answer: bundleAs('shifts') },
  'redirect-loop': {
    answer: ({ url }) => ({ status: 302, headers: { location: url.pathname === '/' ? '/loop' : '/' } }),
  },
  'cross-environment': {
    answer: ({ host, url, foreignUrl }) => {
      if (host.kind === 'api') {
        return url.pathname === '/' ? { status: 302, headers: { location: `${foreignUrl}/` } } : undefined;
      }
      if (host.kind !== 'app' || host.requiresLogin || isAppAsset(url.pathname)) return undefined;
      return html(appShell(host, [`${foreignUrl}${BUNDLE_PATH}`]));
    },
  },
  'health-down': {
    answer: ({ host, url }) => (url.pathname === healthPathOf(host) ? healthAnswer('DOWN', 'db') : undefined),
  },
  'health-out-of-service': {
    answer: ({ host, url }) =>
      url.pathname === healthPathOf(host) ? healthAnswer('OUT_OF_SERVICE', 'readinessState') : undefined,
  },
  'health-unknown': {
    answer: ({ host, url }) => (url.pathname === healthPathOf(host) ? healthAnswer('UNKNOWN', 'ping') : undefined),
  },
  'health-garbled': {
    answer: ({ host, url }) => (url.pathname === healthPathOf(host) ? json(200, { healthy: true }) : undefined),
  },
  'no-openid-metadata': {
    answer: (context) => behindLoginWall(context, [0]),
  },
  'no-oauth-metadata': {
    answer: (context) => behindLoginWall(context, [1]),
  },
  'no-metadata': {
    answer: (context) => behindLoginWall(context, [0, 1]),
  },
  // Played by the MCP server itself (emulator/mcp.ts), which reads the fault: the host stays healthy.
  'mcp-metadata-gone': {},
  'mcp-down': {},
} as const satisfies Record<HostFault, FaultBehaviour>;

/** Every fault with its declaration and its behaviour, by name. */
export const FAULTS = Object.fromEntries(
  (Object.keys(HOST_FAULTS) as HostFault[]).map((name) => [name, { ...HOST_FAULTS[name], ...BEHAVIOURS[name] }]),
) as Readonly<Record<HostFault, FaultSpec>>;
