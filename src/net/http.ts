/**
 * The suite's one door for HTTP. Every request the suite sends (each check, the token request, the
 * warm-up's polls, the runner's first contact, the control probe) goes through `sendHttp`, and
 * every read from a third party about Wink (RDAP) through `sendThirdParty` (`third-party.ts`, over
 * this module's `exchange`), so the rules are decided here once:
 *
 * - redirects are followed hop by hop (or not at all, for a probe, where a redirect is already an
 *   answer): a loop, a hop into the other environment (`isolation`) or out of the environment's
 *   domains fails with the chain of hops;
 * - every hop passes the environment's read-only guard before it is sent (`assertAllowed`);
 * - the whole exchange, every hop and the body included, is bounded in time, and the body in size.
 *
 * Node's own `http` and `https` do the talking: no trace, report or attachment records a header or
 * body, so the token request and the bearer ping can go through the same door as everything else.
 * A failure comes back as data (a fault class and its cause in words), for callers that try
 * several paths; only a request the guard refuses throws, since that is a bug in the suite.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { assertAllowed, type McpRead } from '../targets/guard.ts';
import { foreignEnvironmentOf, isFirstParty } from '../targets/scope.ts';
import type { ResolvedEnvironment } from '../targets/targets.ts';
import { describeNetworkError, type FaultClass } from '../shared/faults.ts';

/** Browsers give up after 20 redirects; a host of Wink's that needs more than 10 is broken. */
export const MAX_REDIRECTS = 10;

/** The most of a body read: ten times Wink's largest OpenAPI document; more is not a document. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** How the suite names itself to the hosts it checks: honest, so that a log shows who called. */
const USER_AGENT = 'wink-smoke';

/** What to send. */
export interface HttpAsk {
  readonly method?: 'GET' | 'HEAD' | 'POST';
  /** Absolute URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A POST's body (the token request's form). */
  readonly body?: string;
  /** `follow` (the default): hop by hop, within the environment; `none`: the first answer is the answer. */
  readonly redirects?: 'follow' | 'none';
  /** `read` (the default) the body; `discard` it unread (a probe, for which the connection is what counts). */
  readonly read?: 'read' | 'discard';
  /** Bound on the whole exchange: every hop and the body. The first hop has all of it. */
  readonly timeoutMs: number;
  /** Set on the token request: the one write the read-only guard lets through, to IAM's token endpoint. */
  readonly tokenRequest?: boolean;
}

/** One hop of an exchange, for the report: never its headers or body. */
export interface Hop {
  readonly url: string;
  readonly status?: number;
  /** From the start of the exchange to this hop's end. */
  readonly latencyMs: number;
  readonly contentType?: string;
}

/** The final answer of an exchange. */
export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Where the answer came from, after redirects. */
  readonly url: string;
  readonly body: Buffer;
}

export type HttpOutcome =
  | { readonly ok: true; readonly answer: HttpAnswer; readonly latencyMs: number; readonly hops: readonly Hop[] }
  | {
      readonly ok: false;
      readonly fault: FaultClass;
      /** In words, naming the request: `GET /: connection refused (connect ECONNREFUSED ...)`. */
      readonly cause: string;
      /** The same without the request, for a caller that names it its own way. */
      readonly reason: string;
      readonly hops: readonly Hop[];
    };

/** The body as text. */
export function textOf(answer: HttpAnswer): string {
  return answer.body.toString('utf8');
}

/** The body as JSON, or undefined when it is not JSON. */
export function jsonOf(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(textOf(answer)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What an MCP POST reads, for the read-only guard: its JSON-RPC method and whether it carries a
 * token. Read from what is sent, not from a flag the caller sets.
 */
function mcpReadOf(ask: HttpAsk): McpRead | undefined {
  if (ask.method !== 'POST' || ask.body === undefined) return undefined;
  try {
    const { method } = JSON.parse(ask.body) as { method?: unknown };
    const authorized = Object.keys(ask.headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
    return typeof method === 'string' ? { rpcMethod: method, authorized } : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /v3/api-docs/reference`: how a cause names the request, without the host. */
export function describeAsk(ask: Pick<HttpAsk, 'method' | 'url'>): string {
  const url = new URL(ask.url);
  return `${ask.method ?? 'GET'} ${url.pathname}${url.search}`;
}

class HttpTimeout extends Error {
  override name = 'TimeoutError';
  constructor(ms: number) {
    // Worded as Playwright words its own timeouts, which the fault table reads as `timeout`.
    super(`Timeout ${ms}ms exceeded.`);
  }
}

class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

/** The body, decoded as the answer's content-encoding says. */
function decoded(response: http.IncomingMessage): Readable {
  switch ((response.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(zlib.createGunzip());
    case 'deflate':
      return response.pipe(zlib.createInflate());
    case 'br':
      return response.pipe(zlib.createBrotliDecompress());
    default:
      return response;
  }
}

async function readBody(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`answered more than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** One request, no redirects followed, within `timeoutMs`: the answer, or the error that ended it. */
function sendOnce(ask: HttpAsk, url: URL, timeoutMs: number): Promise<HttpAnswer> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy();
    }, timeoutMs);
    // The connection keeps the process alive while it lasts; the bound alone must not.
    timer.unref();
    // Whatever error the cut-off connection raises, the cause is that time ran out.
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      reject(timedOut ? new HttpTimeout(timeoutMs) : error instanceof Error ? error : new Error(String(error)));
    };
    const succeed = (answer: HttpAnswer): void => {
      clearTimeout(timer);
      resolve(answer);
    };
    const request = transport.request(
      url,
      {
        method: ask.method ?? 'GET',
        // A connection of its own for each request: what a check measures includes the connection.
        agent: false,
        headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'gzip, deflate, br', ...ask.headers },
      },
      (response) => {
        const answer = (body: Buffer): HttpAnswer => ({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, value]) => [name, [value ?? ''].flat().join(', ')]),
          ),
          url: url.href,
          body,
        });
        if (ask.read === 'discard' || ask.method === 'HEAD') {
          response.destroy();
          succeed(answer(Buffer.alloc(0)));
          return;
        }
        readBody(decoded(response)).then((body) => succeed(answer(body)), fail);
      },
    );
    request.once('error', fail);
    request.end(ask.body);
  });
}

/** Why a redirect from `chain`'s last URL to `next` is not followed, if it is not. */
function refusedHop(
  ask: HttpAsk,
  chain: readonly string[],
  next: string,
  environment: ResolvedEnvironment,
): { fault: FaultClass; cause: string } | undefined {
  const what = describeAsk({ ...ask, url: chain[0]! });
  const hops = [...chain, next].join(' -> ');
  const foreign = foreignEnvironmentOf(next, environment);
  if (foreign) return { fault: 'isolation', cause: `${what} redirected to ${foreign}'s ${next} (${hops})` };
  if (chain.includes(next) || chain.length > MAX_REDIRECTS)
    return { fault: 'status', cause: `${what}: redirect loop: ${hops}` };
  if (!isFirstParty(next, environment))
    return { fault: 'status', cause: `${what} redirected out of ${environment.name} to ${next} (${hops})` };
  return undefined;
}

/**
 * Sends `ask` to a host of `environment`, following redirects as it says, within its bound: the
 * final answer with the time it took from the first byte sent, or why there is none. Every hop is
 * listed, answered or not.
 */
export function sendHttp(environment: ResolvedEnvironment, ask: HttpAsk): Promise<HttpOutcome> {
  return exchange(
    ask,
    (url) => assertAllowed(environment, ask.method ?? 'GET', url, ask.tokenRequest ? url : undefined, mcpReadOf(ask)),
    (chain, next) => refusedHop(ask, chain, next, environment),
  );
}

/**
 * One exchange: `guard` is asked before every hop is sent (it throws to refuse, a bug in the
 * suite), `refuse` whether a redirect is followed. Exported for `sendThirdParty` only: every
 * request to Wink goes through `sendHttp`, whose guard and isolation this leaves to its caller.
 */
export async function exchange(
  ask: HttpAsk,
  guard: (url: string) => void,
  refuse: (chain: readonly string[], next: string) => { fault: FaultClass; cause: string } | undefined,
): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const method = ask.method ?? 'GET';
  const chain = [ask.url];
  const hops: Hop[] = [];
  for (;;) {
    const url = chain.at(-1)!;
    guard(url);
    let answer: HttpAnswer;
    try {
      // The first hop has the whole bound, whatever a busy event loop took before it, so that its
      // timeout reads as the bound; each redirect, what is left of it.
      answer = await sendOnce(
        ask,
        new URL(url),
        chain.length === 1 ? ask.timeoutMs : Math.max(1, ask.timeoutMs - elapsed()),
      );
    } catch (error) {
      hops.push({ url, latencyMs: elapsed() });
      const what = describeAsk({ method, url: ask.url });
      if (error instanceof BodyTooLarge)
        return { ok: false, fault: 'content', cause: `${what} ${error.message}`, reason: error.message, hops };
      const { fault, cause } = describeNetworkError(error);
      return { ok: false, fault, cause: `${what}: ${cause}`, reason: cause, hops };
    }
    const contentType = answer.headers['content-type'];
    hops.push({ url, status: answer.status, latencyMs: elapsed(), ...(contentType ? { contentType } : {}) });
    const location = answer.headers['location'];
    if (ask.redirects === 'none' || answer.status < 300 || answer.status >= 400 || !location)
      return { ok: true, answer, latencyMs: elapsed(), hops };
    const next = new URL(location, url).href;
    const refused = refuse(chain, next);
    if (refused) return { ok: false, ...refused, reason: refused.cause, hops };
    chain.push(next);
  }
}
