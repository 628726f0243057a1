/**
 * How a check fails: the failure every check throws, naming its target and fault class, and the
 * annotation types of the HTML report. The fault classes and the words for network errors are in
 * `src/shared/faults.ts`, which the alerts' senders share.
 */
import type { Target } from '../targets/targets.ts';
import type { FaultClass } from '../shared/faults.ts';

/**
 * Annotation types: lines for people in the HTML report. Nothing reads them back; the facts travel
 * in each check's record (`src/checks/record.ts`).
 */
export const ANNOTATION = {
  fault: 'fault',
  url: 'url',
  status: 'status',
  latency: 'latency-ms',
  loadTime: 'load-time-ms',
  wakeTime: 'wake-time',
  retired: 'retired',
  /** A maintenance window or mute covers the host (`maintenance.json`): failures are reported only. */
  silenced: 'silenced',
  /** Passed, but slower than the degraded bound. */
  degraded: 'degraded',
  certificate: 'certificate',
  certWarning: 'cert-warning',
  /** A registered domain within SMOKE_DOMAIN_WARN_DAYS of its expiry, as `cert-warning` is a certificate's. */
  domainWarning: 'domain-warning',
  /** Where an app landed after redirects, when that is another host of the environment (its login). */
  landed: 'landed',
  /** What a check found beyond its outcome: which document answered, which endpoint was used. */
  detail: 'detail',
  screenshot: 'screenshot',
  /** What the control probe's URL answered, or why it did not. */
  control: 'control',
} as const;

/** A failed check: the message starts with environment, host id and URL, then the cause in words. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  readonly target: Target;
  readonly fault: FaultClass;
  /** The cause in words, without the target. */
  readonly reason: string;

  constructor(target: Target, fault: FaultClass, reason: string) {
    super(`${target.label}: ${reason}`);
    this.target = target;
    this.fault = fault;
    this.reason = reason;
  }
}

/** HTTP statuses a gateway in front of a sleeping or starting service answers with. */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
