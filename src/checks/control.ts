/**
 * The control probe of a real environment's run: one request to somewhere outside Wink that the
 * runner always reaches (SMOKE_CONTROL_URL, github.com by default), sent by the runner before any
 * worker starts (`tests/first-contact.ts`). Its record says whether the runner reached the network;
 * the workers read it from a file of the run's output folder, and when no control answered they
 * skip every check unsent (`fixtures/control.ts`), so that a runner cut off from the network is the
 * monitor's failure, said once and first, not an outage of Wink (`src/summary/offline.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EnvironmentName } from '../catalog/catalog.ts';
import { sendHttp } from '../net/http.ts';
import type { FaultClass } from '../shared/faults.ts';
import type { ResolvedEnvironment } from '../targets/targets.ts';

/** What one control URL did: answered with any HTTP status, or not at all. */
export type ControlProbe =
  | { readonly url: string; readonly answered: true; readonly status: number }
  | { readonly url: string; readonly answered: false; readonly fault: FaultClass; readonly cause: string };

/** The control probe of one environment's run. */
export interface ControlRecord {
  readonly environment: EnvironmentName;
  readonly probes: readonly ControlProbe[];
}

/**
 * A bound on each control request, all sent at once: github.com answers a runner within a second;
 * ten seconds without an answer is no way out. The runner waits on the probe before starting any
 * worker, so this bound is also the most it can delay a run.
 */
export const CONTROL_TIMEOUT_MS = 10_000;

/**
 * The faults of a request that got no answer at all: a name that does not resolve, a connection
 * refused or reset, nothing in time. A runner cut off from the network sees every host so.
 */
export const NO_ANSWER_FAULTS: ReadonlySet<FaultClass> = new Set(['dns', 'connect', 'timeout']);

/** Probes every control URL at once. */
export async function probeControls(
  environment: EnvironmentName,
  urls: readonly string[],
  probe: (url: string) => Promise<ControlProbe>,
): Promise<ControlRecord> {
  return { environment, probes: await Promise.all(urls.map(probe)) };
}

/** Any answer, even a redirect or an error page, proves the way out: HEAD, no redirects. */
export async function probeOne(environment: ResolvedEnvironment, url: string): Promise<ControlProbe> {
  const sent = await sendHttp(environment, { method: 'HEAD', url, redirects: 'none', timeoutMs: CONTROL_TIMEOUT_MS });
  return sent.ok
    ? { url, answered: true, status: sent.answer.status }
    : { url, answered: false, fault: sent.fault, cause: sent.reason };
}

/** Whether the runner reached the network: one control that answered, anything at all, is enough. */
export function controlAnswered(records: readonly ControlRecord[]): boolean {
  return records.some((record) => record.probes.some((probe) => probe.answered));
}

/** `https://github.com answered HTTP 200`, or why it did not: one probe, for people. */
export function describeProbe(probe: ControlProbe): string {
  return probe.answered ? `${probe.url} answered HTTP ${probe.status}` : `${probe.url}: ${probe.cause}`;
}

/**
 * The run's verdict on an environment whose hosts and controls all went unanswered, in one line:
 * `this runner cannot reach the network (control https://github.com: host name does not resolve (...))`.
 */
export function offlineLine(records: readonly ControlRecord[]): string {
  const unanswered = records.flatMap((record) => record.probes).filter((probe) => !probe.answered);
  return `this runner cannot reach the network (${unanswered.map((probe) => `control ${describeProbe(probe)}`).join('; ')})`;
}

/** The attachment that carries the control probe's record on its test. */
export const CONTROL_ATTACHMENT = 'control.json';

/**
 * Why each check of an environment whose control went unanswered is skipped, the same words on
 * every one: `not judged: this runner cannot reach the network (control https://github.com: ...)`.
 */
export function notJudgedReason(record: ControlRecord): string {
  return `not judged: ${offlineLine([record])}`;
}

/**
 * Through this variable the config names the real environments whose control the runner probes
 * before any worker starts (`tests/first-contact.ts`): `staging,production`.
 */
export const PROBES_VARIABLE = 'WINK_SMOKE_PROBES';

/** Where the runner leaves an environment's control record for its workers: the run's output folder. */
export function controlRecordPath(outputDir: string, environment: string): string {
  return path.join(outputDir, '.control', `${environment}.json`);
}

export function writeControlRecord(file: string, record: ControlRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(record, null, 2));
}

/** The record the runner left, or undefined when it probed none (`local`, SMOKE_CONTROL_URL=none, `--no-deps` of a UI run). */
export function readControlRecord(file: string): ControlRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ControlRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
