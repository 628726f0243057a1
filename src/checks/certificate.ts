/**
 * A host's TLS certificate, read once per run however many checks and workers ask. The read itself
 * is `src/net/tls.ts`'s, the one door that speaks TLS; what the facts mean is `policy.ts`'s.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspectCertificate, type CertificateFacts } from '../net/tls.ts';

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
