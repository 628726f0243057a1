/**
 * The emulator: every catalog host of a Wink environment, each on its own loopback port.
 *
 * Like staging, it starts asleep: until `wakeAfterMs` after the first connection to any host, every
 * host answers as a sleeping platform's gateway does (503 with Retry-After); then all wake at once.
 * A scenario makes any host slow, refusing, resetting, hanging, failing, blank, throwing, missing its
 * bundle or asleep for good, or an app write as it loads. It records every request it receives
 * (method, host, path, and the `traceparent` it came with), never other headers, and every gRPC
 * call (host, method and `traceparent`) apart: `requests` are HTTP's, which the read-only tests read.
 */
import fs from 'node:fs';
import http from 'node:http';
import net, { type Socket } from 'node:net';
import https from 'node:https';
import { type RealEnvironmentName } from '../src/catalog/catalog.ts';
import { identityProviderHost, type HostEntry, type IdentityProviderHost } from '../src/catalog/hosts.ts';
import { emulatedPort, emulatedRdapPort } from '../src/targets/targets.ts';
import { startRdap, type RunningRdap } from './rdap.ts';
import { mcpAnswer } from './mcp.ts';
import {
  APP_STYLESHEET,
  BEACON_PATH,
  BUNDLE_PATH,
  SESSION_PATH,
  STYLESHEET_PATH,
  appBundle,
  appShell,
  assetAnswer,
  healthAnswer,
  html,
  json,
  loginPage,
  publicDocument,
  referencePage,
  sleepingAnswer,
  springdocAnswer,
  type Answer,
} from './content.ts';
import { releaseProblem } from './documents.ts';
import { FAULTS } from './faults.ts';
import { createIam, type EmulatedIam, type OAuthClient } from './iam.ts';
import { closedPort, listen, refusingPort } from './net.ts';
import { startPartner, type RunningPartner } from './partner.ts';
import type { HostScenario, Scenario } from '../src/config/scenario.ts';
import { ConfigError } from '../src/config/variables.ts';

export interface EmulatorOptions {
  readonly hosts: readonly HostEntry[];
  /** The real environment it plays (default staging); the other one is where cross-environment faults point. */
  readonly environment?: RealEnvironmentName;
  /** Host n listens on the suite's port for it (`emulatedPort`); 0 lets the system pick a free port for each. */
  readonly basePort: number;
  readonly wakeAfterMs: number;
  readonly scenario: Scenario;
  /** Appends one JSON line per request and per gRPC call received (`RecordedLine`). */
  readonly recordPath?: string;
  /** OAuth clients the emulated IAM knows (made up by the test or the user, never real ones). */
  readonly oauthClients?: readonly OAuthClient[];
}

export interface RecordedRequest {
  readonly at: number;
  readonly host: string;
  readonly method: string;
  readonly path: string;
  /** The W3C trace context the request carried: every check sends its own trace's. */
  readonly traceparent?: string;
}

/** A gRPC call the emulated Partner API received: its full method name and the trace it carried. */
export interface RecordedGrpcCall {
  readonly at: number;
  readonly host: string;
  /** `/wink.partner.v1.Service/Method`. */
  readonly grpcMethod: string;
  readonly traceparent?: string;
}

/** A line of the record file (SMOKE_EMULATOR_RECORD): an HTTP request, or a gRPC call. */
export type RecordedLine = RecordedRequest | RecordedGrpcCall;

export interface RunningEmulator {
  /** Base URL of each host, by id. */
  readonly urls: Readonly<Record<string, string>>;
  /** The RDAP server's base, which answers for every registered domain: `<rdapUrl>/domain/<name>`. */
  readonly rdapUrl: string;
  readonly requests: readonly RecordedRequest[];
  readonly grpcCalls: readonly RecordedGrpcCall[];
  /** Access tokens the emulated IAM issued (for the self-tests' scan of what a run wrote). */
  readonly issuedTokens: readonly string[];
  close(): Promise<void>;
}

/**
 * The answer of a healthy, awake host to one request (IAM's OAuth routes and the ping aside);
 * `identityProvider` is the host whose login page an app sends visitors to.
 */
function route(
  host: HostEntry,
  url: URL,
  urls: Readonly<Record<string, string>>,
  identityProvider: IdentityProviderHost | undefined,
  scenario: HostScenario,
): Answer {
  const ownUrl = urls[host.id]!;
  switch (host.kind) {
    case 'app': {
      if (url.pathname === BUNDLE_PATH) {
        const behaviour = scenario.writesOnLoad ? 'writes-on-load' : 'renders';
        return { status: 200, type: 'text/javascript', body: appBundle(host, behaviour) };
      }
      // An app that writes as it loads accepts its beacon and its session record.
      if (scenario.writesOnLoad && (url.pathname === BEACON_PATH || url.pathname === SESSION_PATH))
        return { status: 204 };
      if (url.pathname === STYLESHEET_PATH) return { status: 200, type: 'text/css', body: APP_STYLESHEET };
      if (url.pathname === '/favicon.ico') return { status: 204 };
      if (host.requiresLogin && identityProvider) {
        const login = new URL(identityProvider.identityProvider.loginPath, urls[identityProvider.id]);
        login.searchParams.set('client_id', host.id);
        login.searchParams.set('redirect_uri', `${ownUrl}${url.pathname}`);
        return { status: 302, headers: { location: login.href } };
      }
      // A single-page app: every other path is the shell.
      return html(appShell(host, scenario.thirdPartyScript === undefined ? [] : [scenario.thirdPartyScript]));
    }
    case 'cdn': {
      const asset = host.assets.find((candidate) => candidate.path === url.pathname);
      return asset ? assetAnswer(asset) : { status: 404, type: 'text/plain', body: 'Not Found\n' };
    }
    case 'grpc':
      // Served by the partner's own server; no request reaches here.
      return { status: 415 };
    case 'api': {
      const document = host.documents?.find((candidate) => candidate.path === url.pathname);
      if (document) return publicDocument(document, host, ownUrl);
      if (host.identityProvider) {
        if (url.pathname === host.identityProvider.loginPath) {
          return html(loginPage(url.searchParams.get('client_id') ?? 'Wink'));
        }
        // IAM's security filter: every unauthenticated path, its health included, goes to the login page.
        return { status: 302, headers: { location: host.identityProvider.loginPath } };
      }
      const springdoc = springdocAnswer(host, url, scenario);
      if (springdoc) return springdoc;
      if (url.pathname === host.health) return healthAnswer('UP');
      if (url.pathname === host.apiReference) return html(referencePage(host));
      // Spring services answer unknown paths and unauthenticated calls with a JSON error.
      return json(401, { status: 401, error: 'Unauthorized', path: url.pathname });
    }
  }
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

/** Throws `ConfigError`, one line, for a scenario the emulator cannot play (the runner checks the same first). */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { hosts, scenario } = options;
  const problem = releaseProblem(scenario);
  if (problem !== undefined) throw new ConfigError(problem);
  const foreign: RealEnvironmentName = options.environment === 'production' ? 'staging' : 'production';
  const wakeAfterMs = scenario.wakeAfterMs ?? options.wakeAfterMs;
  let firstContactAt: number | undefined;
  const requests: RecordedRequest[] = [];
  const grpcCalls: RecordedGrpcCall[] = [];
  let iam: EmulatedIam | undefined;
  const urls: Record<string, string> = {};
  const servers: net.Server[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const partners: RunningPartner[] = [];
  let rdap: RunningRdap | undefined;
  const identityProvider = identityProviderHost(hosts);

  const isAwake = (): boolean => firstContactAt !== undefined && Date.now() - firstContactAt >= wakeAfterMs;
  /** Runs `then` once the environment is awake: a held request's answer. */
  const hold = (then: () => Promise<void>): void => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        void then();
      },
      Math.max(1, (firstContactAt ?? Date.now()) + wakeAfterMs - Date.now()),
    );
    timers.add(timer);
  };

  const record = (entry: RecordedLine): void => {
    if ('grpcMethod' in entry) grpcCalls.push(entry);
    else requests.push(entry);
    if (options.recordPath) fs.appendFileSync(options.recordPath, `${JSON.stringify(entry)}\n`);
  };

  try {
    for (const [index, host] of hosts.entries()) {
      const hostScenario: HostScenario = scenario.hosts[host.id] ?? {};
      const fault = hostScenario.fault === undefined ? undefined : FAULTS[hostScenario.fault];
      const wantedPort = options.basePort === 0 ? 0 : emulatedPort(options.basePort, index);
      const scheme = hostScenario.tls ? 'https' : 'http';
      const tls = hostScenario.tls && {
        cert: fs.readFileSync(hostScenario.tls.certFile),
        key: fs.readFileSync(hostScenario.tls.keyFile),
      };
      if (fault?.stage === 'listen') {
        // The emulator's own range when it has one (its port stays reserved for the host); else one that stays closed.
        const port = wantedPort === 0 ? await refusingPort() : await closedPort(wantedPort);
        urls[host.id] = `${scheme}://127.0.0.1:${port}`;
        continue;
      }
      const contacted = (socket: Socket): void => {
        firstContactAt ??= Date.now();
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      };
      if (fault?.stage === 'connection') {
        // A bare TCP listener: the fault has the socket before any TLS or HTTP could speak on it.
        const server = net.createServer((socket) => {
          contacted(socket);
          fault.onConnection?.(socket);
        });
        servers.push(server);
        urls[host.id] = `${scheme}://127.0.0.1:${await listen(server, wantedPort)}`;
        continue;
      }
      if (host.kind === 'grpc') {
        const partner = await startPartner({
          port: wantedPort,
          ...(tls ? { tls } : {}),
          // A method the scenario says is gone is not registered: grpc-js answers it UNIMPLEMENTED.
          methods: host.grpcProbes.filter((method) => !(hostScenario.unimplemented ?? []).includes(method)),
          verifyToken: async (token) => (await iam?.verify(token))?.ok ?? false,
          // The fault table says what each fault means to a gRPC server (the scenario allows no other).
          behaviour: () => (isAwake() ? (fault?.grpc ?? 'healthy') : 'asleep'),
          // Plain HTTP requests (the warm-up's probes) are recorded like any host's; gRPC calls apart.
          onHttpRequest: (method, path) => record({ at: Date.now(), host: host.id, method, path }),
          onGrpcCall: (grpcMethod, traceparent) =>
            record({
              at: Date.now(),
              host: host.id,
              grpcMethod,
              ...(traceparent === undefined ? {} : { traceparent }),
            }),
          onConnection: () => {
            firstContactAt ??= Date.now();
          },
        });
        partners.push(partner);
        urls[host.id] = partner.url;
        continue;
      }
      const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
        const url = new URL(request.url ?? '/', urls[host.id]);
        const { traceparent } = request.headers;
        record({
          at: Date.now(),
          host: host.id,
          method: request.method ?? 'GET',
          path: url.pathname,
          ...(typeof traceparent === 'string' ? { traceparent } : {}),
        });
        const send = (answer: Answer): void => {
          response.writeHead(answer.status, {
            ...(answer.type ? { 'content-type': answer.type } : {}),
            'cache-control': 'no-store',
            ...answer.headers,
          });
          response.end(request.method === 'HEAD' ? undefined : answer.body);
        };
        const respond = async (): Promise<void> => {
          const context = { host, url, status: hostScenario.status, foreignUrl: host.urls[foreign] };
          const forced = fault?.stage === 'request' ? fault.answer?.(context) : undefined;
          if (forced) return send(forced);
          if (!isAwake()) {
            switch (scenario.wakeStyle ?? 'gateway') {
              case 'gateway':
                return send(sleepingAnswer(host));
              case 'too-many-requests':
                return send({ ...sleepingAnswer(host), status: 429 });
              case 'held':
                // Cloud Run holds the first requests until an instance is ready, then answers them.
                return hold(respond);
            }
          }
          const faulty = fault?.stage === 'answer' ? fault.answer?.(context) : undefined;
          if (faulty) return send(faulty);
          if (iam && host === identityProvider && iam.serves(url.pathname)) return iam.handle(request, response);
          if (
            iam &&
            identityProvider &&
            host === identityProvider &&
            identityProvider.identityProvider.metadataPaths.includes(url.pathname)
          ) {
            // Both metadata documents carry the same facts; the provider serves them as OpenID discovery.
            request.url = iam.discoveryPath;
            return iam.handle(request, response);
          }
          if (iam && host.kind === 'api' && url.pathname === host.authenticatedPing)
            return send(await pingAnswer(iam, request));
          if (iam && identityProvider && host.kind === 'api' && host.mcp) {
            const mcpFault =
              hostScenario.fault === 'mcp-down' || hostScenario.fault === 'mcp-metadata-gone'
                ? hostScenario.fault
                : undefined;
            const answer = await mcpAnswer(
              request,
              url,
              `${urls[host.id]}${host.mcp}`,
              urls[identityProvider.id]!,
              iam,
              mcpFault,
            );
            if (answer) return send(answer);
          }
          send(route(host, url, urls, identityProvider, hostScenario));
        };
        const timer = setTimeout(() => {
          timers.delete(timer);
          void respond();
        }, hostScenario.latencyMs ?? 0);
        timers.add(timer);
      };
      const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
      server.on('connection', contacted);
      servers.push(server);
      urls[host.id] = `${scheme}://127.0.0.1:${await listen(server, wantedPort)}`;
    }
    // The registry of the hosts' domains, on the port after theirs (`emulatedRdapPort`).
    rdap = await startRdap(scenario.domains ?? {}, {
      port: options.basePort === 0 ? 0 : emulatedRdapPort(options.basePort, hosts.length),
      onRequest: (path) => record({ at: Date.now(), host: 'rdap', method: 'GET', path }),
    });
  } catch (error) {
    // A host that could not bind (its port taken) must not leave the hosts bound before it listening.
    await Promise.all([
      ...servers.map((server) => new Promise((resolve) => server.close(resolve))),
      ...partners.map((partner) => partner.close()),
    ]);
    throw error;
  }
  const registry = rdap;

  const iamUrl = identityProvider && urls[identityProvider.id];
  if (identityProvider && iamUrl) {
    iam = await createIam(iamUrl, options.oauthClients ?? [], {
      revokeIssuedTokens: scenario.hosts[identityProvider.id]?.revokeTokens ?? false,
    });
  }

  return {
    urls,
    rdapUrl: registry.url,
    requests,
    grpcCalls,
    get issuedTokens() {
      return iam?.issuedTokens ?? [];
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        ...servers.map((server) => new Promise((resolve) => server.close(resolve))),
        ...partners.map((partner) => partner.close()),
        registry.close(),
      ]);
    },
  };
}
