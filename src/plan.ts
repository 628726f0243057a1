/**
 * The check plan: which checks each host gets, with their titles and tags, derived from the catalog.
 * The spec generates one test per planned check; the self-tests and the benchmark count and find
 * checks here; the summary looks a check up by its test's title. One rule, one place.
 */
import type { HostEntry, PublicDocument } from './catalog.ts';

/** What a check does; each kind is carried out by one fixture method. */
export const CHECK_KINDS = {
  'app-renders': 'the app opens in a browser, stays in the environment and shows something',
  'api-answers': 'the API answers its root below 500, in time',
  document: 'a public document answers 200 with JSON of the documented shape',
  'authenticated-ping': 'IAM issues a token for the client credentials and the API accepts it',
} as const;
export type CheckKind = keyof typeof CHECK_KINDS;

export interface PlannedCheck {
  readonly host: HostEntry;
  readonly kind: CheckKind;
  /** The check's name without the host id: `app renders`, `serves /v3/api-docs/affiliate`. */
  readonly name: string;
  /** `<id> <name>`: the test's title, unique within an environment. */
  readonly title: string;
  /** `@app` or `@api`, and `@<id>`: what `--grep` selects by. */
  readonly tags: readonly string[];
  /** The document a `document` check reads. */
  readonly document?: PublicDocument;
  /** Runs only with the environment's client credentials; skipped, naming them, without. */
  readonly needsCredentials: boolean;
}

function planned(host: HostEntry, kind: CheckKind, name: string, extra: Partial<PlannedCheck> = {}): PlannedCheck {
  return {
    host,
    kind,
    name,
    title: `${host.id} ${name}`,
    tags: [`@${host.kind}`, `@${host.id}`],
    needsCredentials: false,
    ...extra,
  };
}

/** The checks of one host, in the order they run. */
export function checksOfHost(host: HostEntry): PlannedCheck[] {
  if (host.kind === 'app') return [planned(host, 'app-renders', 'app renders')];
  return [
    planned(host, 'api-answers', 'api answers'),
    ...(host.documents ?? []).map((document) => planned(host, 'document', `serves ${document.path}`, { document })),
    ...(host.authenticatedPing
      ? [planned(host, 'authenticated-ping', 'authenticated ping', { needsCredentials: true })]
      : []),
  ];
}

/**
 * Every check of the hosts. App checks come first: they are the slow ones (a browser page each), so
 * starting them first lets the quick API checks fill the workers' gaps at the end.
 */
export function checkPlan(hosts: readonly HostEntry[]): PlannedCheck[] {
  const all = hosts.flatMap(checksOfHost);
  return [...all.filter((check) => check.host.kind === 'app'), ...all.filter((check) => check.host.kind !== 'app')];
}

/** The planned check with this test title, for reporters that hold a finished test. */
export function plannedByTitle(hosts: readonly HostEntry[]): ReadonlyMap<string, PlannedCheck> {
  return new Map(checkPlan(hosts).map((check) => [check.title, check]));
}
