/**
 * The run history in CI, with plain `node` (Node 24 strips the types; nothing here needs `npm ci`):
 *
 *   node scripts/history.ts died --environment production --reason "npm ci: failure" [--dir history]
 *     appends the line of a run that died before any check reported (GitHub's run id and link
 *     from GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_REPOSITORY, GITHUB_SERVER_URL when set);
 *   node scripts/history.ts publish --lines history --remote <url or path> [--branch history] [--attempts 5]
 *     appends those lines to the history branch and pushes, again from the new tip when a push is
 *     rejected (GITHUB_TOKEN, when set, authenticates to an https remote).
 *
 * Exit codes: 0 done, 1 failed, 2 bad arguments.
 */
import { ENVIRONMENTS, isEnvironmentName } from '../src/catalog/environments.ts';
import { appendHistory, diedRunLine, runIdentity } from '../src/history/history.ts';
import { publishHistory, tokenEnv } from '../src/history/branch.ts';
import { parseCommandLine, refuse } from './command-line.ts';

const COMMAND_LINE = {
  script: 'history',
  usage: `usage: node scripts/history.ts died --environment <${ENVIRONMENTS.join('|')}> --reason <text> [--dir <dir>] | publish --lines <dir> --remote <url or path> [--branch <name>] [--attempts <1-20>]`,
  summary: 'Appends the line of a run that died, or appends run lines to the history branch and pushes.',
  options: {
    environment: { type: 'string' },
    reason: { type: 'string' },
    dir: { type: 'string', default: 'history' },
    lines: { type: 'string' },
    remote: { type: 'string' },
    branch: { type: 'string', default: 'history' },
    attempts: { type: 'string', default: '5' },
  },
  allowPositionals: true,
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(COMMAND_LINE, argv);
  const [command, ...extra] = positionals;
  if (extra.length > 0) refuse(COMMAND_LINE, `unexpected argument ${JSON.stringify(extra[0])}`, 'one command');
  if (command === 'died') {
    if (!isEnvironmentName(values.environment)) {
      refuse(
        COMMAND_LINE,
        values.environment === undefined
          ? 'died: --environment is missing'
          : `died: --environment ${JSON.stringify(values.environment)} is not valid`,
        `one of ${ENVIRONMENTS.join(', ')}`,
      );
    }
    if (!values.reason) refuse(COMMAND_LINE, 'died: --reason is missing', 'why the run died, e.g. "npm ci: failure"');
    const at = new Date();
    const { run, link } = runIdentity(at.toISOString(), process.env);
    appendHistory(values.dir, values.environment, [diedRunLine(values.environment, run, at, values.reason, link)]);
    console.log(`history: ${values.environment} run ${run} died: ${values.reason}`);
    return 0;
  }
  if (command === 'publish') {
    const attempts = Number(values.attempts);
    if (!values.lines) refuse(COMMAND_LINE, 'publish: --lines is missing', 'the folder of the run lines to add');
    if (!values.remote) refuse(COMMAND_LINE, 'publish: --remote is missing', 'the URL or path of the repository');
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) {
      refuse(
        COMMAND_LINE,
        `publish: --attempts ${JSON.stringify(values.attempts)} is not valid`,
        'a whole number from 1 to 20',
      );
    }
    const runId = process.env.GITHUB_RUN_ID;
    await publishHistory({
      linesDir: values.lines,
      remote: values.remote,
      branch: values.branch,
      attempts,
      message: `history: ${runId ? `run ${runId}` : 'a run'} of ${new Date().toISOString()}`,
      gitEnv: tokenEnv(values.remote, process.env.GITHUB_TOKEN),
    });
    return 0;
  }
  refuse(
    COMMAND_LINE,
    command === undefined ? 'no command given' : `unknown command ${JSON.stringify(command)}`,
    'died or publish',
  );
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`history: ${(error as Error).message.split('\n')[0]}`);
  process.exitCode = 1;
}
