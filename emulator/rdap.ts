/**
 * The emulator's RDAP server (RFC 9083): what a registry says of each registered domain, so the
 * domain expiry check is tested on loopback. A domain expires in 400 days unless the scenario says
 * otherwise; one the scenario gives no answer for is unknown to the server (404). Its registrar's
 * name and the dates are in the shapes registries serve, events and a vCard.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DomainScenario } from '../src/config/scenario.ts';
import { DAY_MS } from '../src/shared/format.ts';

/** A healthy registration: renewed well ahead of every warn bound. */
const DEFAULT_DAYS = 400;

export interface RunningRdap {
  /** The base URL: `<url>/domain/<name>` answers for a domain. */
  readonly url: string;
  close(): Promise<void>;
}

export function rdapAnswer(domain: string, scenario: DomainScenario | undefined, now: number): unknown {
  const expires = now + (scenario?.expiresInDays ?? DEFAULT_DAYS) * DAY_MS;
  return {
    objectClassName: 'domain',
    rdapConformance: ['rdap_level_0'],
    ldhName: domain,
    status: ['active'],
    events: [
      { eventAction: 'registration', eventDate: new Date(expires - 5 * 365 * DAY_MS).toISOString() },
      { eventAction: 'expiration', eventDate: new Date(expires).toISOString() },
    ],
    entities: [
      {
        objectClassName: 'entity',
        roles: ['registrar'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', 'Emulated Registrar'],
          ],
        ],
      },
    ],
  };
}

/** Listens on `port` of 127.0.0.1 (0: a free one) and answers `GET /domain/<name>`. */
export async function startRdap(domains: Readonly<Record<string, DomainScenario>>, port = 0): Promise<RunningRdap> {
  const server = http.createServer((request, response) => {
    const name = decodeURIComponent(/^\/domain\/([^/?]+)/.exec(request.url ?? '')?.[1] ?? '').toLowerCase();
    const scenario = domains[name];
    if (!name || scenario?.answer === 'none') {
      response.writeHead(404, { 'content-type': 'application/rdap+json' });
      response.end(JSON.stringify({ errorCode: 404, title: 'Not Found' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/rdap+json' });
    response.end(JSON.stringify(rdapAnswer(name, scenario, Date.now())));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
