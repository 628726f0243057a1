/**
 * One project per environment of the catalog, each a loop iteration: `staging`, `production`, `local`.
 * A sleeping environment gets a warm-up, a setup project, and a real one a control probe, sent by
 * its first worker (fixtures/control.ts); `local` also gets the emulator's start and stop. What the
 * user can get wrong is checked here, in the runner, before any worker starts: an older Node, a bad
 * setting, an unknown project, a taken emulator port each end the run with one line and exit code 2,
 * before any test runs or anything is written to the history.
 */
// First, before anything an older Node could not load: one line naming the Node needed, not a crash.
import './scripts/require-node.mjs';
import { defineConfig, type PlaywrightTestOptions, type PlaywrightWorkerOptions, type Project } from '@playwright/test';
import { chooseChromium, launchOptionsFor } from './src/checks/browser.ts';
import { ENVIRONMENTS, ENVIRONMENT_TRAITS, type EnvironmentName } from './src/catalog/catalog.ts';
import { randomBytes } from 'node:crypto';
import { settingsOrExit } from './src/config/settings.ts';
import { credentialVariables } from './src/config/variables.ts';
import { emulatedPort, isLoopbackOnly, resolveEnvironment } from './src/targets/targets.ts';
import { LOOPBACK_HOST_PATTERNS } from './src/shared/loopback.ts';
import { meant } from './src/shared/typos.ts';
import { PortTaken, firstTakenPort } from './emulator/net.ts';
import type { SmokeOptions } from './fixtures/index.ts';
import { SUMMARY_REPORTERS } from './reporters/index.ts';
import { WAKES_VARIABLE } from './src/checks/warmup.ts';

const current = settingsOrExit('wink-smoke');
const onCI = Boolean(process.env.CI);

/** The test budget of one check: the slowest request bound, plus rendering and the screenshot. */
const CHECK_TIMEOUT_MS = Math.max(current.apiTimeoutMs, current.appTimeoutMs) + 30_000;

/**
 * The projects the command line names with `--project` or `-p`. Like Playwright's own option, one
 * `--project` takes every word after it up to the next option: `--project staging production`.
 */
const namedProjects = process.argv.flatMap((arg, index) => {
  if (arg.startsWith('--project=')) return [arg.slice('--project='.length)];
  if (arg !== '--project' && arg !== '-p') return [];
  const rest = process.argv.slice(index + 1);
  const end = rest.findIndex((word) => word.startsWith('-'));
  const words = end === -1 ? rest : rest.slice(0, end);
  return words.length > 0 ? words : [''];
});

/** Playwright's runner (the user's command line) evaluates this file, and so does each worker. */
const isRunner = process.env.TEST_WORKER_INDEX === undefined;
/** merge-reports loads this file for its reporters alone: it runs no test and names no project. */
const isMerge = process.argv.includes('merge-reports');

/**
 * The environments this run has projects for. A run that names no project (habit, an editor's test
 * explorer) gets only `local`: it must never wake staging or call production unasked. The runner
 * decides from its command line and hands the decision to its workers through the environment,
 * since a worker's command line is Playwright's, not the user's, and both must see the same projects.
 */
function environmentsOfThisRun(): readonly EnvironmentName[] {
  if (!isRunner) {
    const decided = process.env.WINK_SMOKE_ENVIRONMENTS ?? '';
    return ENVIRONMENTS.filter((name) => decided.split(',').includes(name));
  }
  const environments = namedProjects.length > 0 || isMerge ? ENVIRONMENTS : (['local'] as const);
  process.env.WINK_SMOKE_ENVIRONMENTS = environments.join(',');
  if (namedProjects.length === 0 && !isMerge) {
    console.log(
      'wink-smoke: no --project given, so only local (the emulator); name staging or production to check them',
    );
  }
  return environments;
}

const environments = environmentsOfThisRun();

/**
 * Each worker holds a Playwright client and server and makes much short-lived garbage while it waits
 * on the network. V8 sizes its young generation for throughput, which keeps a worker near 260 MB;
 * semi-spaces of 2 MB keep it near 150 MB for about the same CPU (README, Speed). Workers are forked
 * with the runner's environment, so the runner hands the flag on; the runner itself has started.
 */
const WORKER_NODE_OPTION = '--max-semi-space-size=2';
if (isRunner && !(process.env.NODE_OPTIONS ?? '').includes(WORKER_NODE_OPTION)) {
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, WORKER_NODE_OPTION].filter(Boolean).join(' ');
}

/**
 * The local checks that need a client (the authenticated ping, the authenticated gRPC call) get one
 * made up for this run when LOCAL_CLIENT_ID and LOCAL_CLIENT_SECRET are not set, so the quick start
 * runs every check. Made in the runner, before any worker starts: the workers, and the emulator a
 * worker starts, inherit the runner's environment, so the emulator's IAM registers the very pair the
 * checks send. Random and held only in memory; a Secret like any credential once read.
 */
const runsLocalChecks =
  !isMerge &&
  (namedProjects.length === 0 || namedProjects.some((name) => name === 'local' || name.startsWith('local-')));
// Unset means neither variable is: the settings refuse a pair half set before this line.
if (isRunner && runsLocalChecks && !current.credentials.local) {
  const [idName, secretName] = credentialVariables('local');
  // Prefixed, both, so that the self-tests can scan everything a run wrote for either.
  process.env[idName] = `wink-smoke-local-${randomBytes(4).toString('hex')}`;
  process.env[secretName] = `wink-smoke-local-secret-${randomBytes(24).toString('base64url')}`;
}

/**
 * `wink-smoke staging · 2026-11-22 08:00 UTC`, from the command line; a label, nothing depends on it.
 */
function reportTitle(): string {
  const time = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `wink-smoke ${namedProjects.length > 0 ? namedProjects.join(', ') : 'local'} · ${time} UTC`;
}

const launchOptions = launchOptionsFor(chooseChromium(current.chromiumPath));

/**
 * An environment entirely on this machine (the emulator, or overrides pointing at it) has no
 * business beyond it: its browser resolves no other name, so no request or DNS lookup can leave.
 */
const LOOPBACK_ONLY_RESOLVER = `--host-resolver-rules=MAP * ~NOTFOUND, ${LOOPBACK_HOST_PATTERNS.map((pattern) => `EXCLUDE ${pattern}`).join(', ')}`;

type SmokeProject = Project<PlaywrightTestOptions & SmokeOptions, PlaywrightWorkerOptions>;

function projectsFor(name: EnvironmentName): SmokeProject[] {
  const traits = ENVIRONMENT_TRAITS[name];
  const loopbackOnly = isLoopbackOnly(resolveEnvironment(name, current));
  const use = {
    environmentName: name,
    launchOptions: loopbackOnly
      ? { ...launchOptions, args: [...(launchOptions.args ?? []), LOOPBACK_ONLY_RESOLVER] }
      : launchOptions,
  };
  const projects: SmokeProject[] = [];
  const checkDependencies: string[] = [];
  if (traits.emulated) {
    projects.push(
      { name: `${name}-emulator`, testMatch: /emulator\.setup\.ts/, teardown: `${name}-emulator-stop`, use },
      { name: `${name}-emulator-stop`, testMatch: /emulator\.teardown\.ts/, use },
    );
  }
  // A real environment's run asks somewhere outside Wink whether the runner reaches the network at
  // all, from the first worker it starts: the warm-up's, or with no warm-up the checks' (see
  // fixtures/control.ts). The emulator is on this machine, where there is no network to be cut off from.
  const probesControl = !traits.emulated && current.controlUrls.length > 0;
  if (traits.sleepsWhenIdle) {
    projects.push({
      name: `${name}-warmup`,
      testMatch: /warmup\.setup\.ts/,
      dependencies: traits.emulated ? [`${name}-emulator`] : [],
      // A minute of polling is hundreds of identical probes: recording them costs CPU while the
      // environment wakes, and a failed warm-up already names every host's last error.
      use: { ...use, probesControl, trace: 'off' },
    });
    checkDependencies.push(`${name}-warmup`);
  } else if (traits.emulated) {
    checkDependencies.push(`${name}-emulator`);
  }
  projects.push({
    name,
    testMatch: /\.spec\.ts$/,
    dependencies: checkDependencies,
    // Real networks blip: one retry on CI, reported as flaky. Loopback (the emulator, or overrides
    // pointing at it) never blips, so a failure there is a bug to see, not to retry.
    retries: onCI && !loopbackOnly ? 1 : 0,
    use: { ...use, probesControl: probesControl && !traits.sleepsWhenIdle },
  });
  return projects;
}

const projects = environments.flatMap(projectsFor);

/** Ends the run before any worker starts: one line, exit code 2. */
function stop(line: string): never {
  console.error(`wink-smoke: ${line}`);
  process.exit(2);
}

/**
 * A `--project` that names none of this run's projects, in words: the environments are what people
 * name (the setup projects are the suite's own), with the one meant. Playwright matches names
 * without regard to case, and takes `*` as a wildcard: such a pattern is left to it.
 */
function unknownProjectLine(): string | undefined {
  const names = projects.map((project) => (project.name ?? '').toLowerCase());
  const unknown = namedProjects.find((name) => !name.includes('*') && !names.includes(name.toLowerCase()));
  if (unknown === undefined) return undefined;
  const suggestion = meant(unknown.toLowerCase(), ENVIRONMENTS);
  return `--project=${unknown} names no project: expected ${new Intl.ListFormat('en', { type: 'disjunction' }).format(ENVIRONMENTS)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}

/** Only listed, or only a report merged: no test runs, so no emulator starts. */
const runsTests = !isMerge && !process.argv.includes('--list');

/** Whether a `--project` pattern names a project, as Playwright matches them: any case, `*` for any text. */
function names(pattern: string, project: string): boolean {
  const parts = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(project.toLowerCase());
}

/**
 * The real environments this run warms up: sleeping ones whose checks or warm-up it names, unless
 * `--no-deps` leaves the warm-up out (a warm-up named with it still runs, timed from its own start).
 * Their hosts are first contacted by the runner itself (tests/first-contact.ts); the emulator is not
 * started yet then, and wakes as fast anyway.
 */
const wakes = environments.filter(
  (name) =>
    ENVIRONMENT_TRAITS[name].sleepsWhenIdle &&
    !ENVIRONMENT_TRAITS[name].emulated &&
    !process.argv.includes('--no-deps') &&
    namedProjects.some((pattern) => names(pattern, name) || names(pattern, `${name}-warmup`)),
);

if (isRunner && !isMerge) {
  process.env[WAKES_VARIABLE] = wakes.join(',');
  const unknownProject = unknownProjectLine();
  if (unknownProject !== undefined) stop(unknownProject);
  if (runsTests && runsLocalChecks) {
    // Checked here, not when the emulator's setup test binds: a taken port would fail that test,
    // skip every check after it and write the run to the history as failed.
    const taken = await firstTakenPort(current.hosts.map((_, index) => emulatedPort(current.emulatorPort, index)));
    if (taken !== undefined) stop(new PortTaken(taken).message);
  }
}

export default defineConfig<SmokeOptions>({
  testDir: 'tests',
  fullyParallel: true,
  forbidOnly: onCI,
  // The checks wait on the network, not the CPU, so more workers than cores pay off.
  workers: current.workers,
  // Before the tests are listed: a sleeping environment starts waking as the run starts.
  globalSetup: './tests/first-contact.ts',
  timeout: CHECK_TIMEOUT_MS,
  // Whatever the hosts do, a run ends: the warm-up budget plus ten minutes for the checks.
  globalTimeout: current.warmupTimeoutMs + 10 * 60_000,
  reporter: [
    ['list'],
    ['html', { open: 'never', title: reportTitle() }],
    ['json', { outputFile: 'test-results/results.json' }],
    ...SUMMARY_REPORTERS.map((reporter) => [reporter] as const),
  ],
  use: {
    trace: { mode: 'retain-on-failure', screenshots: false },
  },
  projects,
});
