/**
 * The record of one check: every fact it measured, as data. The check fixture fills it in, attaches
 * it once to the test as JSON (`check-record`), and everything downstream (the summary's reporters, the
 * outage logic, the benchmark, the self-tests) reads that attachment. The readable annotations of the
 * HTML report are written from the same facts, for people; nothing reads them back.
 */
import type { EnvironmentName } from '../catalog/catalog.ts';
import type { HostKind } from '../catalog/hosts.ts';
import type { CertificateFacts } from '../net/tls.ts';
import type { Silence } from '../config/maintenance.ts';
import type { FaultClass } from '../shared/faults.ts';
import type { WebVitals } from './vitals.ts';
import type { DomainRecord } from './rdap.ts';

/**
 * pass; pass but slower than the degraded bound; contract (up, but a documented surface is gone:
 * reported only, under SMOKE_CONTRACT=report); fail; or skipped (it did not run, and why).
 */
export type CheckOutcome = 'pass' | 'degraded' | 'contract' | 'fail' | 'skipped';

/**
 * A check's verdict in the run: its outcome, or `flaky` for a pass on retry only. pass, pass but
 * slow (degraded), pass on retry only (flaky), fail, or did not run (skipped).
 */
export type Verdict = CheckOutcome | 'flaky';

/** What was learnt of the host's TLS certificate; `not-inspected` when the check ended before. */
export type CertificateRecord = CertificateFacts | { readonly state: 'not-inspected' };

export interface WakeRecord {
  readonly state: 'awake' | 'asleep' | 'unresolvable';
  /** From the run's first contact with the environment to the host's first awake answer. */
  readonly wakeMs?: number;
  /** For a host that never woke: the fault of the warm-up's last probe, when it got no answer at all. */
  readonly lastFault?: FaultClass;
}

export interface CheckRecord {
  readonly environment: EnvironmentName;
  /** The host's id; for a check of a registered domain, the domain (`wink.travel`). */
  readonly host: string;
  /** The URL checked: the catalog's, an override, or the emulator's. */
  readonly url: string;
  readonly kind: HostKind;
  /** The check's kind: a name of `src/kinds/registry.ts`'s list (`app-renders`, `document`). */
  readonly check: string;
  /** The check's name without the host id: `app renders`, `serves /v3/api-docs/affiliate`. */
  readonly name: string;
  readonly outcome: CheckOutcome;
  /** The HTTP status of the check's main answer (after redirects). */
  readonly httpStatus?: number;
  /** The duration judged against the latency bounds: the call, or the page's load event. */
  readonly latencyMs?: number;
  readonly certificate: CertificateRecord;
  /** Set when this run warmed the environment up. */
  readonly wake?: WakeRecord;
  /** Set on a failed check: its class, and the cause in words (without the target's label). */
  readonly fault?: FaultClass;
  readonly cause?: string;
  /** Why a passing check is degraded, or why a skipped one did not run. */
  readonly note?: string;
  /** What the check found that its outcome does not say: which document answered, which endpoint was used. */
  readonly detail?: string;
  /** What the host publishes that the catalog lacks: springdoc groups its list names. */
  readonly discovered?: readonly string[];
  /** An app check's web vitals as its page measured them (`src/checks/vitals.ts`). */
  readonly vitals?: WebVitals;
  /** The W3C trace id the check sent in `traceparent` on its requests to the environment. */
  readonly traceId?: string;
  /** A domain check's RDAP answer: the expiry, where and when it was read, the days left it was judged by. */
  readonly domain?: DomainRecord;
  /**
   * A failure recorded and reported that fails neither the run nor its verdict, and alerts nobody:
   * a retired host's under SMOKE_RETIRED=report, or a silenced host's.
   */
  readonly reportedOnly?: true;
  /** Set when a maintenance window or a mute covered the host as the check ran (`maintenance.json`). */
  readonly silenced?: Silence;
  /** The reason the current environments page no longer lists the host; unset for a current host. */
  readonly retired?: string;
}

/** The attachment's name; its body is the record as JSON. */
const RECORD_ATTACHMENT = 'check-record';

export function recordAttachment(record: CheckRecord): { name: string; body: string; contentType: string } {
  return { name: RECORD_ATTACHMENT, body: JSON.stringify(record), contentType: 'application/json' };
}

type Attachments = readonly { readonly name: string; readonly body?: Buffer | string | undefined }[];

/**
 * The JSON a test attached under `name` (the last, after retries): a reporter holds the body as a
 * Buffer, Playwright's JSON report as base64 text. Undefined when there is none.
 */
export function attachedJson<T>(attachments: Attachments, name: string): T | undefined {
  const body = attachments.findLast((attachment) => attachment.name === name)?.body;
  if (body === undefined) return undefined;
  const text = typeof body === 'string' ? Buffer.from(body, 'base64').toString('utf8') : body.toString('utf8');
  return JSON.parse(text) as T;
}

/**
 * The attachment of a `document` check that read an OpenAPI document: its path, its digest, and the
 * document itself packed as the history keeps it (gzipped, base64). Packed, Wink's 9.5 MB of
 * documents ride along in under 1 MB: a shard's blob report, the merged report and the JSON
 * report stay small, and the report job compares digests without reading any document.
 */
export const OPENAPI_ATTACHMENT = 'openapi-document';
export interface OpenApiAttachment {
  readonly path: string;
  readonly digest: string;
  readonly snapshot: string;
}

/** The record among a result's attachments; undefined for a test that is not a check, or never started. */
export function findRecord(attachments: Attachments): CheckRecord | undefined {
  return attachedJson<CheckRecord>(attachments, RECORD_ATTACHMENT);
}

/** Days left on a valid certificate; undefined when there is no such number (and `certificate` says why). */
export function certificateDays(record: Pick<CheckRecord, 'certificate'>): number | undefined {
  return record.certificate.state === 'valid' ? record.certificate.daysLeft : undefined;
}

/** Who issued a valid certificate's leaf; undefined when none was read and trusted. */
export function certificateIssuer(record: Pick<CheckRecord, 'certificate'>): string | undefined {
  return record.certificate.state === 'valid' ? record.certificate.issuer : undefined;
}

/** The attachment of an app check: what the watch on the page saw. */
export const PAGE_HEALTH_ATTACHMENT = 'page-health.json';

/** A request of the page, named by its method and URL only: never its body or headers. */
export interface PageRequest {
  readonly method: string;
  readonly url: string;
}

export interface PageHealth {
  readonly url: string;
  /** Where the page ended, after redirects. */
  readonly finalUrl: string;
  readonly redirects: readonly string[];
  readonly certificate: CertificateRecord;
  readonly pageErrors: readonly string[];
  /** First-party scripts and stylesheets that failed. */
  readonly failedAssets: readonly { readonly url: string; readonly type: string; readonly reason: string }[];
  /** Requests to the other environment: never sent. */
  readonly foreignRequests: readonly { readonly url: string; readonly environment: string }[];
  /**
   * Requests a read-only environment must not receive (`holdsBack` in `src/targets/guard.ts`): never
   * sent; the browser got 204 No Content from the suite instead, so the page went on as if accepted.
   */
  readonly heldBack: readonly PageRequest[];
}
