/**
 * Every variable the suite reads, declared once: the README, `.env.example` and the checks for a
 * misspelt name all read these lists. Reading and validating the values is `settings.ts`'s job.
 */
import {
  ENVIRONMENTS,
  HOSTS,
  REAL_ENVIRONMENTS,
  urlOverrideVariable,
  type EnvironmentName,
} from '../catalog/catalog.ts';
import { CHANNEL_VARIABLES } from './channels.ts';

/** A bad setting: its message is one line naming the variable, the value (unless a secret) and what is expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Plain settings (besides URL overrides), with their defaults and the reason for each. */
export const VARIABLES = {
  SMOKE_WARMUP_TIMEOUT_S: {
    default: 180,
    meaning: 'how long the warm-up waits for a sleeping environment (three times the documented minute)',
  },
  SMOKE_API_TIMEOUT_S: {
    default: 15,
    meaning: 'bound on one API request; an awake API answers in well under a second',
  },
  SMOKE_APP_TIMEOUT_S: {
    default: 30,
    meaning: 'bound on opening an app page until it loads and renders',
  },
  SMOKE_API_DEGRADED_MS: {
    default: 2000,
    meaning:
      'an API call slower than this passes as degraded: a cold TLS connection across an ocean costs about 1 s, twice that is a slow service',
  },
  SMOKE_API_FAIL_MS: {
    default: 8000,
    meaning: 'an API call slower than this fails as slow: far past any usable answer, still below the API timeout',
  },
  SMOKE_APP_DEGRADED_MS: {
    default: 4000,
    meaning: "an app whose load event comes later than this passes as degraded: web.dev's bound for a poor page load",
  },
  SMOKE_APP_FAIL_MS: {
    default: 15_000,
    meaning: 'an app that loads slower than this fails as slow: half the app timeout, users have left long before',
  },
  SMOKE_LCP_POOR_MS: {
    default: 4000,
    meaning:
      "an app whose largest contentful paint comes later than this passes as degraded: web.dev's bound for a poor LCP",
  },
  SMOKE_CLS_POOR: {
    default: 0.25,
    meaning:
      "an app whose cumulative layout shift (a decimal) is over this passes as degraded: web.dev's bound for a poor CLS",
  },
  SMOKE_FCP_POOR_MS: {
    default: 3000,
    meaning:
      "an app whose first contentful paint comes later than this passes as degraded: web.dev's bound for a poor FCP",
  },
  SMOKE_TTFB_POOR_MS: {
    default: 1800,
    meaning:
      "an app whose document's first byte comes later than this passes as degraded: web.dev's bound for a poor TTFB",
  },
  SMOKE_CERT_WARN_DAYS: {
    default: 21,
    meaning:
      'a certificate of the https chain (leaf, intermediate or root) expiring within this many days passes with a warning: three weeks to renew it',
  },
  SMOKE_CERT_FAIL_DAYS: {
    default: 7,
    meaning: 'a certificate of the https chain expiring within this many days fails as tls: one week is an emergency',
  },
  SMOKE_DOMAIN_WARN_DAYS: {
    default: 30,
    meaning:
      'a registered domain expiring within this many days passes degraded with a domain-warning: registrars renew automatically a month or more ahead, so a domain this close has missed its renewal',
  },
  SMOKE_DOMAIN_FAIL_DAYS: {
    default: 7,
    meaning:
      'a registered domain expiring within this many days fails as domain, naming every host on it: a week is what a renewal by hand through the registrar needs',
  },
  SMOKE_WORKERS: {
    default: 4,
    meaning: 'parallel workers; the checks wait on the network, not the CPU',
  },
  SMOKE_EMULATOR_PORT: {
    // Below Linux's ephemeral ports (32768 and up), which outgoing connections take as their own: an
    // emulator port among them can be found taken by a connection of another program.
    default: 27_800,
    meaning:
      'first loopback port of the emulator; host n of the catalog listens on this port + n, and its RDAP server on the port after the last host',
  },
  SMOKE_EMULATOR_WAKE_S: {
    default: 3,
    meaning: 'how long the emulator sleeps after its first connection (staging takes about 60)',
  },
  SMOKE_ALERT_AFTER: {
    default: 1,
    meaning:
      'a host is down, on the status page and in the alerts alike, after this many failing runs in a row: production runs every 30 minutes, so 1 alerts within the half hour',
  },
  SMOKE_RECOVER_AFTER: {
    default: 1,
    meaning: 'a down host recovers, and the recovery is announced, after this many passing runs in a row',
  },
  SMOKE_REMIND_H: {
    default: 12,
    meaning: 'a host still down is announced again every this many hours (0: never): twice a day keeps it in view',
  },
  SMOKE_HEARTBEAT_H: {
    default: 2,
    meaning:
      'the heartbeat alerts when production has had no finished run for this many hours: four scheduled runs missed',
  },
} as const;

/**
 * Where the control probe goes unless SMOKE_CONTROL_URL says otherwise: GitHub's hosted runners
 * fetched their job and the repository from github.com, so a runner that cannot reach it is cut off.
 */
export const DEFAULT_CONTROL_URL = 'https://github.com';

/** SMOKE_CONTROL_URL's word for no control probe at all. */
export const NO_CONTROL = 'none';

/** Settings given as text, without a default. */
export const TEXT_VARIABLES = {
  CHROMIUM_PATH: "a Chromium binary to use instead of Playwright's own or the system's",
  SMOKE_EMULATOR_SCENARIO: 'the emulator scenario: a JSON file path, or the JSON itself',
  SMOKE_EMULATOR_RECORD: 'a file to which the emulator appends one JSON line per request and per gRPC call received',
  SMOKE_CATALOG: 'a JSON file of hosts that replaces the built-in catalog (a synthetic one for benchmarks, say)',
  SMOKE_HOSTS: 'comma-separated host ids (studio,iam): only their checks run and only they are warmed up; default all',
  SMOKE_HISTORY_DIR:
    'where every run appends its check records, one JSON line per check, a file per environment and month (default history/)',
  SMOKE_HISTORY_BASE:
    "an earlier history, read and never written, besides SMOKE_HISTORY_DIR: this run's OpenAPI documents are compared against it, and a domain's RDAP answer younger than 24 h is taken from it; on GitHub Actions the smoke and report jobs' checkout of the history branch (default none); must exist when set",
  SMOKE_RDAP_URL:
    "one RDAP server for every registered domain, asked for `<base>/domain/<name>` (default: the server IANA's bootstrap file names for the domain's TLD, the file read live within SMOKE_API_TIMEOUT_S, else the copy shipped in src/checks/data/rdap-dns.json; for a TLD it does not list, a shipped override, src/checks/data/rdap-overrides.json); local always asks the emulator's",
  SMOKE_STATUS_PAGE_URL:
    "where the status page is published, for its Atom feeds' links (default on GitHub Actions https://<owner>.github.io/<repository>/, GitHub Pages' address; elsewhere the folder it is built into)",
  SMOKE_RETIRED:
    'hosts the current environments page no longer lists: report (default: checked, their failures reported but never failing the run), check (they fail the run like any host), skip (not checked)',
  SMOKE_CONTRACT:
    'a host that is up but no longer serves a documented surface (a document or ping path 404, a gRPC method UNIMPLEMENTED, a springdoc group no longer listed): report (default: shown as contract, fails nothing, alerts nobody) or check (fails the run like any check)',
  SMOKE_MAINTENANCE_FILE:
    'the maintenance windows and mutes: a JSON file (default maintenance.json; a missing default file means none)',
  SMOKE_TRACE_URL:
    "a trace viewer's address with `{traceId}` in it (https://console.cloud.google.com/traces/list?tid={traceId}): the summary links each failure to the trace its check sent (default none)",
  SMOKE_CONTROL_URL: `one or more URLs outside Wink, comma-separated, fetched by the runner before any check of a staging or production run: when every control goes unanswered, the runner is cut off, every check is skipped unsent and the run is the monitor's failure, not Wink's (default ${DEFAULT_CONTROL_URL}, which GitHub's hosted runners always reach, having fetched their job from it; ${NO_CONTROL}: no control)`,
} as const;

/**
 * Settings that are secrets: held as `Secret`, never printed, logged or written; an error about one
 * names the variable, never the value. A webhook URL is a secret: whoever has it can post.
 */
export const SECRET_VARIABLES = {
  ...CHANNEL_VARIABLES,
  SMOKE_PUSHGATEWAY_URL:
    'a Prometheus Pushgateway: every run pushes its metrics there, grouped by environment (a secret, as it may carry credentials)',
} as const;
export type SecretVariable = keyof typeof SECRET_VARIABLES;

/** A set of variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** `<ENV>_<ID>_URL`: a host URL override of a real environment, with the environment and the id's key. */
export const URL_OVERRIDE = /^(STAGING|PRODUCTION)_([A-Z0-9_]+)_URL$/;

/** The variables holding an environment's client credentials, e.g. STAGING_CLIENT_ID. */
export function credentialVariables(environment: EnvironmentName): [string, string] {
  const prefix = environment.toUpperCase();
  return [`${prefix}_CLIENT_ID`, `${prefix}_CLIENT_SECRET`];
}

/**
 * Why a check that needs a client is skipped in an environment without one: the variables to set.
 * The check says it when skipped; the summary, for one that never started because nothing woke.
 */
export function withoutCredentials(environment: EnvironmentName): string {
  const [idName, secretName] = credentialVariables(environment);
  return `set ${idName} and ${secretName} to check that IAM issues a token and the API accepts it`;
}

/** Every URL override variable the suite understands, for docs and `.env.example`. */
export function overrideVariables(): string[] {
  return REAL_ENVIRONMENTS.flatMap((environment) => HOSTS.map((host) => urlOverrideVariable(environment, host.id)));
}

/**
 * Every variable that configures the suite, and that the project's `.env` may set, but CHROMIUM_PATH
 * (it says where the machine's browser is, not how the suite behaves). A child run given each one
 * empty runs on the documented defaults whatever `.env` says: dotenv never replaces a variable that
 * exists, and the settings read an empty one as unset.
 */
export function configuringVariables(): string[] {
  return [
    ...Object.keys(VARIABLES),
    ...Object.keys(TEXT_VARIABLES).filter((name) => name !== 'CHROMIUM_PATH'),
    ...Object.keys(SECRET_VARIABLES),
    ...overrideVariables(),
    ...ENVIRONMENTS.flatMap(credentialVariables),
  ];
}
