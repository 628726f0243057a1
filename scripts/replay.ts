/**
 * `npm run replay`: runs `.github/workflows/smoke.yml` itself on this machine, as GitHub would run
 * it for one event: every job in `needs` order, matrix included, each `run:` step with its `env:`
 * and `if:` evaluated by GitHub's expression library, against the emulator playing Wink. What this
 * machine lacks is stood in for, each named in one table (`scripts/replay/stand-ins.ts`, and the
 * docs/alerts.md's "Replaying the workflow"). Replays into the same `--state` folder build one history,
 * one set of issues and one page, as scheduled runs do.
 *
 *   npm run replay -- --event schedule --cron '7,37 * * * *'
 *   npm run replay -- --environment both --shards 2 --scenario production='{"hosts":{"inventory":{"fault":"health-down"}}}'
 *
 * Prints each job's steps, then what the run left; exits 0 when every job passed or was skipped,
 * 1 when one failed (an outage fails the smoke job, as on GitHub), 2 on a bad command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HOSTS, type RealEnvironmentName } from '../src/catalog/catalog.ts';
import { readScenario, HEALTHY, type Scenario } from '../src/config/scenario.ts';
import { parseCommandLine, refuse } from './command-line.ts';
import { runWorkflow, type JobResult } from './replay/workflow.ts';
import { REPOSITORY, openWorld, readIssues, readMessages, type World } from './replay/world.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const WORKFLOW = path.join(PROJECT_ROOT, '.github', 'workflows', 'smoke.yml');
const CRONS = ['7,37 * * * *', '15 6,12,18 * * 1-5'];

const COMMAND_LINE = {
  script: 'replay',
  usage:
    'usage: npm run replay -- [--state <dir>] [--event schedule|workflow_dispatch] [--cron <schedule>] [--environment production|staging|both] [--shards <1-8>] [--scenario <environment>=<json or file>]... [--hosts <ids>] [--break <job>:<step>]...',
  summary:
    "Runs the scheduled workflow's jobs on this machine against the emulator, into a state folder that the next replay continues.",
  options: {
    state: { type: 'string', default: 'test-results/replay' },
    event: { type: 'string', default: 'workflow_dispatch' },
    cron: { type: 'string', default: '7,37 * * * *' },
    environment: { type: 'string', default: 'production' },
    shards: { type: 'string', default: '1' },
    scenario: { type: 'string', multiple: true, default: [] as string[] },
    hosts: { type: 'string' },
    break: { type: 'string', multiple: true, default: [] as string[] },
  },
} as const;

const { values } = parseCommandLine(COMMAND_LINE);
if (values.event !== 'schedule' && values.event !== 'workflow_dispatch')
  refuse(COMMAND_LINE, `--event ${JSON.stringify(values.event)} is not valid`, 'schedule or workflow_dispatch');
if (!CRONS.includes(values.cron))
  refuse(
    COMMAND_LINE,
    `--cron ${JSON.stringify(values.cron)} is not one of the workflow's`,
    CRONS.map((cron) => `'${cron}'`).join(' or '),
  );
if (!['production', 'staging', 'both'].includes(values.environment))
  refuse(
    COMMAND_LINE,
    `--environment ${JSON.stringify(values.environment)} is not valid`,
    'production, staging or both',
  );

/** `--scenario production=<json or file>`: the emulator's faults for that environment, checked as SMOKE_EMULATOR_SCENARIO is. */
function scenarios(): Record<RealEnvironmentName, Scenario> {
  const chosen: Record<RealEnvironmentName, Scenario> = { production: HEALTHY, staging: HEALTHY };
  for (const entry of values.scenario) {
    const [environment, ...rest] = entry.split('=');
    if (environment !== 'production' && environment !== 'staging')
      refuse(
        COMMAND_LINE,
        `--scenario ${JSON.stringify(entry)} names no environment`,
        'production=<json or file> or staging=<json or file>',
      );
    try {
      chosen[environment] = readScenario(rest.join('='), HOSTS, (file) => path.resolve(file));
    } catch (error) {
      refuse(
        COMMAND_LINE,
        `--scenario ${environment}: ${error instanceof Error ? error.message : String(error)}`,
        "the emulator's scenario",
      );
    }
  }
  return chosen;
}

/** A run id no other replay into the same folder takes, even one started at the same moment. */
function claimRun(runsDir: string): { id: number; dir: string } {
  for (let id = fs.readdirSync(runsDir).length + 1; ; id++) {
    const dir = path.join(runsDir, String(id));
    try {
      fs.mkdirSync(dir);
      return { id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The machine's environment as a runner's: nothing of the developer's suite settings, GitHub's or npm's. */
function runnerEnv(world: World, runId: number, workspace: string, job: string): Record<string, string> {
  const machine = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        !/^(SMOKE_|STAGING_|PRODUCTION_|LOCAL_|PLAYWRIGHT_|PW_|GITHUB_|RUNNER_|npm_|CI$)/.test(entry[0]),
    ),
  );
  return {
    ...machine,
    ...world.hostOverrides,
    SMOKE_CONTROL_URL: `${world.servicesUrl}/control`,
    ...(values.hosts ? { SMOKE_HOSTS: values.hosts } : {}),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_JOB: job,
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_SERVER_URL: `file://${world.files.repositoryRoot}`,
    GITHUB_API_URL: world.servicesUrl,
    GITHUB_EVENT_NAME: values.event,
    GITHUB_REF_NAME: 'main',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: path.join(workspace, '..', 'runner-temp'),
  };
}

function contexts(world: World, runId: number) {
  const dispatch = values.event === 'workflow_dispatch';
  return {
    github: {
      event_name: values.event,
      event: { ...(dispatch ? {} : { schedule: values.cron }), repository: { default_branch: 'main' } },
      ref_name: 'main',
      repository: REPOSITORY,
      server_url: `file://${world.files.repositoryRoot}`,
      run_id: String(runId),
      token: 'replay-token',
    },
    inputs: dispatch ? { environment: values.environment, shards: Number(values.shards) } : {},
    vars: {},
    secrets: {
      SMOKE_SLACK_WEBHOOK_URL: `${world.servicesUrl}/hooks/slack`,
      SMOKE_TEAMS_WEBHOOK_URL: `${world.servicesUrl}/hooks/teams`,
      SMOKE_WEBHOOK_URL: `${world.servicesUrl}/hooks/webhook`,
    },
  };
}

function report(jobs: readonly JobResult[], world: World, messagesBefore: number): void {
  console.log('\njobs:');
  for (const job of jobs) console.log(`  ${job.result.padEnd(8)} ${job.name}`);
  const issues = readIssues(world.files).filter((issue) => issue.state === 'open');
  console.log(`messages received: ${readMessages(world.files).length - messagesBefore}`);
  console.log(`open issues: ${issues.map((issue) => `#${issue.number} ${issue.title}`).join('; ') || 'none'}`);
  console.log(`state: ${world.files.dir}`);
}

async function main(): Promise<number> {
  const stateDir = path.resolve(values.state);
  const world = await openWorld(stateDir, scenarios());
  try {
    const run = claimRun(world.files.runsDir);
    const messagesBefore = readMessages(world.files).length;
    console.log(
      `replay: run ${run.id} of ${path.relative(PROJECT_ROOT, WORKFLOW)}, ${values.event}${values.event === 'schedule' ? ` '${values.cron}'` : ` ${values.environment}`}`,
    );
    const jobs = await runWorkflow({
      workflowFile: WORKFLOW,
      runDir: run.dir,
      contexts: contexts(world, run.id),
      env: (workspace, job) => runnerEnv(world, run.id, workspace, job),
      standIn: {
        projectRoot: PROJECT_ROOT,
        artifactsDir: path.join(run.dir, 'artifacts'),
        remote: `file://${world.files.remote}`,
        pagesDir: world.files.pagesDir,
      },
      broken: values.break,
      log: (line) => console.log(line),
    });
    fs.writeFileSync(path.join(run.dir, 'replay.json'), `${JSON.stringify({ run: run.id, jobs }, null, 2)}\n`);
    report(jobs, world, messagesBefore);
    return jobs.some((job) => job.result === 'failure') ? 1 : 0;
  } finally {
    await world.close();
  }
}

process.exitCode = await main();
