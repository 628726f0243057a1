/**
 * What a running check (`check-run.ts`) is given from outside: what it is of (`CheckSetup`) and what
 * the test runner does for it (`Runner`). Apart from the check's machinery because this is the
 * contract its drivers implement, `fixtures/check.ts` adapting Playwright and the unit tests a fake:
 * they read what to provide here, without the rules a check applies.
 */
import type { Settings } from '../config/settings.ts';
import type { Silence } from '../config/maintenance.ts';
import type { CertificateFacts } from '../net/tls.ts';
import type { ResolvedEnvironment } from '../targets/targets.ts';
import type { AnyKind, PlannedBase } from './kind.ts';
import type { DomainAnswer } from './rdap.ts';
import type { IssuedToken } from './token.ts';

/** What the test runner does for a check. */
export interface Runner {
  /** A line for people in the report. */
  note(type: string, description: string): void;
  /** A boxed step of the report. */
  step<T>(name: string, body: () => T | Promise<T>): Promise<T>;
  /** Skips the test, saying why: throws, as the runner's skip does. */
  skip(reason: string): never;
  /** Whether the test is being skipped already: a skip travels as a thrown error too. */
  skipping(): boolean;
  attach(name: string, data: unknown): Promise<void>;
  /** The worker's memo: what one check learnt that the next may reuse. */
  once<T>(key: string, produce: () => Promise<T>): Promise<T>;
  /** The worker's token for the environment's client; undefined when the run has no credentials. */
  token(): Promise<IssuedToken> | undefined;
  /** The host's certificate, read once per host and run. */
  certificate(url: string): Promise<CertificateFacts>;
  /** The newest RDAP answer per domain the run's history folders keep (read once per worker). */
  domainAnswers(): Promise<ReadonlyMap<string, DomainAnswer>>;
}

/** What a check is of: the kind, the planned check, where it runs, and the silence that covers it. */
export interface CheckSetup<Planned extends PlannedBase> {
  readonly kind: AnyKind;
  readonly planned: Planned;
  readonly environment: ResolvedEnvironment;
  readonly settings: Settings;
  /** Judged once, as the check starts: a window that ends mid-check still covers the whole check. */
  readonly silenced: Silence | undefined;
}
