/**
 * What a check kind is, and what its body is given. A kind is one module of `src/kinds/`: how it is
 * planned from a host entry, its latency bounds, its contract rule and its body, written against
 * `Check`, a small context (one HTTP client, gRPC, the token, the target, the record) and, for a
 * kind that opens a browser, a watched page. `src/kinds/registry.ts` lists the kinds; the plan, the
 * fixtures, the bench and the docs' table of checks read that list and nothing else.
 */
import type { Page } from '@playwright/test';
import type { HostEntry } from '../catalog/hosts.ts';
import type { Settings } from '../config/settings.ts';
import type { HttpAsk, HttpOutcome } from '../net/http.ts';
import type { GrpcAnswer } from '../net/grpc.ts';
import type { Secret } from '../shared/secret.ts';
import type { FaultClass } from '../shared/faults.ts';
import type { ResolvedEnvironment, Target } from '../targets/targets.ts';
import type { CheckFailure } from './failure.ts';
import type { PageHealth } from './record.ts';
import type { Trace } from '../shared/trace.ts';
import type { WebVitals } from './vitals.ts';
import type { DomainAnswer, DomainRecord } from './rdap.ts';

/** What every planned check has, whatever its kind. */
export interface PlannedBase<Kind extends string = string, Host extends HostEntry = HostEntry> {
  readonly kind: Kind;
  readonly host: Host;
  /** The check's name without its subject (the host id): `app renders`, `serves /v3/api-docs/reference`. */
  readonly name: string;
  /** `<id> <name>`: the test's title, unique within an environment. */
  readonly title: string;
  /**
   * What the check's record, summary row and history line are of: its host's id, or, for a check of
   * the catalog rather than of one host (a kind's `planCatalog`), what it checks (a registered domain).
   */
  readonly subject: string;
  /** `@app`, `@api`, `@grpc` or `@cdn` (`@app` for any check that opens a browser), and `@<id>`: what `--grep` selects by. */
  readonly tags: readonly string[];
  /** Runs only with the environment's client credentials; skipped, naming them, without. */
  readonly needsCredentials: boolean;
}

/**
 * Whether a planned check is of the catalog as a whole (a registered domain's, from a kind's
 * `planCatalog`) rather than of its host: it has no host of its own to wake or read a certificate of.
 */
export function ofCatalog(planned: Pick<PlannedBase, 'subject' | 'host'>): boolean {
  return planned.subject !== planned.host.id;
}

/** A planned check of `kind` for `host`, titled and tagged after it: `@app` when it opens a page. */
export function planned<Kind extends string, Host extends HostEntry>(
  host: Host,
  kind: Kind,
  name: string,
  options: { readonly needsCredentials?: boolean; readonly opensPage?: boolean } = {},
): PlannedBase<Kind, Host> {
  return {
    host,
    kind,
    name,
    title: `${host.id} ${name}`,
    subject: host.id,
    // A browser check is tagged as one whatever its host: `--grep @api` must not start a browser.
    tags: [options.opensPage ? '@app' : `@${host.kind}`, `@${host.id}`],
    needsCredentials: options.needsCredentials ?? false,
  };
}

/** The variables of the latency bounds, each declared with its default in `src/config/variables.ts`. */
const BOUND_SETTINGS = {
  SMOKE_API_DEGRADED_MS: 'apiDegradedMs',
  SMOKE_API_FAIL_MS: 'apiFailMs',
  SMOKE_APP_DEGRADED_MS: 'appDegradedMs',
  SMOKE_APP_FAIL_MS: 'appFailMs',
} as const satisfies Record<string, keyof Settings>;
export type BoundVariable = keyof typeof BOUND_SETTINGS;

/** A kind's latency bounds: over `degraded` it passes as degraded, over `fail` it fails as `slow`. */
export interface DeclaredBounds {
  readonly degraded: BoundVariable;
  readonly fail: BoundVariable;
}

/** One request's bounds: a request answers within a second or two, anywhere. */
export const REQUEST_BOUNDS: DeclaredBounds = { degraded: 'SMOKE_API_DEGRADED_MS', fail: 'SMOKE_API_FAIL_MS' };
/** A page load's bounds: a browser loads a whole app, scripts and styles, before its load event. */
export const PAGE_LOAD_BOUNDS: DeclaredBounds = { degraded: 'SMOKE_APP_DEGRADED_MS', fail: 'SMOKE_APP_FAIL_MS' };

/** A bound on a duration, with the variable that sets it. */
export interface LatencyBound {
  readonly ms: number;
  readonly setting: string;
}

/** The values of declared bounds in these settings. */
export function boundsIn(
  declared: DeclaredBounds,
  settings: Pick<Settings, (typeof BOUND_SETTINGS)[BoundVariable]>,
): { readonly degraded: LatencyBound; readonly fail: LatencyBound } {
  return {
    degraded: { ms: settings[BOUND_SETTINGS[declared.degraded]], setting: declared.degraded },
    fail: { ms: settings[BOUND_SETTINGS[declared.fail]], setting: declared.fail },
  };
}

/**
 * When a kind's failure is a contract change (fault `contract`: Wink changed what it serves and the
 * catalog did not follow) rather than an outage. One rule per kind, declared in its module.
 */
export interface ContractRule {
  /** The answers that say a documented surface is gone: HTTP statuses, or gRPC status names. */
  readonly answers: readonly (number | string)[];
  /** Other findings that are contract changes, in words, for the docs' table. */
  readonly also?: string;
}

/** A kind for which nothing is a contract change: whatever goes wrong is an outage. */
export const NO_CONTRACT: ContractRule = { answers: [] };

/** Whether an answer (an HTTP status, a gRPC status name) says the surface is gone, by the kind's rule. */
export function isGone(rule: ContractRule, answer: number | string): boolean {
  return rule.answers.includes(answer);
}

/** A request of the check to its own host: a path, sent through the one HTTP door within the API bound. */
export type CheckAsk = Omit<HttpAsk, 'url' | 'timeoutMs' | 'tokenRequest'> & { readonly path: string };

/** What a kind's body is given: its target, its doors and its record. */
export interface Check<Planned extends PlannedBase = PlannedBase> {
  readonly planned: Planned;
  readonly target: Target;
  readonly environment: ResolvedEnvironment;
  readonly settings: Settings;
  /** The check's own trace: sent as `traceparent` on its requests and its page's to the environment. */
  readonly trace: Trace;
  /** Sends a request to the target through the HTTP door; each hop goes to the check's `requests.json`. */
  http(ask: CheckAsk): Promise<HttpOutcome>;
  /** A GET to a third party (an RDAP server) through the HTTP door, within the API bound; each hop goes to `requests.json`. */
  thirdParty(url: string): Promise<HttpOutcome>;
  /** Calls a gRPC method of the target through the gRPC door, within the API bound. */
  grpc(method: string, token?: Secret): Promise<GrpcAnswer>;
  /**
   * A token from IAM for the environment's client credentials, in a step of its own, or the check
   * skipped naming the variables. Records where the token endpoint came from.
   */
  token(): Promise<Secret>;
  /** What this worker already learnt under `key` (a host's group list), else `produce`'s, kept for the next check. */
  once<T>(key: string, produce: () => Promise<T>): Promise<T>;
  /** Records the fault class and cause, and returns the failure to throw. */
  fail(fault: FaultClass, cause: string): CheckFailure;
  /** Records the HTTP status of the check's main answer. */
  answered(status: number): void;
  /** Records the duration and judges it by the kind's bounds: over fail is `slow`, over degraded passes degraded. */
  judgeLatency(what: string, ms: number): void;
  /** Records the page's web vitals, and passes the check as degraded, naming each one past its poor bound. */
  judgeVitals(vitals: WebVitals): void;
  /** Passes the check as degraded, saying why (joined with `; ` to any other reason). */
  degrade(words: string): void;
  /** Records the registered domain's answer the check judged. */
  recordDomain(domain: DomainRecord): void;
  /**
   * The domain's last RDAP answer the history keeps (the run's SMOKE_HISTORY_DIR, and
   * SMOKE_HISTORY_BASE), when younger than a day; undefined when there is none that young.
   */
  rememberedDomain(name: string): Promise<DomainAnswer | undefined>;
  /** Adds a line for people to the report's annotations; nothing reads it back. */
  note(type: string, description: string): void;
  /** Records what the check found beyond its outcome, and notes it; each phase adds its own, joined with `; `. */
  detail(words: string): void;
  /** Records what the host publishes that the catalog lacks (springdoc groups), for the summary. */
  discovered(names: readonly string[]): void;
  /** A phase of the check, a boxed step of the report: where the time went, and what failed. */
  step<T>(name: string, body: () => T | Promise<T>): Promise<T>;
  /** Skips the check, the reason kept in its record and shown in the report. */
  skip(reason: string): never;
  /** Attaches data to the check's test, as JSON. */
  attach(name: string, data: unknown): Promise<void>;
}

/** The page a browser kind is given: Chromium's page, watched as it loads (`page.ts`). */
export interface WatchedPage {
  /** Playwright's page, for what a kind looks for on it. */
  readonly page: Page;
  /**
   * Opens `url` as a visitor would: the navigation (a step), its status, where it landed; returns
   * the load time. A landing on another host of the environment must be IAM's login page.
   */
  readonly open: (url: string) => Promise<{ readonly loadMs: number; readonly landed: URL }>;
  /** The web vitals the page measured so far (LCP and CLS grow until the page is left). */
  readonly vitals: () => Promise<WebVitals>;
  /** Fails with the first problem the watch saw: an uncaught error, a failed bundle, another environment. */
  readonly failOnProblem: () => void;
  /** What the watch saw, for the report (the certificate is the check's to add). */
  health(): Omit<PageHealth, 'certificate'>;
}

/** What every kind declares. */
interface KindBase<Name extends string, Planned extends PlannedBase<Name>> {
  readonly name: Name;
  /** What the kind checks, in one line of the docs' table of checks. */
  readonly passes: string;
  /** The checks of this kind `host` gets, in the order they run: none for a host it does not apply to. */
  plan(host: HostEntry): readonly Planned[];
  /**
   * The checks of this kind the catalog gets as a whole, once each, not once per host (a registered
   * domain's): from the hosts the run keeps (SMOKE_RETIRED), with the hosts SMOKE_HOSTS selects
   * (undefined: all). Such a check has no host of its own to wake or read a certificate of; its
   * `host` is the one whose retirement and silences it shares.
   */
  planCatalog?(hosts: readonly HostEntry[], selected: ReadonlySet<string> | undefined): readonly Planned[];
  readonly bounds: DeclaredBounds;
  readonly contract: ContractRule;
}

/** A kind that asks over the network and opens no browser. */
export interface CallKind<Name extends string, Planned extends PlannedBase<Name>> extends KindBase<Name, Planned> {
  readonly opensPage: false;
  run(check: Check<Planned>): Promise<void>;
}

/** A kind that opens its target in a browser page, watched for errors and for other environments. */
export interface PageKind<Name extends string, Planned extends PlannedBase<Name>> extends KindBase<Name, Planned> {
  readonly opensPage: true;
  run(check: Check<Planned>, page: WatchedPage): Promise<void>;
}

// `any` for the planned check: each kind's body takes its own, and a list of kinds holds them all.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKind = CallKind<string, any> | PageKind<string, any>;

/** The planned check a kind makes. */
export type PlannedOfKind<K> =
  K extends CallKind<string, infer Planned> ? Planned : K extends PageKind<string, infer Planned> ? Planned : never;
