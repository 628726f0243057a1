/**
 * Certificates for the TLS self-tests, made at test time with openssl and never committed: a test
 * CA (trusted by the suite through NODE_EXTRA_CA_CERTS) and leaf certificates for 127.0.0.1 that
 * are valid, close to expiry, expired, or for another host name.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testProgram } from '../scripts/test-programs.ts';

export const CERTIFICATE_CASES = {
  valid: { days: 90, san: 'IP:127.0.0.1' },
  /** Inside the default warning window (21 days), outside the failure window (7 days). */
  warn: { days: 14, san: 'IP:127.0.0.1' },
  soon: { days: 3, san: 'IP:127.0.0.1' },
  expired: { days: -1, san: 'IP:127.0.0.1' },
  'wrong-name': { days: 90, san: 'DNS:wrong-host.example' },
} as const;
export type CertificateCase = keyof typeof CERTIFICATE_CASES;

export interface TestCertificates {
  readonly caFile: string;
  readonly files: Readonly<Record<CertificateCase, { certFile: string; keyFile: string }>>;
}

const openssl = (dir: string, ...args: string[]): void => {
  execFileSync(testProgram('openssl'), args, { cwd: dir, stdio: 'ignore' });
};
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTestCertificates(dir: string): TestCertificates {
  fs.mkdirSync(dir, { recursive: true });
  openssl(
    dir,
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '365',
    '-subj',
    '/O=wink-smoke test CA/CN=wink-smoke test CA',
  );
  const files = {} as Record<CertificateCase, { certFile: string; keyFile: string }>;
  for (const [name, { days, san }] of Object.entries(CERTIFICATE_CASES) as [
    CertificateCase,
    (typeof CERTIFICATE_CASES)[CertificateCase],
  ][]) {
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    openssl(dir, 'req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl(
      dir,
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      String(days),
      '-extfile',
      `${name}.ext`,
    );
    files[name] = { certFile: path.join(dir, `${name}.pem`), keyFile: path.join(dir, `${name}.key`) };
  }
  return { caFile: path.join(dir, 'ca.pem'), files };
}
