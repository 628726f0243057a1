/**
 * The emulator: every catalog host of a Wink environment, each on its own loopback port.
 *
 * Like staging, it starts asleep: until `wakeAfterMs` after the first connection to any host, every
 * host answers as a sleeping platform's gateway does (503 with Retry-After); then all wake at once.
 * A scenario makes any host slow, refusing, resetting, hanging, failing, blank, throwing, missing its
 * bundle or asleep for good. It records every request it receives (method, host, path), never headers.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import https from 'node:https';
import { IAM_HOST_ID, type HostEntry, type RealEnvironmentName } from '../src/catalog.ts';
import {
  APP_STYLESHEET,
  BUNDLE_PATH,
  LOGIN_PATH,
  STYLESHEET_PATH,
  appBundle,
  appShell,
  loginPage,
  publicDocument,
  scalarPage,
  type BundleBehaviour,
} from './content.ts';
import { createIam, type EmulatedIam, type OAuthClient } from './iam.ts';
import type { HostScenario, Scenario } from './scenario.ts';

export interface EmulatorOptions {
  readonly hosts: readonly HostEntry[];
  /** The real environment it plays (default staging); the other one is where cross-environment faults point. */
  readonly environment?: RealEnvironmentName;
  /** Host n listens on `basePort + n`; 0 lets the system pick a free port for each host. */
  readonly basePort: number;
  readonly wakeAfterMs: number;
  readonly scenario: Scenario;
  /** Appends one JSON line per request received. */
  readonly recordPath?: string;
  /** OAuth clients the emulated IAM knows (made up by the test or the user, never real ones). */
  readonly oauthClients?: readonly OAuthClient[];
}

export interface RecordedRequest {
  readonly at: number;
  readonly host: string;
  readonly method: string;
  readonly path: string;
}

export interface RunningEmulator {
  /** Base URL of each host, by id. */
  readonly urls: Readonly<Record<string, string>>;
  readonly requests: readonly RecordedRequest[];
  /** Access tokens the emulated IAM issued (for the self-tests' scan of what a run wrote). */
  readonly issuedTokens: readonly string[];
  /** When the environment woke (epoch ms): the first contact plus the wake time; unset before contact. */
  readonly wokeAt: number | undefined;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly type?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const json = (status: number, value: unknown): Answer => ({
  status,
  type: 'application/json',
  body: JSON.stringify(value),
});
const html = (body: string): Answer => ({ status: 200, type: 'text/html; charset=utf-8', body });

function sleepingAnswer(host: HostEntry): Answer {
  // What a sleeping platform's gateway says while the service behind it starts.
  return {
    status: 503,
    type: 'text/plain; charset=utf-8',
    body: `${host.id} is starting, try again shortly\n`,
    headers: { 'retry-after': '5' },
  };
}

function bundleBehaviour(scenario: HostScenario): BundleBehaviour {
  if (scenario.fault === 'blank') return 'renders-nothing';
  if (scenario.fault === 'script-error') return 'throws';
  return 'renders';
}

/** The answer of an awake host to one request. */
function route(
  host: HostEntry,
  scenario: HostScenario,
  url: URL,
  urls: Readonly<Record<string, string>>,
  foreignUrl: string,
): Answer {
  const ownUrl = urls[host.id]!;
  if (scenario.fault === 'redirect-loop') {
    return { status: 302, headers: { location: url.pathname === '/' ? '/loop' : '/' } };
  }
  if (scenario.fault === 'cross-environment' && host.kind === 'api' && url.pathname === '/') {
    return { status: 302, headers: { location: `${foreignUrl}/` } };
  }
  if (scenario.fault === 'status') {
    const status = scenario.status ?? 500;
    return json(status, { status, error: http.STATUS_CODES[status] ?? 'Error', path: url.pathname });
  }
  if (scenario.fault === 'blank' && host.kind === 'api') return { status: 200 };

  const document = host.documents?.find((candidate) => candidate.path === url.pathname);
  if (document) return json(200, publicDocument(document, host, ownUrl));

  if (host.kind === 'app') {
    if (url.pathname === BUNDLE_PATH) {
      if (scenario.fault === 'missing-bundle') return { status: 404, type: 'text/plain', body: 'Not Found\n' };
      return { status: 200, type: 'text/javascript', body: appBundle(host, bundleBehaviour(scenario)) };
    }
    if (url.pathname === STYLESHEET_PATH) return { status: 200, type: 'text/css', body: APP_STYLESHEET };
    if (url.pathname === '/favicon.ico') return { status: 204 };
    if (host.requiresLogin) {
      const login = new URL(LOGIN_PATH, urls[IAM_HOST_ID]);
      login.searchParams.set('client_id', host.id);
      login.searchParams.set('redirect_uri', `${ownUrl}${url.pathname}`);
      return { status: 302, headers: { location: login.href } };
    }
    // A single-page app: every other path is the shell.
    return html(appShell(host, scenario.fault === 'cross-environment' ? [`${foreignUrl}${BUNDLE_PATH}`] : []));
  }

  if (host.id === IAM_HOST_ID && url.pathname === LOGIN_PATH) {
    return html(loginPage(url.searchParams.get('client_id') ?? 'Wink'));
  }
  if (url.pathname === '/scalar' && host.id === 'inventory') return html(scalarPage(host));
  // Spring services answer unknown paths and unauthenticated calls with a JSON error.
  return json(401, { status: 401, error: 'Unauthorized', path: url.pathname });
}

/** The API's answer to an authenticated call: 200 for a token IAM issued and still honours, else 401. */
async function pingAnswer(iam: EmulatedIam, request: http.IncomingMessage): Promise<Answer> {
  const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  const verdict = token ? await iam.verify(token) : { ok: false as const, reason: 'no bearer token' };
  if (!verdict.ok) {
    return {
      ...json(401, { status: 401, error: 'invalid_token', error_description: verdict.reason }),
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    };
  }
  return json(200, { message: 'Hello from Wink', version: request.headers['wink-version'] ?? null });
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** A loopback port on which nothing listens, for a host whose connections must be refused. */
async function closedPort(port: number): Promise<number> {
  const probe = http.createServer();
  const bound = await listen(probe, port);
  await new Promise((resolve) => probe.close(resolve));
  return bound;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { hosts, scenario } = options;
  const foreign: RealEnvironmentName = options.environment === 'production' ? 'staging' : 'production';
  const wakeAfterMs = scenario.wakeAfterMs ?? options.wakeAfterMs;
  let firstContactAt: number | undefined;
  const requests: RecordedRequest[] = [];
  let iam: EmulatedIam | undefined;
  const urls: Record<string, string> = {};
  const servers: http.Server[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const isAwake = (hostScenario: HostScenario): boolean =>
    hostScenario.fault !== 'asleep' && firstContactAt !== undefined && Date.now() - firstContactAt >= wakeAfterMs;

  const record = (entry: RecordedRequest): void => {
    requests.push(entry);
    if (options.recordPath) fs.appendFileSync(options.recordPath, `${JSON.stringify(entry)}\n`);
  };

  try {
    for (const [index, host] of hosts.entries()) {
      const hostScenario = scenario.hosts[host.id] ?? {};
      const wantedPort = options.basePort === 0 ? 0 : options.basePort + index;
      if (hostScenario.fault === 'refuse') {
        urls[host.id] = `http://127.0.0.1:${await closedPort(wantedPort)}`;
        continue;
      }
      const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
        const url = new URL(request.url ?? '/', urls[host.id]);
        record({ at: Date.now(), host: host.id, method: request.method ?? 'GET', path: url.pathname });
        if (hostScenario.fault === 'hang') return; // never answered; the socket closes with the emulator
        const send = (answer: Answer): void => {
          response.writeHead(answer.status, {
            ...(answer.type ? { 'content-type': answer.type } : {}),
            'cache-control': 'no-store',
            ...answer.headers,
          });
          response.end(request.method === 'HEAD' ? undefined : answer.body);
        };
        const respond = async (): Promise<void> => {
          if (!isAwake(hostScenario)) return send(sleepingAnswer(host));
          const healthy = hostScenario.fault === undefined || hostScenario.fault === 'cross-environment';
          if (iam && host.id === IAM_HOST_ID && healthy && iam.serves(url.pathname))
            return iam.handle(request, response);
          if (iam && url.pathname === host.authenticatedPing && healthy) return send(await pingAnswer(iam, request));
          send(route(host, hostScenario, url, urls, host.urls[foreign]));
        };
        const timer = setTimeout(() => {
          timers.delete(timer);
          void respond();
        }, hostScenario.latencyMs ?? 0);
        timers.add(timer);
      };
      const server = hostScenario.tls
        ? https.createServer(
            { cert: fs.readFileSync(hostScenario.tls.certFile), key: fs.readFileSync(hostScenario.tls.keyFile) },
            handler,
          )
        : http.createServer(handler);
      server.on('connection', (socket: Socket) => {
        firstContactAt ??= Date.now();
        if (hostScenario.fault === 'reset') {
          socket.resetAndDestroy();
          return;
        }
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      servers.push(server);
      urls[host.id] = `${hostScenario.tls ? 'https' : 'http'}://127.0.0.1:${await listen(server, wantedPort)}`;
    }
  } catch (error) {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    throw error;
  }

  const iamUrl = urls[IAM_HOST_ID];
  if (iamUrl) {
    iam = await createIam(iamUrl, options.oauthClients ?? [], {
      revokeIssuedTokens: scenario.hosts[IAM_HOST_ID]?.revokeTokens ?? false,
    });
  }

  return {
    urls,
    requests,
    get issuedTokens() {
      return iam?.issuedTokens ?? [];
    },
    get wokeAt() {
      return firstContactAt === undefined ? undefined : firstContactAt + wakeAfterMs;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
