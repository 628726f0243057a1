/**
 * The projects of this run, declared from its plan (`src/plan/run-plan.ts`, decided from the command
 * line and the settings): one set per environment, a sleeping one's with a warm-up, `local`'s with
 * the emulator's start and stop. What the user can get wrong ends the run here, in the runner, with
 * one line and exit code 2 before any worker starts: an older Node, a bad setting, an unknown
 * project, a taken emulator port. Nothing is run or written to the history then.
 */
// First, before anything an older Node could not load: one line naming the Node needed, not a crash.
import './scripts/require-node.mjs';
import { randomBytes } from 'node:crypto';
import { defineConfig, type PlaywrightTestOptions, type PlaywrightWorkerOptions, type Project } from '@playwright/test';
import { chooseChromium, launchOptionsFor } from './src/checks/browser.ts';
import { settingsOrExit } from './src/config/settings.ts';
import { madeUpLocalClient, planRun, type ProjectPlan, type ProjectRole } from './src/plan/run-plan.ts';
import { emulatedPort } from './src/targets/targets.ts';
import { releaseProblem } from './emulator/documents.ts';
import { LOOPBACK_HOST_PATTERNS } from './src/shared/loopback.ts';
import { PortTaken, firstTakenPort } from './emulator/net.ts';
import type { SmokeOptions } from './fixtures/index.ts';
import { LIST_REPORTER, SUMMARY_REPORTERS } from './reporters/index.ts';

const current = settingsOrExit('wink-smoke');
const run = planRun({ argv: process.argv, env: process.env }, current);

/** Ends the run before any worker starts: one line, exit code 2. */
function stop(line: string): never {
  console.error(`wink-smoke: ${line}`);
  process.exit(2);
}

if (run.role !== 'worker') {
  if (run.notice) console.log(`wink-smoke: ${run.notice}`);
  if (run.refused !== undefined) stop(run.refused);
  Object.assign(process.env, run.handOver, madeUpLocalClient(run, current, randomBytes));
  if (run.runsTests && run.runsLocalChecks) {
    // Checked here, not when the emulator's setup test binds: a taken port would fail that test,
    // skip every check after it and write the run to the history as failed.
    // Every host's port, and the RDAP server's after them.
    const taken = await firstTakenPort(
      [...current.hosts.keys(), current.hosts.length].map((index) => emulatedPort(current.emulatorPort, index)),
    );
    if (taken !== undefined) stop(new PortTaken(taken).message);
    // The same: a release change the emulator would refuse (it reads the group's document to know).
    const release = releaseProblem(current.emulatorScenario);
    if (release !== undefined) stop(release);
  }
}

/** The test budget of one check: the slowest request bound, plus rendering and the screenshot. */
const CHECK_TIMEOUT_MS = Math.max(current.apiTimeoutMs, current.appTimeoutMs) + 30_000;

/** The files each kind of project runs. */
const TEST_MATCH: Record<ProjectRole, RegExp> = {
  'emulator-start': /emulator\.setup\.ts/,
  'emulator-stop': /emulator\.teardown\.ts/,
  warmup: /warmup\.setup\.ts/,
  checks: /\.spec\.ts$/,
};

const launchOptions = launchOptionsFor(chooseChromium(current.chromiumPath));

/**
 * An environment entirely on this machine (the emulator, or overrides pointing at it) has no
 * business beyond it: its browser resolves no other name, so no request or DNS lookup can leave.
 */
const LOOPBACK_ONLY_RESOLVER = `--host-resolver-rules=MAP * ~NOTFOUND, ${LOOPBACK_HOST_PATTERNS.map((pattern) => `EXCLUDE ${pattern}`).join(', ')}`;

type SmokeProject = Project<PlaywrightTestOptions & SmokeOptions, PlaywrightWorkerOptions>;

function projectOf(plan: ProjectPlan): SmokeProject {
  return {
    name: plan.name,
    testMatch: TEST_MATCH[plan.role],
    dependencies: [...plan.dependencies],
    ...(plan.teardown ? { teardown: plan.teardown } : {}),
    ...(plan.role === 'checks' ? { retries: plan.retries } : {}),
    use: {
      environmentName: plan.environment,
      probesControl: plan.probesControl,
      launchOptions: plan.loopbackOnly
        ? { ...launchOptions, args: [...(launchOptions.args ?? []), LOOPBACK_ONLY_RESOLVER] }
        : launchOptions,
      ...(plan.traces ? {} : { trace: 'off' as const }),
    },
  };
}

export default defineConfig<SmokeOptions>({
  testDir: 'tests',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  // The checks wait on the network, not the CPU, so more workers than cores pay off.
  workers: current.workers,
  // Before the tests are listed: a sleeping environment starts waking as the run starts.
  globalSetup: './tests/first-contact.ts',
  timeout: CHECK_TIMEOUT_MS,
  // Whatever the hosts do, a run ends: the warm-up budget plus ten minutes for the checks.
  globalTimeout: current.warmupTimeoutMs + 10 * 60_000,
  reporter: [
    [LIST_REPORTER],
    ['html', { open: 'never', title: run.title }],
    ['json', { outputFile: 'test-results/results.json' }],
    ...SUMMARY_REPORTERS.map((reporter) => [reporter] as const),
  ],
  use: {
    trace: { mode: 'retain-on-failure', screenshots: false },
  },
  projects: run.projects.map(projectOf),
});
