/**
 * A host's certificate: read over a real TLS handshake with 127.0.0.1 (`src/net/tls.ts`), trusted
 * through NODE_EXTRA_CA_CERTS as a run trusts it, its chain and issuer recorded and its days counted
 * to the chain's first expiry; and read once per run (`readOncePerRun`), however many checks and
 * workers ask: the first to ask reads it, the others wait for what it wrote; a reader that never
 * writes costs the others one wait, then each reads for itself.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readOncePerRun } from '../../src/checks/certificate.ts';
import { certificateVerdict } from '../../src/checks/policy.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { chainFacts, inspectCertificate, type CertificateFacts } from '../../src/net/tls.ts';
import { CERTIFICATE_CASES, TEST_INTERMEDIATE, makeTestCertificates, type CertificateCase } from '../certificates.ts';
import { SELFTEST_OUTPUT } from '../harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The suite's defaults: SMOKE_CERT_WARN_DAYS (21) and SMOKE_CERT_FAIL_DAYS (7). */
const DEFAULT_BOUNDS = parseSettings({});
const READ = ['valid', 'intermediate-expiring', 'other-ca', 'untrusted'] as const satisfies readonly CertificateCase[];

describe("a host's certificate, read over TLS", () => {
  const servers: tls.Server[] = [];
  const urls = {} as Record<(typeof READ)[number], string>;
  let caFile: string;
  let read: Record<(typeof READ)[number], CertificateFacts>;

  before(async () => {
    const certificates = makeTestCertificates(path.join(SELFTEST_OUTPUT, `certificates-read-${process.pid}`));
    caFile = certificates.caFile;
    for (const name of READ) {
      const { certFile, keyFile } = certificates.files[name];
      // A handshake is all the read needs: each server closes what it accepts.
      const server = tls.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, (socket) =>
        socket.end(),
      );
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      urls[name] = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    // NODE_EXTRA_CA_CERTS is read once, as a process starts: the read runs in a process started with it.
    const script = `
      import { inspectCertificate } from './src/net/tls.ts';
      const urls = JSON.parse(process.argv[1]);
      const read = {};
      for (const [name, url] of Object.entries(urls)) read[name] = await inspectCertificate(url, 5000);
      process.stdout.write(JSON.stringify(read));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--no-deprecation', '--input-type=module', '-e', script, JSON.stringify(urls)],
      { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, timeout: 20_000 },
    );
    read = JSON.parse(stdout) as typeof read;
  });
  after(() => servers.forEach((server) => server.close()));

  const valid = (name: (typeof READ)[number]): Extract<CertificateFacts, { state: 'valid' }> => {
    const facts = read[name];
    assert.equal(facts.state, 'valid', `${name}: ${JSON.stringify(facts)}`);
    return facts;
  };

  it('records the leaf and the root the trust store completed it with, and the issuer', () => {
    const facts = valid('valid');
    assert.deepEqual(
      facts.chain.map((link) => [link.role, link.name]),
      [
        ['leaf', 'valid'],
        ['root', 'wink-smoke test CA'],
      ],
    );
    assert.equal(facts.issuer, 'wink-smoke test CA');
    assert.deepEqual(facts.expiresFirst, facts.chain[0]);
    // openssl's `-days 90` ends 90 days from the moment it signed: 89 whole days and some hours.
    assert.equal(facts.daysLeft, CERTIFICATE_CASES.valid.days - 1);
  });

  it('counts the days to an intermediate that expires before the leaf, and says which and when', () => {
    const facts = valid('intermediate-expiring');
    const [leaf, intermediate] = facts.chain;
    assert.deepEqual(
      facts.chain.map((link) => [link.role, link.name]),
      [
        ['leaf', 'intermediate-expiring'],
        ['intermediate', `${TEST_INTERMEDIATE.name} (wink-smoke)`],
        ['root', 'wink-smoke test CA'],
      ],
    );
    // The organisation, not the intermediate's own name, which a CA rotates between renewals.
    assert.equal(facts.issuer, 'wink-smoke');
    assert.deepEqual(facts.expiresFirst, intermediate);
    assert.equal(facts.validTo, intermediate?.validTo);
    assert.equal(facts.daysLeft, TEST_INTERMEDIATE.days - 1);
    assert.ok(leaf && intermediate && leaf.validTo > intermediate.validTo, JSON.stringify(facts.chain));
    const expected = `intermediate '${TEST_INTERMEDIATE.name} (wink-smoke)' expires in ${TEST_INTERMEDIATE.days - 1} days (${intermediate.validTo}), before the leaf (${leaf.validTo})`;
    assert.deepEqual(certificateVerdict(facts, DEFAULT_BOUNDS), {
      outcome: 'warn',
      description: `${expected}, issued by ${facts.issuer}`,
      words: `TLS certificate chain's ${expected}, within SMOKE_CERT_WARN_DAYS=${DEFAULT_BOUNDS.certWarnDays}`,
    });
    const failing = certificateVerdict(facts, { ...DEFAULT_BOUNDS, certFailDays: TEST_INTERMEDIATE.days });
    assert.equal(
      failing.outcome === 'fail' && failing.words,
      `TLS certificate chain's ${expected}, within SMOKE_CERT_FAIL_DAYS=${TEST_INTERMEDIATE.days}`,
    );
  });

  it("names another trusted CA's certificate by its issuer", () => {
    assert.equal(valid('other-ca').issuer, 'wink-smoke other test CA');
  });

  it('fails a chain no trust store holds, naming the reason', () => {
    assert.deepEqual(read.untrusted, {
      state: 'invalid',
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      words: 'TLS certificate is not signed by a trusted authority (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    });
    assert.deepEqual(certificateVerdict(read.untrusted, DEFAULT_BOUNDS), {
      outcome: 'fail',
      words: read.untrusted.state === 'invalid' ? read.untrusted.words : '',
    });
  });

  it('trusts the test CA through NODE_EXTRA_CA_CERTS only: without it, the same certificate is untrusted', async () => {
    // This process started before the test CA was made: whatever its NODE_EXTRA_CA_CERTS names, not that CA.
    const facts = await inspectCertificate(urls.valid, 5000);
    assert.equal(facts.state === 'invalid' && facts.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', JSON.stringify(facts));
  });

  it('walks a chain that loops (two CAs signed by each other) once, and stops', () => {
    // What Node hands over, linked by `issuerCertificate`: the leaf, then A and B each issued by the other.
    const certificate = (cn: string, issuer: string, validTo: string, fingerprint: string) =>
      ({
        subject: { CN: cn },
        issuer: { CN: issuer },
        valid_to: validTo,
        fingerprint256: fingerprint,
      }) as unknown as tls.DetailedPeerCertificate;
    const leaf = certificate('api.wink.travel', 'A', 'Mar  1 00:00:00 2027 GMT', 'leaf');
    const a = certificate('A', 'B', 'Jan  1 00:00:00 2028 GMT', 'a');
    const b = certificate('B', 'A', 'Feb  1 00:00:00 2027 GMT', 'b');
    Object.assign(leaf, { issuerCertificate: a });
    Object.assign(a, { issuerCertificate: b });
    Object.assign(b, { issuerCertificate: a });
    const facts = chainFacts(leaf, Date.parse('2027-01-01T00:00:00Z'));
    assert.deepEqual(
      facts.chain.map((link) => [link.role, link.name, link.validTo]),
      [
        ['leaf', 'api.wink.travel', '2027-03-01'],
        ['intermediate', 'A', '2028-01-01'],
        ['intermediate', 'B', '2027-02-01'],
      ],
    );
    assert.deepEqual([facts.expiresFirst.name, facts.daysLeft], ['B', 31]);
  });
});

const LEAF = { role: 'leaf', name: 'staging-iam.wink.travel', validTo: '2027-01-01' } as const;
const FACTS: CertificateFacts = {
  state: 'valid',
  daysLeft: 42,
  validTo: '2027-01-01',
  issuer: 'Test CA',
  chain: [LEAF],
  expiresFirst: LEAF,
};

/** A fresh folder, as a run's output folder is when the run starts. */
function runFolder(name: string): string {
  const dir = path.join(SELFTEST_OUTPUT, `certificates-once-${process.pid}`, name);
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

describe("a host's certificate, once per run", () => {
  it('is read by the first check to ask; the others, as other workers would, get what it wrote', async () => {
    const dir = runFolder('shared');
    let reads = 0;
    const read = async (): Promise<CertificateFacts> => {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return FACTS;
    };
    const url = 'https://staging-iam.wink.travel';
    const all = await Promise.all([1, 2, 3].map(() => readOncePerRun(dir, url, 2000, read)));
    assert.deepEqual(all, [FACTS, FACTS, FACTS]);
    assert.equal(reads, 1);
    assert.deepEqual(await readOncePerRun(dir, url, 2000, read), FACTS);
    assert.equal(reads, 1, 'a later check reads the file');
    await readOncePerRun(dir, 'https://iam.wink.travel', 2000, read);
    assert.equal(reads, 2, 'another host is read for itself');
  });

  it('is read again by a check whose reader never wrote, after one wait', async () => {
    const dir = runFolder('abandoned');
    const url = 'https://staging-api.wink.travel';
    // A claim with no facts after it: its worker died before writing.
    void readOncePerRun(dir, url, 10, () => new Promise<CertificateFacts>(() => undefined));
    const started = Date.now();
    const facts = await readOncePerRun(dir, url, 10, () => Promise.resolve(FACTS));
    assert.deepEqual(facts, FACTS);
    assert.ok(Date.now() - started < 10_000);
  });
});
