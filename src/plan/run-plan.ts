/**
 * What a run of `playwright test` is, decided from its command line and environment before any
 * worker starts: which environments it has projects for, the projects themselves as data, which
 * sleeping environments it wakes, and what refuses it. `playwright.config.ts` declares the projects
 * from this plan and does what it says (print, hand over, stop); everything here is a pure function,
 * unit-tested on command lines.
 *
 * Playwright's runner (the user's command line) evaluates the config, and so does each worker with
 * Playwright's own command line: the runner decides, and hands its decision to its workers through
 * the environment (`handOver`), so that both see the same projects.
 */
import { ENVIRONMENTS, ENVIRONMENT_TRAITS, type EnvironmentName } from '../catalog/catalog.ts';
import type { Settings } from '../config/settings.ts';
import { credentialVariables, type Env } from '../config/variables.ts';
import { PROBES_VARIABLE } from '../checks/control.ts';
import { WAKES_VARIABLE } from '../checks/warmup-handover.ts';
import { meant } from '../shared/typos.ts';
import { isLoopbackOnly, resolveEnvironment } from '../targets/targets.ts';

/** How the config was loaded: by the runner, by one of its workers, or by `merge-reports` (reporters only). */
export type Role = 'runner' | 'worker' | 'merge';

/** What a project runs: the emulator's start or stop, a warm-up, or the checks. */
export type ProjectRole = 'emulator-start' | 'emulator-stop' | 'warmup' | 'checks';

export interface ProjectPlan {
  readonly name: string;
  readonly environment: EnvironmentName;
  readonly role: ProjectRole;
  readonly dependencies: readonly string[];
  readonly teardown?: string;
  /** The project's first worker attaches the environment's control record, which the runner probed. */
  readonly probesControl: boolean;
  /** Every host is on this machine: the browser resolves no other name. */
  readonly loopbackOnly: boolean;
  readonly retries: number;
  /** Traces of failures are kept; off where hundreds of identical polls would cost CPU for nothing. */
  readonly traces: boolean;
}

export interface RunPlan {
  readonly role: Role;
  /** The environments the run has projects for. */
  readonly environments: readonly EnvironmentName[];
  readonly projects: readonly ProjectPlan[];
  /** The sleeping real environments whose hosts the runner contacts first (`tests/first-contact.ts`). */
  readonly wakes: readonly EnvironmentName[];
  /** The real environments whose control the runner probes before any worker starts (`tests/first-contact.ts`). */
  readonly probes: readonly EnvironmentName[];
  /** Why the run must not start, in one line; undefined when it may. */
  readonly refused: string | undefined;
  /** A line to say before the run, for people. */
  readonly notice: string | undefined;
  /** The local checks may run: the emulator's ports must be free, and a client may need making up. */
  readonly runsLocalChecks: boolean;
  /** Some test runs (not `--list`, not a merge): the emulator's ports are checked before it starts. */
  readonly runsTests: boolean;
  /** What the runner hands its workers (and the emulator a worker starts) through the environment. */
  readonly handOver: Readonly<Record<string, string>>;
  /** `wink-smoke staging · 2026-11-22 08:00 UTC`: the report's title. */
  readonly title: string;
}

/** Through this variable the runner names its workers the environments of the run. */
export const ENVIRONMENTS_VARIABLE = 'WINK_SMOKE_ENVIRONMENTS';

/**
 * Each worker holds a Playwright client and server and makes much short-lived garbage while it waits
 * on the network. V8 sizes its young generation for throughput, which keeps a worker near 260 MB;
 * semi-spaces of 2 MB keep it near 150 MB for about the same CPU (README, Speed). Workers are forked
 * with the runner's environment, so the runner hands the flag on; the runner itself has started.
 */
export const WORKER_NODE_OPTION = '--max-semi-space-size=2';

/**
 * The projects the command line names with `--project` or `-p`. Like Playwright's own option, one
 * `--project` takes every word after it up to the next option: `--project staging production`.
 */
export function namedProjects(argv: readonly string[]): string[] {
  return argv.flatMap((arg, index) => {
    if (arg.startsWith('--project=')) return [arg.slice('--project='.length)];
    if (arg !== '--project' && arg !== '-p') return [];
    const rest = argv.slice(index + 1);
    const end = rest.findIndex((word) => word.startsWith('-'));
    const words = end === -1 ? rest : rest.slice(0, end);
    return words.length > 0 ? words : [''];
  });
}

/** Whether a `--project` pattern names a project, as Playwright matches them: any case, `*` for any text. */
export function patternNames(pattern: string, project: string): boolean {
  const parts = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(project.toLowerCase());
}

function roleOf(argv: readonly string[], env: Env): Role {
  if (env.TEST_WORKER_INDEX !== undefined) return 'worker';
  return argv.includes('merge-reports') ? 'merge' : 'runner';
}

/**
 * The environments this run has projects for. A run that names no project (habit, an editor's test
 * explorer) gets only `local`: it must never wake staging or call production unasked. A worker
 * takes the runner's decision, since its command line is Playwright's, not the user's.
 */
function environmentsOf(role: Role, named: readonly string[], env: Env): readonly EnvironmentName[] {
  if (role === 'worker') {
    const decided = (env[ENVIRONMENTS_VARIABLE] ?? '').split(',');
    return ENVIRONMENTS.filter((name) => decided.includes(name));
  }
  return named.length > 0 || role === 'merge' ? ENVIRONMENTS : ['local'];
}

/** The projects of one environment: its checks, after its warm-up and the emulator's start where it has them. */
function projectsOf(name: EnvironmentName, current: Settings, onCI: boolean): ProjectPlan[] {
  const traits = ENVIRONMENT_TRAITS[name];
  const loopbackOnly = isLoopbackOnly(resolveEnvironment(name, current));
  const base = { environment: name, loopbackOnly, probesControl: false, retries: 0, traces: true, dependencies: [] };
  // A real environment's run asks somewhere outside Wink whether the runner reaches the network at
  // all, from the runner (tests/first-contact.ts); the first worker it starts attaches the answer: the
  // warm-up's, or with no warm-up the checks' (see fixtures/control.ts). The emulator is on this
  // machine, where there is no network to be cut off from.
  const probesControl = !traits.emulated && current.controlUrls.length > 0;
  const projects: ProjectPlan[] = [];
  if (traits.emulated) {
    projects.push(
      { ...base, name: `${name}-emulator`, role: 'emulator-start', teardown: `${name}-emulator-stop` },
      { ...base, name: `${name}-emulator-stop`, role: 'emulator-stop' },
    );
  }
  if (traits.sleepsWhenIdle) {
    projects.push({
      ...base,
      name: `${name}-warmup`,
      role: 'warmup',
      dependencies: traits.emulated ? [`${name}-emulator`] : [],
      probesControl,
      // A minute of polling is hundreds of identical probes: recording them costs CPU while the
      // environment wakes, and a failed warm-up already names every host's last error.
      traces: false,
    });
  }
  const before = traits.sleepsWhenIdle ? [`${name}-warmup`] : traits.emulated ? [`${name}-emulator`] : [];
  projects.push({
    ...base,
    name,
    role: 'checks',
    dependencies: before,
    probesControl: probesControl && !traits.sleepsWhenIdle,
    // Real networks blip: one retry on CI, reported as flaky. Loopback (the emulator, or overrides
    // pointing at it) never blips, so a failure there is a bug to see, not to retry.
    retries: onCI && !loopbackOnly ? 1 : 0,
  });
  return projects;
}

/**
 * A `--project` that names none of the run's projects, in words: the environments are what people
 * name (the setup projects are the suite's own), with the one meant. Playwright matches names
 * without regard to case, and takes `*` as a wildcard: such a pattern is left to it.
 */
function unknownProjectLine(named: readonly string[], projects: readonly ProjectPlan[]): string | undefined {
  const names = projects.map((project) => project.name.toLowerCase());
  const unknown = named.find((name) => !name.includes('*') && !names.includes(name.toLowerCase()));
  if (unknown === undefined) return undefined;
  const suggestion = meant(unknown.toLowerCase(), ENVIRONMENTS);
  const expected = new Intl.ListFormat('en', { type: 'disjunction' }).format(ENVIRONMENTS);
  return `--project=${unknown} names no project: expected ${expected}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}

/**
 * The real environments this run warms up: sleeping ones whose checks or warm-up it names, unless
 * `--no-deps` leaves the warm-up out (a warm-up named with it still runs, timed from its own start).
 * The emulator is not started yet when the runner first contacts hosts, and wakes as fast anyway.
 */
function wakesOf(environments: readonly EnvironmentName[], named: readonly string[], argv: readonly string[]) {
  return environments.filter(
    (name) =>
      ENVIRONMENT_TRAITS[name].sleepsWhenIdle &&
      !ENVIRONMENT_TRAITS[name].emulated &&
      !argv.includes('--no-deps') &&
      named.some((pattern) => patternNames(pattern, name) || patternNames(pattern, `${name}-warmup`)),
  );
}

/**
 * The real environments whose control the runner probes: those whose checks or warm-up the run
 * names, when a control URL is set.
 */
function probesOf(environments: readonly EnvironmentName[], named: readonly string[], current: Settings) {
  if (current.controlUrls.length === 0) return [];
  return environments.filter(
    (name) =>
      !ENVIRONMENT_TRAITS[name].emulated &&
      named.some((pattern) => patternNames(pattern, name) || patternNames(pattern, `${name}-warmup`)),
  );
}

/** The run, from its command line, its environment and its settings, at `now`. */
export function planRun(
  invocation: { readonly argv: readonly string[]; readonly env: Env },
  current: Settings,
  now: Date = new Date(),
): RunPlan {
  const { argv, env } = invocation;
  const role = roleOf(argv, env);
  const named = namedProjects(argv);
  const environments = environmentsOf(role, named, env);
  const projects = environments.flatMap((name) => projectsOf(name, current, Boolean(env.CI)));
  const wakes = role === 'runner' ? wakesOf(environments, named, argv) : [];
  const probes = role === 'runner' ? probesOf(environments, named, current) : [];
  const runsLocalChecks =
    role !== 'merge' && (named.length === 0 || named.some((name) => name === 'local' || name.startsWith('local-')));
  const time = now.toISOString().slice(0, 16).replace('T', ' ');
  return {
    role,
    environments,
    projects,
    wakes,
    probes,
    refused: role === 'runner' ? unknownProjectLine(named, projects) : undefined,
    notice:
      role === 'runner' && named.length === 0
        ? 'no --project given, so only local (the emulator); name staging or production to check them'
        : undefined,
    runsLocalChecks,
    runsTests: role === 'runner' && !argv.includes('--list'),
    handOver: role === 'worker' ? {} : handOverOf(role, environments, wakes, probes, env),
    title: `wink-smoke ${named.length > 0 ? named.join(', ') : 'local'} · ${time} UTC`,
  };
}

function handOverOf(
  role: Role,
  environments: readonly EnvironmentName[],
  wakes: readonly EnvironmentName[],
  probes: readonly EnvironmentName[],
  env: Env,
): Record<string, string> {
  const nodeOptions = env.NODE_OPTIONS ?? '';
  return {
    [ENVIRONMENTS_VARIABLE]: environments.join(','),
    ...(role === 'runner' ? { [WAKES_VARIABLE]: wakes.join(','), [PROBES_VARIABLE]: probes.join(',') } : {}),
    ...(nodeOptions.includes(WORKER_NODE_OPTION)
      ? {}
      : { NODE_OPTIONS: [nodeOptions, WORKER_NODE_OPTION].filter(Boolean).join(' ') }),
  };
}

/**
 * A client for the local checks that need one (the authenticated ping, the authenticated gRPC
 * call), made up for this run when LOCAL_CLIENT_ID and LOCAL_CLIENT_SECRET are not set, so the quick
 * start runs every check. Made in the runner, before any worker starts: the workers, and the
 * emulator a worker starts, inherit the runner's environment, so the emulator's IAM registers the
 * very pair the checks send. Random and held only in memory; a Secret like any credential once read.
 */
export function madeUpLocalClient(
  run: RunPlan,
  current: Settings,
  random: (bytes: number) => Buffer,
): Record<string, string> {
  // Unset means neither variable is: the settings refuse a pair half set.
  if (run.role !== 'runner' || !run.runsLocalChecks || current.credentials.local) return {};
  const [idName, secretName] = credentialVariables('local');
  // Prefixed, both, so that the self-tests can scan everything a run wrote for either.
  return {
    [idName]: `wink-smoke-local-${random(4).toString('hex')}`,
    [secretName]: `wink-smoke-local-secret-${random(24).toString('base64url')}`,
  };
}
