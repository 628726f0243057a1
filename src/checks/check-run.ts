/**
 * A check as it runs, without Playwright: the `Check` its kind's body is given, the facts it learns,
 * and what becomes of them. A check fails by throwing `check.fail(fault, cause)`, which names
 * environment, host and URL. Whatever way it ends, one record is made of its facts (`record`).
 * The runner's side (annotations, boxed steps, skips, attachments, the worker's token and memo) is
 * passed in as a `Runner` (`runner.ts`): `fixtures/check.ts` adapts Playwright to it, and a unit
 * test a fake.
 */
import type { Settings } from '../config/settings.ts';
import { reportedOnlyBecause, type Silence } from '../config/maintenance.ts';
import { withoutCredentials } from '../config/variables.ts';
import { askGrpc, type GrpcAnswer } from '../net/grpc.ts';
import { describeAsk, sendHttp, type Hop, type HttpOutcome } from '../net/http.ts';
import { sendThirdParty } from '../net/third-party.ts';
import type { Secret } from '../shared/secret.ts';
import type { FaultClass } from '../shared/faults.ts';
import { newTrace, type Trace } from '../shared/trace.ts';
import { findTarget, type ResolvedEnvironment, type Target } from '../targets/targets.ts';
import { poorVitals, type WebVitals } from './vitals.ts';
import { ANNOTATION, CheckFailure } from './failure.ts';
import {
  boundsIn,
  ofCatalog,
  type AnyKind,
  type Check,
  type CheckAsk,
  type PlannedBase,
  type WatchedPage,
} from './kind.ts';
import {
  buildRecord,
  certificateVerdict,
  latencyVerdict,
  unexpectedFailure,
  type CheckFacts,
  type TestEnd,
} from './policy.ts';
import type { CertificateRecord, CheckRecord } from './record.ts';
import { isFresh, type DomainAnswer, type DomainRecord } from './rdap.ts';
import type { CheckSetup, Runner } from './runner.ts';
import { wakeFailure, wakeRecordOf, type WarmupRecord } from './warmup.ts';

export class RunningCheck<Planned extends PlannedBase = PlannedBase> implements Check<Planned> {
  readonly planned: Planned;
  readonly target: Target;
  readonly environment: ResolvedEnvironment;
  readonly settings: Settings;
  readonly kind: AnyKind;
  readonly silenced: Silence | undefined;
  /** Every request's hops, for the check's `requests.json`: URLs, statuses and timings, never headers. */
  readonly calls: Hop[] = [];
  /** A fresh trace per check: its id names the check's requests in Wink's traces. */
  readonly trace: Trace = newTrace();
  readonly #facts: CheckFacts = { certificate: { state: 'not-inspected' } };
  /** Whether the check asks Wink at all: a domain's asks only its registry, so it has no trace to name. */
  readonly #tracesWink: boolean;
  readonly #runner: Runner;

  constructor(setup: CheckSetup<Planned>, runner: Runner) {
    this.planned = setup.planned;
    this.kind = setup.kind;
    this.environment = setup.environment;
    this.settings = setup.settings;
    this.silenced = setup.silenced;
    const target = findTarget(setup.environment, setup.planned.host.id);
    // A check of the catalog (a registered domain) is of its subject, not of the host whose
    // retirement and silences it shares: its failures name the subject, and no URL of that host.
    this.target = ofCatalog(setup.planned)
      ? { ...target, url: setup.planned.subject, label: `${setup.environment.name} ${setup.planned.subject}` }
      : target;
    this.#tracesWink = !ofCatalog(setup.planned);
    if (this.#tracesWink) this.#facts.traceId = this.trace.traceId;
    this.#runner = runner;
  }

  /** The host's certificate as this check learnt it, for the attachments. */
  get certificate(): CertificateRecord {
    return this.#facts.certificate;
  }

  async http(ask: CheckAsk): Promise<HttpOutcome> {
    const { path, headers, ...rest } = ask;
    const url = `${this.target.url}${path}`;
    const sent = await sendHttp(this.environment, {
      ...rest,
      headers: { ...headers, traceparent: this.trace.traceparent },
      url,
      timeoutMs: this.settings.apiTimeoutMs,
    });
    this.calls.push(...sent.hops);
    if (sent.ok) {
      const what = describeAsk({ ...ask, url });
      this.note(ANNOTATION.status, `${what} ${sent.answer.status}`);
      this.note(ANNOTATION.latency, `${what} ${sent.latencyMs}`);
    }
    return sent;
  }

  async thirdParty(url: string): Promise<HttpOutcome> {
    // No traceparent: a third party is not Wink, and the trace is Wink's.
    const sent = await sendThirdParty({ url, timeoutMs: this.settings.apiTimeoutMs });
    this.calls.push(...sent.hops);
    return sent;
  }

  grpc(method: string, token?: Secret): Promise<GrpcAnswer> {
    return askGrpc(this.environment, this.target, {
      method,
      timeoutMs: this.settings.apiTimeoutMs,
      traceparent: this.trace.traceparent,
      ...(token ? { token } : {}),
    });
  }

  async token(): Promise<Secret> {
    const request = this.#runner.token();
    if (!request) this.skip(withoutCredentials(this.environment.name));
    const issued = await this.step('token', async () => {
      const answer = await request;
      if (!answer.ok) throw this.fail(answer.fault, answer.cause);
      return answer;
    });
    this.detail(`token endpoint: ${issued.endpointSource}`);
    return issued.token;
  }

  once<T>(key: string, produce: () => Promise<T>): Promise<T> {
    return this.#runner.once(key, produce);
  }

  // A property, not a method: the failure's stack starts where it was called, and this is left out.
  readonly fail = (fault: FaultClass, cause: string): CheckFailure => {
    // The first failure is the root cause; a later one (a screenshot after a hang) is its echo.
    if (this.#facts.fault === undefined) Object.assign(this.#facts, { fault, cause });
    // The trace id ends the message, so that whoever reads the failure can find Wink's side of it.
    const failure = new CheckFailure(
      this.target,
      fault,
      this.#tracesWink ? `${cause} (trace ${this.trace.traceId})` : cause,
    );
    // Point the report at the check that failed, not at this helper.
    Error.captureStackTrace(failure, this.fail);
    return failure;
  };

  answered(status: number): void {
    this.#facts.httpStatus = status;
  }

  judgeLatency(what: string, ms: number): void {
    this.#facts.latencyMs = ms;
    const verdict = latencyVerdict(boundsIn(this.kind.bounds, this.settings), what, ms);
    if (verdict.outcome === 'slow') throw this.fail('slow', verdict.cause);
    if (verdict.outcome === 'degraded') this.#facts.degraded = verdict.note;
  }

  judgeVitals(vitals: WebVitals): void {
    this.#facts.vitals = vitals;
    const poor = poorVitals(vitals, this.settings.vitalBounds);
    if (poor.length === 0) return;
    this.degrade(`poor web vitals: ${poor.join('; ')}`);
  }

  degrade(words: string): void {
    this.#facts.degraded = this.#facts.degraded === undefined ? words : `${this.#facts.degraded}; ${words}`;
  }

  recordDomain(domain: DomainRecord): void {
    this.#facts.domain = domain;
  }

  async rememberedDomain(name: string): Promise<DomainAnswer | undefined> {
    // The history is the monitor's own: a folder it cannot read costs a request to RDAP, never a verdict.
    const answers = await this.#runner
      .once('history: domain answers', () => this.#runner.domainAnswers())
      .catch((error: unknown) => {
        this.detail(
          `the history's domain answers not read (${error instanceof Error ? error.message : String(error)}): asking RDAP`,
        );
        return new Map<string, DomainAnswer>();
      });
    const answer = answers.get(name);
    return answer && isFresh(answer, Date.now()) ? answer : undefined;
  }

  note(type: string, description: string): void {
    this.#runner.note(type, description);
  }

  detail(words: string): void {
    this.#facts.detail = this.#facts.detail === undefined ? words : `${this.#facts.detail}; ${words}`;
    this.note(ANNOTATION.detail, words);
  }

  discovered(names: readonly string[]): void {
    if (names.length > 0) this.#facts.discovered = names;
  }

  // Async, and awaiting: the runner boxes the step at the frame of whoever called this one, the
  // kind's own line, so that a failure's report points there and not at the fixtures.
  async step<T>(name: string, body: () => T | Promise<T>): Promise<T> {
    return await this.#runner.step(name, body);
  }

  skip(reason: string): never {
    this.#facts.skipped = reason;
    return this.#runner.skip(reason);
  }

  attach(name: string, data: unknown): Promise<void> {
    return this.#runner.attach(name, data);
  }

  /**
   * What comes before the kind's body, whatever the kind: the host's wake (a host the warm-up
   * could not wake fails at once, with no second wait) and its certificate.
   */
  async prepare(warmup: WarmupRecord | undefined): Promise<void> {
    const { host } = this.target;
    this.note(ANNOTATION.url, this.target.url);
    if (host.retired) this.note(ANNOTATION.retired, host.retired);
    // A check of the catalog has no host of its own: nothing to wake, no certificate to read.
    if (ofCatalog(this.planned)) return;
    const wake = warmup?.hosts.find((candidate) => candidate.id === host.id);
    if (warmup && wake) {
      this.#facts.wake = wakeRecordOf(wake);
      this.note(ANNOTATION.wakeTime, wake.wakeMs === undefined ? wake.state : `${(wake.wakeMs / 1000).toFixed(1)} s`);
      // A host whose name did not resolve still gets its own request, which names the DNS error.
      const failure = wake.state === 'asleep' ? wakeFailure(warmup, wake) : undefined;
      if (failure) throw this.fail(failure.fault, failure.cause);
    }
    await this.step('certificate', async () => {
      const certificate = await this.#runner.certificate(this.target.url);
      this.#facts.certificate = certificate;
      const verdict = certificateVerdict(certificate, this.settings);
      if (verdict.description) this.note(ANNOTATION.certificate, verdict.description);
      if (verdict.outcome === 'fail') throw this.fail('tls', verdict.words);
      if (verdict.outcome === 'warn') this.note(ANNOTATION.certWarning, verdict.words);
    });
  }

  /**
   * What a failure does. Under SMOKE_RETIRED=report a retired host's failure, and any failure of a
   * host in a maintenance window or muted, is kept in the record and the test is skipped with it:
   * the report says plainly that the host did not answer, and why; nothing fails. A contract change
   * is reported the same way under SMOKE_CONTRACT=report. Anything else fails the test.
   */
  settle(error: unknown): never {
    if (this.#runner.skipping()) throw error;
    const facts = this.#facts;
    const reportedOnly = reportedOnlyBecause(this.target.host, this.silenced, this.settings.retired);
    // Wink changed what it serves and the catalog did not follow: said, never alarmed, unless checked.
    if (!reportedOnly && facts.fault === 'contract' && this.settings.contract === 'report') {
      facts.contract = true;
      this.#runner.skip(`contract change, reported only (SMOKE_CONTRACT=report): ${facts.cause}`);
    }
    if (!reportedOnly) throw error;
    const unexpected = unexpectedFailure(error instanceof Error ? error.message : String(error), this.target);
    facts.fault ??= unexpected.fault;
    facts.cause ??= unexpected.cause;
    facts.reportedOnly = true;
    return this.#runner.skip(`${reportedOnly}, reported only: ${facts.fault}: ${facts.cause}`);
  }

  /** The record of the finished check, from its facts and how the test ended; noted for people. */
  record(ended: TestEnd): CheckRecord {
    const record = buildRecord(
      { target: this.target, planned: this.planned, silenced: this.silenced },
      this.#facts,
      ended,
    );
    if (record.fault) this.note(ANNOTATION.fault, record.fault);
    if (record.outcome === 'degraded' && record.note) this.note(ANNOTATION.degraded, record.note);
    return record;
  }
}

/**
 * Carries out the check: what comes first, then its kind's body. Neither this nor its callers are
 * async functions, so a failure's stack holds the kind's frames and none of the runner's.
 */
export function carryOut(check: RunningCheck, warmup: WarmupRecord | undefined, page?: WatchedPage): Promise<void> {
  const { kind } = check;
  // Begun in a callback: even what `prepare` throws before its first await has no caller's frame.
  return Promise.resolve()
    .then(() => check.prepare(warmup))
    .then(() => {
      if (!kind.opensPage) return kind.run(check);
      if (!page) throw new Error(`${check.planned.title}: the kind '${kind.name}' opens a page, and none was given`);
      return kind.run(check, page);
    })
    .catch((error: unknown) => check.settle(error));
}
