/**
 * The suite's one door for reading a host's TLS certificate: a handshake of its own with Node's TLS
 * (the system's CAs, plus NODE_EXTRA_CA_CERTS, the same trust as every HTTP and gRPC call), no
 * request sent. What it learns travels as data: whether the chain is trusted, and if so the chain
 * itself, its leaf's issuer and the certificate of the chain that expires first.
 *
 * The chain is every certificate the server sent, plus the issuers Node took from its trust store
 * to complete it, up to the self-issued root: `getPeerCertificate(true)` links them by
 * `issuerCertificate`. The root counts too: a trust anchor that expires breaks every client without
 * a newer path to it, whatever the leaf says (AddTrust External CA Root in May 2020, DST Root CA X3
 * in September 2021), and roots expire decades out, so counting one costs nothing until it matters.
 */
import { isIP } from 'node:net';
import tls from 'node:tls';
import { DAY_MS } from '../shared/format.ts';

/** One certificate of a chain, as people read it. */
export interface ChainCertificate {
  /** `leaf`: the host's own; `root`: self-issued, a trust anchor; `intermediate`: any between. */
  readonly role: 'leaf' | 'intermediate' | 'root';
  /** Its subject, readable: `WR1 (Google Trust Services)`. */
  readonly name: string;
  /** The day it ends, `YYYY-MM-DD` (UTC). */
  readonly validTo: string;
}

export type CertificateFacts =
  | { readonly state: 'plain-http' }
  | {
      readonly state: 'valid';
      /** Whole days left on the certificate of the chain that expires first, from the read. */
      readonly daysLeft: number;
      /** The day that certificate ends, `YYYY-MM-DD`: what `daysLeft` counts to. */
      readonly validTo: string;
      /** Who issued the leaf: its organisation, `Let's Encrypt` (`issuingOrganisation`). A change of it is told once (`issuer-changed`). */
      readonly issuer: string;
      /** Leaf first, then each issuer in turn, the root last when Node found it. */
      readonly chain: readonly ChainCertificate[];
      /** The certificate of `chain` that expires first; the leaf when several end at the same time. */
      readonly expiresFirst: ChainCertificate;
    }
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
  UNABLE_TO_GET_ISSUER_CERT: 'TLS certificate chain is incomplete: an issuer is missing',
  CERT_NOT_YET_VALID: 'TLS certificate is not valid yet',
};

/** `CN (O)`, or whichever of the two there is: how a subject or an issuer reads. */
export function readableName(name: Readonly<Record<string, string | string[] | undefined>> | undefined): string {
  const first = (value: string | string[] | undefined): string | undefined => [value ?? []].flat()[0];
  const common = first(name?.CN);
  const organisation = first(name?.O);
  if (common && organisation && common !== organisation) return `${common} (${organisation})`;
  return common ?? organisation ?? 'unnamed';
}

/**
 * Who issued a certificate: the issuer's organisation (O), else its name. Not the intermediate's
 * own name: Let's Encrypt signs from R10 or R11 and Google from WR1 or WE1, changing from one renewal
 * to the next, and an issuer "change" at every other renewal would be noise. The chain keeps the name.
 */
export function issuingOrganisation(name: Readonly<Record<string, string | string[] | undefined>> | undefined): string {
  const first = (value: string | string[] | undefined): string | undefined => [value ?? []].flat()[0];
  return first(name?.O) ?? first(name?.CN) ?? 'unnamed';
}

/** The same name on both sides: a certificate that issued itself, and the end of the chain. */
const selfIssued = (certificate: tls.PeerCertificate): boolean =>
  JSON.stringify(certificate.subject) === JSON.stringify(certificate.issuer);

/**
 * The chain from the leaf up, each certificate once: a root's `issuerCertificate` is itself, and a
 * chain that loops (a cross-signed pair) is cut where a fingerprint comes round again.
 */
function chainOf(
  leaf: tls.DetailedPeerCertificate,
): { certificate: tls.PeerCertificate; role: ChainCertificate['role'] }[] {
  const chain: { certificate: tls.PeerCertificate; role: ChainCertificate['role'] }[] = [];
  const seen = new Set<string>();
  let current: tls.DetailedPeerCertificate | undefined = leaf;
  while (current?.fingerprint256 && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    const role = chain.length === 0 ? 'leaf' : selfIssued(current) ? 'root' : 'intermediate';
    chain.push({ certificate: current, role });
    if (selfIssued(current)) break;
    // Typed as always there, but absent where Node found no issuer: the loop's test covers both.
    current = current.issuerCertificate;
  }
  return chain;
}

/** The facts of a verified chain: the leaf's issuer, and days left counted to the first expiry in the chain. */
export function chainFacts(
  leaf: tls.DetailedPeerCertificate,
  now: number,
): Extract<CertificateFacts, { state: 'valid' }> {
  const links = chainOf(leaf).map(({ certificate, role }) => ({
    link: {
      role,
      name: readableName(certificate.subject),
      validTo: new Date(certificate.valid_to).toISOString().slice(0, 10),
    } satisfies ChainCertificate,
    endsAt: new Date(certificate.valid_to).getTime(),
  }));
  // Strictly earlier only: on a tie the leaf, first in the chain, is the one named.
  const first = links.reduce((earliest, candidate) => (candidate.endsAt < earliest.endsAt ? candidate : earliest));
  return {
    state: 'valid',
    daysLeft: Math.floor((first.endsAt - now) / DAY_MS),
    validTo: first.link.validTo,
    issuer: issuingOrganisation(leaf.issuer),
    chain: links.map(({ link }) => link),
    expiresFirst: first.link,
  };
}

/** Reads the certificate of `url` over a TLS handshake of its own, within `timeoutMs`; sends no request. */
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
      if (!socket.authorized) {
        const code = String(socket.authorizationError ?? 'UNKNOWN');
        return done({
          state: 'invalid',
          code,
          words: `${INVALID_WORDS[code] ?? 'TLS certificate rejected'} (${code})`,
        });
      }
      done(chainFacts(socket.getPeerCertificate(true), now()));
    });
    socket.once('timeout', () => done({ state: 'unreachable', reason: `no TLS handshake within ${timeoutMs} ms` }));
    socket.once('error', (error: Error) => done({ state: 'unreachable', reason: error.message }));
  });
}
