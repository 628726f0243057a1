/**
 * The HTTP door's GET-only side door to third parties the suite consults about Wink (an RDAP
 * server, IANA's bootstrap file): the same exchange as `sendHttp` (`http.ts`), bounded and with
 * redirects followed hop by hop, but with no environment, so neither the read-only guard nor
 * isolation applies. Apart from `http.ts` because its requests are never Wink's: a reader checking
 * what Wink receives reads `http.ts`, and what leaves for anyone else, here.
 */
import { describeAsk, exchange, MAX_REDIRECTS, type HttpAsk, type HttpOutcome } from './http.ts';

/** A read from a third party the suite consults about Wink (an RDAP server, IANA's bootstrap file). */
export interface ThirdPartyAsk {
  /** Absolute URL: never one of Wink's hosts. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Bound on the whole exchange: every hop and the body. */
  readonly timeoutMs: number;
}

/**
 * A GET to a third party, through the same door: bounded, redirects followed hop by hop (an RDAP
 * server may send the question on to the registrar's, wherever that is) with a loop and the hop
 * count refused as for Wink's hosts. Only GET: it reads, so the read-only guard has nothing to hold
 * back, and it names no environment, so no environment's isolation applies.
 */
export function sendThirdParty(ask: ThirdPartyAsk): Promise<HttpOutcome> {
  const get: HttpAsk = { ...ask, method: 'GET' };
  return exchange(
    get,
    () => undefined,
    (chain, next) =>
      chain.includes(next) || chain.length > MAX_REDIRECTS
        ? {
            fault: 'status',
            cause: `${describeAsk({ url: chain[0]! })}: redirect loop: ${[...chain, next].join(' -> ')}`,
          }
        : undefined,
  );
}
