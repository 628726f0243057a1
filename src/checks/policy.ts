/**
 * The rules of a check, as pure functions: is the certificate good enough, is the answer fast
 * enough, and which record the facts of a finished check make. No Playwright, no network: the check
 * (`check-run.ts`) gathers the facts, applies these rules, and the runner says the result in the report.
 */
import type { HostKind } from '../catalog/hosts.ts';
import type { Silence } from '../config/maintenance.ts';
import type { Settings } from '../config/settings.ts';
import type { Target } from '../targets/targets.ts';
import { describeUnexpectedError, type FaultClass } from '../shared/faults.ts';
import type { CertificateFacts } from '../net/tls.ts';
import type { WebVitals } from './vitals.ts';
import { daysLeft, type DomainAnswer, type DomainRecord } from './rdap.ts';
import { PAGE_LOAD_BOUNDS, REQUEST_BOUNDS, boundsIn, type LatencyBound, type PlannedBase } from './kind.ts';
import type { CertificateRecord, CheckOutcome, CheckRecord, WakeRecord } from './record.ts';

/**
 * What the certificate means for the check. `description` says, for people, what the certificate is
 * or why there is none to judge; `words` are the warning or the failure's cause.
 */
export type CertificateVerdict =
  | { readonly outcome: 'pass'; readonly description: string }
  /** Valid, but within SMOKE_CERT_WARN_DAYS of expiry: the check passes with a warning. */
  | { readonly outcome: 'warn'; readonly description: string; readonly words: string }
  /** Invalid, or within SMOKE_CERT_FAIL_DAYS of expiry; an invalid one has no description, the words say it all. */
  | { readonly outcome: 'fail'; readonly description?: string; readonly words: string };

/**
 * When the chain's first certificate to expire does: the leaf's own date, or the certificate of the
 * chain that ends before it, named, with the leaf's date beside it, so the reader knows which one to renew.
 */
function expiryOf(facts: Extract<CertificateFacts, { state: 'valid' }>): { subject: string; expiry: string } {
  const when =
    facts.daysLeft < 0 ? `expired on ${facts.validTo}` : `expires in ${facts.daysLeft} days (${facts.validTo})`;
  const first = facts.expiresFirst;
  const leaf = facts.chain[0];
  if (first.role === 'leaf' || !leaf) return { subject: 'TLS certificate', expiry: when };
  return {
    subject: "TLS certificate chain's",
    expiry: `${first.role} '${first.name}' ${when}, before the leaf (${leaf.validTo})`,
  };
}

/**
 * An invalid certificate fails, and so does one whose chain has a certificate within
 * SMOKE_CERT_FAIL_DAYS of expiry; one within SMOKE_CERT_WARN_DAYS warns. The days are counted to
 * the first expiry in the chain, intermediates and root included (`src/net/tls.ts` says why). A
 * certificate that could not be read passes here: the check's own request will fail and name why,
 * which is a better cause than this step could give.
 */
export function certificateVerdict(
  facts: CertificateFacts,
  bounds: Pick<Settings, 'certWarnDays' | 'certFailDays'>,
): CertificateVerdict {
  switch (facts.state) {
    case 'plain-http':
      return { outcome: 'pass', description: 'plain http: no certificate to check' };
    case 'unreachable':
      return { outcome: 'pass', description: `not inspected: ${facts.reason}` };
    case 'invalid':
      return { outcome: 'fail', words: facts.words };
    case 'valid': {
      const { subject, expiry } = expiryOf(facts);
      const description = `${expiry}, issued by ${facts.issuer}`;
      const judged = judgeDays(facts.daysLeft, bounds.certWarnDays, bounds.certFailDays);
      if (judged === 'fail') {
        return {
          outcome: 'fail',
          description,
          words: `${subject} ${expiry}, within SMOKE_CERT_FAIL_DAYS=${bounds.certFailDays}`,
        };
      }
      if (judged === 'warn') {
        return {
          outcome: 'warn',
          description,
          words: `${subject} ${expiry}, within SMOKE_CERT_WARN_DAYS=${bounds.certWarnDays}`,
        };
      }
      return { outcome: 'pass', description };
    }
  }
}

/** How days left are judged, as certificate days are: pass, a warning, or a failure. */
export function judgeDays(days: number, warnDays: number, failDays: number): 'pass' | 'warn' | 'fail' {
  return days < failDays ? 'fail' : days < warnDays ? 'warn' : 'pass';
}

/**
 * What a domain's days left mean for its check, worded as a certificate's are:
 * within SMOKE_DOMAIN_FAIL_DAYS it fails, naming every host that goes down with it; within
 * SMOKE_DOMAIN_WARN_DAYS it passes with a warning. `description` says what the registration is.
 */
export function domainVerdict(
  answer: DomainAnswer,
  now: number,
  bounds: { readonly domainWarnDays: number; readonly domainFailDays: number },
  hostsOnIt: readonly string[],
): {
  readonly outcome: 'pass' | 'warn' | 'fail';
  readonly daysLeft: number;
  readonly description: string;
  readonly words: string;
} {
  const days = daysLeft(answer.expiresAt, now);
  const date = answer.expiresAt.slice(0, 10);
  const expiry = days >= 0 ? `expires in ${days} days (${date})` : `expired ${-days} days ago (${date})`;
  const description = `${expiry}${answer.registrar ? `, registrar ${answer.registrar}` : ''}`;
  const outcome = judgeDays(days, bounds.domainWarnDays, bounds.domainFailDays);
  const registration = `${answer.name} domain registration ${expiry}`;
  const words =
    outcome === 'fail'
      ? `${registration}, within SMOKE_DOMAIN_FAIL_DAYS=${bounds.domainFailDays}; every host on it goes down with it: ${hostsOnIt.join(', ')}`
      : outcome === 'warn'
        ? `${registration}, within SMOKE_DOMAIN_WARN_DAYS=${bounds.domainWarnDays}`
        : registration;
  return { outcome, daysLeft: days, description, words };
}

export type LatencySettings = Pick<Settings, 'apiDegradedMs' | 'apiFailMs' | 'appDegradedMs' | 'appFailMs'>;

/**
 * The latency bounds a kind of host is drawn with on the status page: an app's checks are page
 * loads, any other host's requests. A check itself is judged by its kind's bounds (`src/kinds/`).
 */
export function latencyBounds(
  kind: HostKind,
  settings: LatencySettings,
): { readonly degraded: LatencyBound; readonly fail: LatencyBound } {
  return boundsIn(kind === 'app' ? PAGE_LOAD_BOUNDS : REQUEST_BOUNDS, settings);
}

export type LatencyVerdict =
  | { readonly outcome: 'pass' }
  /** Over the degraded bound: the check passes, degraded, and `note` says why. */
  | { readonly outcome: 'degraded'; readonly note: string }
  /** Over the fail bound: the check fails as `slow`, and `cause` says why. */
  | { readonly outcome: 'slow'; readonly cause: string };

/** `what` (`GET /`, `the page load`) took `ms`: over a bound only when strictly over it. */
export function latencyVerdict(
  bounds: { readonly degraded: LatencyBound; readonly fail: LatencyBound },
  what: string,
  ms: number,
): LatencyVerdict {
  if (ms > bounds.fail.ms)
    return { outcome: 'slow', cause: `${what} took ${ms} ms, over ${bounds.fail.setting}=${bounds.fail.ms}` };
  if (ms > bounds.degraded.ms)
    return {
      outcome: 'degraded',
      note: `${what} took ${ms} ms, over ${bounds.degraded.setting}=${bounds.degraded.ms}`,
    };
  return { outcome: 'pass' };
}

/** Facts a check learns as it goes; its record is made of them when the test ends. */
export interface CheckFacts {
  httpStatus?: number;
  latencyMs?: number;
  certificate: CertificateRecord;
  wake?: WakeRecord;
  fault?: FaultClass;
  cause?: string;
  degraded?: string;
  /** Why the check did not run, when it chose not to. */
  skipped?: string;
  detail?: string;
  discovered?: readonly string[];
  /** The page's web vitals, for an app check. */
  vitals?: WebVitals;
  /** The trace id the check sent in `traceparent`. */
  traceId?: string;
  /** A registered domain's RDAP answer, judged. */
  domain?: DomainRecord;
  /** A retired or silenced host's failure, reported but not counted. */
  reportedOnly?: true;
  /** A contract change reported under SMOKE_CONTRACT=report: the test is skipped, the record says `contract`. */
  contract?: true;
}

/**
 * The class and cause of a failure that did not come through the check's own `fail` (an expect, a
 * test timeout): its class from the message, its cause the message's first line without the
 * target's label that a check's failure starts with.
 */
export function unexpectedFailure(message: string, target: Target): { fault: FaultClass; cause: string } {
  const line = message.split('\n')[0] ?? '';
  const label = `${target.label}: `;
  return {
    fault: describeUnexpectedError(message),
    cause: line.startsWith(label) ? line.slice(label.length) : line,
  };
}

/** The check a record is of: where it ran, what it was, and whether a silence covered it. */
export interface CheckIdentity {
  readonly target: Target;
  readonly planned: Pick<PlannedBase, 'kind' | 'name' | 'subject'>;
  readonly silenced: Silence | undefined;
}

/** How the test ended: Playwright's status, and the message of the error it ended with, if any. */
export interface TestEnd {
  readonly status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted' | undefined;
  readonly message: string;
}

/**
 * The record of a finished check. A reported-only failure is a failure, whatever Playwright says
 * (it skipped the test to fail nothing), and a contract change reported only is `contract`; a
 * skipped test is skipped, with its reason; any other status but `passed` is a failure, classed
 * from its message when the check did not class it; a pass is degraded when a phase was slower
 * than the degraded bound.
 */
export function buildRecord(check: CheckIdentity, facts: CheckFacts, ended: TestEnd): CheckRecord {
  const { target, planned, silenced } = check;
  let outcome: CheckOutcome = facts.degraded ? 'degraded' : 'pass';
  let why = facts.degraded;
  let failure = { fault: facts.fault, cause: facts.cause };
  if (facts.reportedOnly) {
    outcome = 'fail';
    why = undefined;
  } else if (facts.contract) {
    outcome = 'contract';
    why = undefined;
  } else if (ended.status === 'skipped') {
    outcome = 'skipped';
    why = facts.skipped;
  } else if (ended.status !== 'passed') {
    outcome = 'fail';
    const unexpected = unexpectedFailure(ended.message, target);
    failure = { fault: facts.fault ?? unexpected.fault, cause: facts.cause ?? unexpected.cause };
  }
  return {
    environment: target.environment,
    host: planned.subject,
    url: target.url,
    kind: target.host.kind,
    check: planned.kind,
    name: planned.name,
    outcome,
    ...(facts.httpStatus === undefined ? {} : { httpStatus: facts.httpStatus }),
    ...(facts.latencyMs === undefined ? {} : { latencyMs: facts.latencyMs }),
    certificate: facts.certificate,
    ...(facts.wake ? { wake: facts.wake } : {}),
    ...(outcome === 'fail' || outcome === 'contract' ? failure : {}),
    ...(why ? { note: why } : {}),
    ...(facts.detail ? { detail: facts.detail } : {}),
    ...(facts.discovered ? { discovered: facts.discovered } : {}),
    ...(facts.vitals ? { vitals: facts.vitals } : {}),
    ...(facts.traceId ? { traceId: facts.traceId } : {}),
    ...(facts.domain ? { domain: facts.domain } : {}),
    ...(facts.reportedOnly ? { reportedOnly: true as const } : {}),
    ...(target.host.retired ? { retired: target.host.retired } : {}),
    ...(silenced ? { silenced } : {}),
  };
}
