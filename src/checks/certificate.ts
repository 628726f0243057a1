/**
 * The TLS certificate of an https host: is it valid for the host name, and how many days are left?
 * Read over a connection of its own with Node's TLS (the system's CAs, plus NODE_EXTRA_CA_CERTS),
 * so the verdict is the same for an API host and for an app, before a browser is involved.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { DAY_MS } from '../shared/format.ts';

export type CertificateFacts =
  | { readonly state: 'plain-http' }
  | { readonly state: 'valid'; readonly daysLeft: number; readonly validTo: string; readonly issuer: string }
  | { readonly state: 'invalid'; readonly code: string; readonly words: string }
  /** The connection itself failed: the check's own request will say why. */
  | { readonly state: 'unreachable'; readonly reason: string };

/** Node's verification codes, in words. */
const INVALID_WORDS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host name',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain ends in an untrusted self-signed root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate is not signed by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate is not signed by a trusted authority',
  CERT_NOT_YET_VALID: 'TLS certificate is not valid yet',
};

export function inspectCertificate(
  url: string,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<CertificateFacts> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') return Promise.resolve({ state: 'plain-http' });
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port: Number(parsed.port || 443),
      // SNI takes names only; an IP address is checked against the certificate's IP entries.
      ...(isIP(host) ? {} : { servername: host }),
      // Verify, but do not abort: the point is to read what is wrong and say it.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (facts: CertificateFacts): void => {
      socket.destroy();
      resolve(facts);
    };
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      if (!socket.authorized) {
        const code = String(socket.authorizationError ?? 'UNKNOWN');
        return done({
          state: 'invalid',
          code,
          words: `${INVALID_WORDS[code] ?? 'TLS certificate rejected'} (${code})`,
        });
      }
      const validTo = new Date(certificate.valid_to);
      done({
        state: 'valid',
        daysLeft: Math.floor((validTo.getTime() - now()) / DAY_MS),
        validTo: validTo.toISOString().slice(0, 10),
        issuer: [certificate.issuer.O ?? certificate.issuer.CN ?? 'unknown issuer'].flat().join(', '),
      });
    });
    socket.once('timeout', () => done({ state: 'unreachable', reason: `no TLS handshake within ${timeoutMs} ms` }));
    socket.once('error', (error: Error) => done({ state: 'unreachable', reason: error.message }));
  });
}

/** How often a worker looks for the certificate another worker is reading. */
const SHARED_POLL_MS = 50;

/**
 * The certificate of `url`, read once per run however many checks and workers ask: the first to ask
 * claims it (a file in `dir`, the run's output folder, which Playwright empties as a run starts),
 * reads it and writes the facts there; the others wait for that file. A reader that never writes
 * (its worker died) costs the others one wait of `timeoutMs`, then each reads for itself.
 */
export async function readOncePerRun(
  dir: string,
  url: string,
  timeoutMs: number,
  read: (url: string, timeoutMs: number) => Promise<CertificateFacts> = inspectCertificate,
): Promise<CertificateFacts> {
  const file = path.join(dir, `${createHash('sha256').update(url).digest('hex').slice(0, 16)}.json`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(`${file}.claim`, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readWhenWritten(file, timeoutMs)) ?? read(url, timeoutMs);
  }
  const facts = await read(url, timeoutMs);
  // Written whole, then renamed: a waiting worker never reads half a file.
  fs.writeFileSync(`${file}.partial`, JSON.stringify(facts));
  fs.renameSync(`${file}.partial`, file);
  return facts;
}

/** The facts another worker writes to `file`, or undefined if they are not there within `timeoutMs` and a little. */
async function readWhenWritten(file: string, timeoutMs: number): Promise<CertificateFacts | undefined> {
  const deadline = Date.now() + timeoutMs + 5_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as CertificateFacts;
    await sleep(SHARED_POLL_MS);
  }
  return undefined;
}
