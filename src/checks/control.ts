/**
 * The control probe of a real environment's run: one request to somewhere outside Wink that the
 * runner always reaches (SMOKE_CONTROL_URL, github.com by default). It judges nothing on its own:
 * its record says whether the runner reached the network, and the run's summary reads it when every
 * host went unanswered (`src/summary/offline.ts`), so that a runner cut off from the network is the
 * monitor's failure, not an outage of Wink.
 */
import type { EnvironmentName } from '../catalog/catalog.ts';
import type { FaultClass } from '../shared/faults.ts';

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
 * ten seconds without an answer is no way out. Only the first test of the worker that sent the
 * probe waits on it, to attach its record, so this bound is also the most it can delay that test.
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
