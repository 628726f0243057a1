/**
 * The run's plan (`src/plan/run-plan.ts`), which `playwright.config.ts` declares its projects from:
 * the `--project` patterns, the environments of the run, its projects, what wakes, what is refused,
 * and what the runner hands its workers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSettings } from '../../src/config/settings.ts';
import { PROBES_VARIABLE } from '../../src/checks/control.ts';
import { WAKES_VARIABLE } from '../../src/checks/warmup-handover.ts';
import {
  ENVIRONMENTS_VARIABLE,
  WORKER_NODE_OPTION,
  madeUpLocalClient,
  namedProjects,
  patternNames,
  planRun,
} from '../../src/plan/run-plan.ts';

const SETTINGS = parseSettings({});
const NOW = new Date('2026-11-22T08:00:00Z');

/** The plan of `playwright test <args>`, as its runner (or a worker, with `env`) sees it. */
const plan = (args: string[], env: Record<string, string> = {}) =>
  planRun({ argv: ['node', 'playwright', 'test', ...args], env }, SETTINGS, NOW);

describe('the run plan', () => {
  it('reads --project as Playwright does: =, several words, -p', () => {
    assert.deepEqual(namedProjects(['test', '--project=staging']), ['staging']);
    assert.deepEqual(namedProjects(['test', '--project', 'staging', 'production', '--list']), [
      'staging',
      'production',
    ]);
    assert.deepEqual(namedProjects(['test', '-p', 'local']), ['local']);
    assert.deepEqual(namedProjects(['test', '--project']), ['']);
    assert.ok(patternNames('STAG*', 'staging-warmup') && !patternNames('stag', 'staging'));
  });

  it('gives a run that names no project only local, and says so', () => {
    const run = plan([]);
    assert.deepEqual(run.environments, ['local']);
    assert.deepEqual(
      run.projects.map((project) => [project.name, project.role, project.dependencies]),
      [
        ['local-emulator', 'emulator-start', []],
        ['local-emulator-stop', 'emulator-stop', []],
        ['local-warmup', 'warmup', ['local-emulator']],
        ['local', 'checks', ['local-warmup']],
      ],
    );
    assert.match(run.notice ?? '', /^no --project given, so only local/);
    assert.ok(run.runsLocalChecks && run.runsTests);
    assert.equal(run.title, 'wink-smoke local · 2026-11-22 08:00 UTC');
  });

  it('declares every environment once a project is named, with its warm-up and its control probe', () => {
    const run = plan(['--project=staging']);
    assert.deepEqual(run.environments, ['staging', 'production', 'local']);
    const project = (name: string) => run.projects.find((candidate) => candidate.name === name);
    // Staging's first worker is its warm-up's, which sends the probe; production has no warm-up.
    assert.deepEqual([project('staging-warmup')?.probesControl, project('staging-warmup')?.traces], [true, false]);
    assert.equal(project('staging')?.probesControl, false);
    assert.deepEqual(project('production')?.dependencies, []);
    assert.equal(project('production')?.probesControl, true);
    assert.equal(project('local')?.probesControl, false);
    assert.equal(run.runsLocalChecks, false);
  });

  it('retries a check once on CI, but never against loopback', () => {
    const onCI = plan(['--project=production'], { CI: 'true' });
    assert.equal(onCI.projects.find((project) => project.name === 'production')?.retries, 1);
    assert.equal(onCI.projects.find((project) => project.name === 'local')?.retries, 0);
    assert.equal(plan(['--project=production']).projects.find((project) => project.name === 'production')?.retries, 0);
  });

  it('wakes the real sleeping environments it names, or whose warm-up it names, unless --no-deps', () => {
    assert.deepEqual(plan(['--project=staging']).wakes, ['staging']);
    assert.deepEqual(plan(['--project=staging-warmup']).wakes, ['staging']);
    assert.deepEqual(plan(['--project=STAG*']).wakes, ['staging']);
    assert.deepEqual(plan(['--project=staging', '--no-deps']).wakes, []);
    assert.deepEqual(plan(['--project=production']).wakes, []);
    assert.deepEqual(plan(['--project=local']).wakes, [], 'the emulator is not started yet, and wakes as fast');
  });

  it('probes the control of each real environment it names, --no-deps or not, unless SMOKE_CONTROL_URL=none', () => {
    assert.deepEqual(plan(['--project=staging', '--project=production']).probes, ['staging', 'production']);
    assert.deepEqual(plan(['--project=staging-warmup']).probes, ['staging']);
    assert.deepEqual(plan(['--project=production', '--no-deps']).probes, ['production']);
    assert.deepEqual(plan(['--project=local']).probes, [], 'the emulator is on this machine');
    assert.deepEqual(plan([]).probes, []);
    const none = parseSettings({ SMOKE_CONTROL_URL: 'none' });
    const run = planRun({ argv: ['node', 'playwright', 'test', '--project=production'], env: {} }, none, NOW);
    assert.deepEqual(run.probes, []);
  });

  it('refuses a project it does not have, naming the environments and the one meant', () => {
    assert.equal(
      plan(['--project=prod']).refused,
      '--project=prod names no project: expected staging, production, or local (did you mean production?)',
    );
    assert.equal(
      plan(['--project=nothing-like-it']).refused,
      '--project=nothing-like-it names no project: expected staging, production, or local',
    );
    assert.equal(plan(['--project=local-emulator', '--list']).refused, undefined, 'a setup project can be named');
    assert.equal(plan(['--project=Stag*']).refused, undefined, 'a wildcard is left to Playwright');
    assert.equal(plan(['--project=prod'], { TEST_WORKER_INDEX: '0' }).refused, undefined, 'a worker refuses nothing');
  });

  it('hands its workers the environments and what wakes; a worker takes them and hands nothing on', () => {
    const run = plan(['--project=staging']);
    assert.deepEqual(run.handOver, {
      [ENVIRONMENTS_VARIABLE]: 'staging,production,local',
      [WAKES_VARIABLE]: 'staging',
      [PROBES_VARIABLE]: 'staging',
      NODE_OPTIONS: WORKER_NODE_OPTION,
    });
    assert.equal(plan([], { NODE_OPTIONS: `--x ${WORKER_NODE_OPTION}` }).handOver.NODE_OPTIONS, undefined);
    const worker = plan(['--some', 'playwright', 'args'], {
      TEST_WORKER_INDEX: '1',
      [ENVIRONMENTS_VARIABLE]: 'production',
    });
    assert.deepEqual([worker.role, worker.environments, worker.handOver], ['worker', ['production'], {}]);
  });

  it('lists nothing and runs nothing under merge-reports, but knows every environment', () => {
    const merge = planRun({ argv: ['node', 'playwright', 'merge-reports', 'blobs'], env: {} }, SETTINGS, NOW);
    assert.deepEqual(
      [merge.role, merge.environments.length, merge.runsTests, merge.runsLocalChecks],
      ['merge', 3, false, false],
    );
    assert.equal(merge.refused, undefined);
    assert.equal(merge.handOver[WAKES_VARIABLE], undefined);
  });

  it('makes up a local client only for a runner of the local checks that has none', () => {
    const random = (bytes: number) => Buffer.alloc(bytes, 1);
    const made = madeUpLocalClient(plan([]), SETTINGS, random);
    assert.deepEqual(Object.keys(made), ['LOCAL_CLIENT_ID', 'LOCAL_CLIENT_SECRET']);
    assert.match(made.LOCAL_CLIENT_ID ?? '', /^wink-smoke-local-01010101$/);
    assert.deepEqual(madeUpLocalClient(plan(['--project=staging']), SETTINGS, random), {});
    const given = parseSettings({ LOCAL_CLIENT_ID: 'id', LOCAL_CLIENT_SECRET: 'secret' });
    assert.deepEqual(madeUpLocalClient(plan([]), given, random), {});
  });
});
