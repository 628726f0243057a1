/**
 * What the warm-up hands on, across processes that share no memory: its record, in a file of the
 * run's output folder that the checks of later workers read (and attached to its test, for the
 * report and the self-tests); and, from the runner to its workers through the environment, the
 * environments the runner first contacted and when.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { WarmupRecord } from './warmup.ts';

/** The attachment that carries the warm-up's record on its test, for the report and the self-tests. */
export const WARMUP_ATTACHMENT = 'warmup.json';

export function warmupRecordPath(outputDir: string, environment: string): string {
  return path.join(outputDir, '.warmup', `${environment}.json`);
}

export async function writeWarmupRecord(file: string, record: WarmupRecord): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(record, null, 2));
}

/** The record of this run's warm-up, or undefined when it did not run (production, `--no-deps`). */
export async function readWarmupRecord(file: string): Promise<WarmupRecord | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as WarmupRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Through this variable the runner tells its workers when it first contacted each sleeping
 * environment (`tests/first-contact.ts`): JSON, `{ "staging": <ms since the epoch> }`. Workers are
 * started with the runner's environment, after that contact.
 */
export const FIRST_CONTACT_VARIABLE = 'WINK_SMOKE_FIRST_CONTACT';

/** Through this variable the config names the sleeping environments the runner first contacts: `staging`. */
export const WAKES_VARIABLE = 'WINK_SMOKE_WAKES';

/**
 * How old the runner's contact may be for the warm-up to time the wake from it. The runner lists
 * the tests and starts the warm-up's worker within seconds of it; an older contact is of an earlier
 * run of the same runner (Playwright's UI and watch modes set up once for many runs), which must not
 * eat this run's budget.
 */
export const FIRST_CONTACT_FRESH_MS = 60_000;

/** When the runner first contacted `environment`'s hosts for this run, if it did, at `now`. */
export function firstContactOf(
  environment: string,
  now: number,
  env: NodeJS.ProcessEnv = process.env,
): number | undefined {
  try {
    const contacts = JSON.parse(env[FIRST_CONTACT_VARIABLE] ?? '{}') as Record<string, unknown>;
    const at = contacts[environment];
    if (typeof at !== 'number' || !Number.isFinite(at)) return undefined;
    return at <= now && now - at <= FIRST_CONTACT_FRESH_MS ? at : undefined;
  } catch {
    return undefined;
  }
}
