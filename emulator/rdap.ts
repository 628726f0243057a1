/**
 * The emulator's RDAP server (RFC 9083): what a registry says of each registered domain, so the
 * domain expiry check is tested on loopback. A domain expires in 400 days unless the scenario says
 * otherwise (a fault of `DOMAIN_FAULTS`, or `expiresInDays`); `rdap-silent` makes it unknown to the
 * server (404). Its registrar's name and the dates are in the shapes registries serve, events and a
 * vCard.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMAIN_FAULTS, type DomainScenario } from '../src/config/scenario.ts';
import { DAY_MS } from '../src/shared/format.ts';

/** A healthy registration: renewed well ahead of every warn bound. */
const DEFAULT_DAYS = 400;

export interface RunningRdap {
  /** The base URL: `<url>/domain/<name>` answers for a domain. */
  readonly url: string;
  close(): Promise<void>;
}

/** Days left on the domain's registration, or undefined when the server knows nothing of it. */
function daysOf(scenario: DomainScenario | undefined): number | undefined {
  if (scenario?.expiresInDays !== undefined) return scenario.expiresInDays;
  return scenario?.fault === undefined ? DEFAULT_DAYS : DOMAIN_FAULTS[scenario.fault].expiresInDays;
}

export function rdapAnswer(domain: string, days: number, now: number): unknown {
  // Half a day on top: the check, reading it moments later, counts exactly `days` whole days left.
  const expires = now + (days + 0.5) * DAY_MS;
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

/**
 * Listens on `port` of 127.0.0.1 (0: a free one) and answers `GET /domain/<name>`; `onRequest` hears
 * of each request (the emulator's record). An unref'd server does not keep its process alive.
 */
export async function startRdap(
  domains: Readonly<Record<string, DomainScenario>>,
  options: { readonly port?: number; readonly unref?: boolean; readonly onRequest?: (path: string) => void } = {},
): Promise<RunningRdap> {
  const server = http.createServer((request, response) => {
    options.onRequest?.(request.url ?? '/');
    const name = decodeURIComponent(/^\/domain\/([^/?]+)/.exec(request.url ?? '')?.[1] ?? '').toLowerCase();
    const days = daysOf(domains[name]);
    if (!name || days === undefined) {
      response.writeHead(404, { 'content-type': 'application/rdap+json' });
      response.end(JSON.stringify({ errorCode: 404, title: 'Not Found' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/rdap+json' });
    response.end(JSON.stringify(rdapAnswer(name, days, Date.now())));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  if (options.unref) server.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
