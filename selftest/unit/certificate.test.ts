/**
 * A host's certificate is read once per run (`readOncePerRun`), however many checks and workers ask:
 * the first to ask reads it, the others wait for what it wrote; a reader that never writes costs the
 * others one wait, then each reads for itself.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readOncePerRun } from '../../src/checks/certificate.ts';
import type { CertificateFacts } from '../../src/net/tls.ts';
import { SELFTEST_OUTPUT } from '../harness.ts';

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
