/**
 * Certificates for the TLS self-tests, made at test time with openssl and never committed: two test
 * CAs (both trusted by the suite through NODE_EXTRA_CA_CERTS: `caFile` holds both, so a host can
 * switch from one to the other as a real host switches issuers), a third CA nobody trusts, and leaf
 * certificates for 127.0.0.1 that are valid, close to expiry, expired, for another host name, from
 * the other trusted CA, from the untrusted one, or issued by an intermediate that expires first.
 *
 * The emulator serves whichever a scenario names (`tls`); it makes none itself: the checking process
 * reads NODE_EXTRA_CA_CERTS once, as it starts, so whoever sets that variable makes the CAs first.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testProgram } from '../scripts/test-programs.ts';

/** The CAs: each a self-signed root, its subject's O and CN the name below. */
const AUTHORITIES = {
  main: 'wink-smoke test CA',
  other: 'wink-smoke other test CA',
  untrusted: 'wink-smoke untrusted CA',
} as const;
type Authority = keyof typeof AUTHORITIES;

/** The intermediate of `intermediate-expiring`: signed by the main CA, expiring long before its leaf. */
export const TEST_INTERMEDIATE = { name: 'Wink Test Intermediate', days: 10 } as const;

export const CERTIFICATE_CASES = {
  valid: { days: 90, san: 'IP:127.0.0.1', signer: 'main' },
  /** Inside the default warning window (21 days), outside the failure window (7 days). */
  warn: { days: 14, san: 'IP:127.0.0.1', signer: 'main' },
  soon: { days: 3, san: 'IP:127.0.0.1', signer: 'main' },
  expired: { days: -1, san: 'IP:127.0.0.1', signer: 'main' },
  'wrong-name': { days: 90, san: 'DNS:wrong-host.example', signer: 'main' },
  /** Valid and trusted, from the other CA: the same host served this after `valid` has changed issuer. */
  'other-ca': { days: 90, san: 'IP:127.0.0.1', signer: 'other' },
  /** From a CA no trust store holds: the chain cannot be verified. */
  untrusted: { days: 90, san: 'IP:127.0.0.1', signer: 'untrusted' },
  /**
   * A leaf of 90 days issued by TEST_INTERMEDIATE, which expires in 10: its file holds the chain,
   * leaf then intermediate, as a server sends it. Inside the warning window, by the intermediate.
   */
  'intermediate-expiring': { days: 90, san: 'IP:127.0.0.1', signer: 'intermediate' },
} as const satisfies Record<string, { days: number; san: string; signer: Authority | 'intermediate' }>;
export type CertificateCase = keyof typeof CERTIFICATE_CASES;

export interface TestCertificates {
  /** The trusted CAs, main and other, in one PEM file: what NODE_EXTRA_CA_CERTS names. */
  readonly caFile: string;
  readonly files: Readonly<Record<CertificateCase, { certFile: string; keyFile: string }>>;
}

const openssl = (dir: string, ...args: string[]): void => {
  execFileSync(testProgram('openssl'), args, { cwd: dir, stdio: 'ignore' });
};
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Signs `name`.csr with the CA `ca` (its .pem and .key), for `days`, with the extensions in `extensions`. */
function sign(dir: string, name: string, ca: string, days: number, extensions: string): void {
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(
    dir,
    'x509',
    '-req',
    ...['-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial'],
    ...['-out', `${name}.pem`, '-days', String(days), '-extfile', `${name}.ext`],
  );
}

export function makeTestCertificates(dir: string): TestCertificates {
  fs.mkdirSync(dir, { recursive: true });
  for (const [authority, name] of Object.entries(AUTHORITIES)) {
    openssl(
      dir,
      'req',
      '-x509',
      ...EC_KEY,
      ...['-keyout', `ca-${authority}.key`, '-out', `ca-${authority}.pem`, '-days', '365'],
      ...['-subj', `/O=${name}/CN=${name}`],
    );
  }
  openssl(
    dir,
    'req',
    ...EC_KEY,
    ...[
      '-keyout',
      'intermediate.key',
      '-out',
      'intermediate.csr',
      '-subj',
      `/O=wink-smoke/CN=${TEST_INTERMEDIATE.name}`,
    ],
  );
  sign(
    dir,
    'intermediate',
    'ca-main',
    TEST_INTERMEDIATE.days,
    'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  const files = {} as Record<CertificateCase, { certFile: string; keyFile: string }>;
  for (const [name, { days, san, signer }] of Object.entries(CERTIFICATE_CASES) as [
    CertificateCase,
    (typeof CERTIFICATE_CASES)[CertificateCase],
  ][]) {
    openssl(dir, 'req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    sign(dir, name, signer === 'intermediate' ? 'intermediate' : `ca-${signer}`, days, `subjectAltName=${san}\n`);
    let certFile = path.join(dir, `${name}.pem`);
    if (signer === 'intermediate') {
      // A server sends its leaf, then the intermediates the client may lack: one PEM file, in that order.
      certFile = path.join(dir, `${name}-chain.pem`);
      fs.writeFileSync(
        certFile,
        fs.readFileSync(path.join(dir, `${name}.pem`), 'utf8') +
          fs.readFileSync(path.join(dir, 'intermediate.pem'), 'utf8'),
      );
    }
    files[name] = { certFile, keyFile: path.join(dir, `${name}.key`) };
  }
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(
    caFile,
    fs.readFileSync(path.join(dir, 'ca-main.pem'), 'utf8') + fs.readFileSync(path.join(dir, 'ca-other.pem'), 'utf8'),
  );
  return { caFile, files };
}
