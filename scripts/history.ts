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
import { parseArgs } from 'node:util';
import { ENVIRONMENTS, isEnvironmentName } from '../src/environments.ts';
import { appendHistory, diedRunLine, runIdentity } from '../src/history.ts';
import { publishHistory, tokenEnv } from '../src/history-branch.ts';

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      environment: { type: 'string' },
      reason: { type: 'string' },
      dir: { type: 'string', default: 'history' },
      lines: { type: 'string' },
      remote: { type: 'string' },
      branch: { type: 'string', default: 'history' },
      attempts: { type: 'string', default: '5' },
    },
  });
  if (command === 'died') {
    if (!isEnvironmentName(values.environment) || !values.reason) {
      console.error(`history died: expected --environment (${ENVIRONMENTS.join(', ')}) and --reason`);
      return 2;
    }
    const at = new Date();
    const { run, link } = runIdentity(at.toISOString(), process.env);
    appendHistory(values.dir, values.environment, [diedRunLine(values.environment, run, at, values.reason, link)]);
    console.log(`history: ${values.environment} run ${run} died: ${values.reason}`);
    return 0;
  }
  if (command === 'publish') {
    const attempts = Number(values.attempts);
    if (!values.lines || !values.remote || !Number.isInteger(attempts) || attempts < 1 || attempts > 20) {
      console.error('history publish: expected --lines DIR, --remote URL and --attempts from 1 to 20');
      return 2;
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
  console.error('history: expected a command, died or publish (see scripts/history.ts)');
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`history: ${(error as Error).message.split('\n')[0]}`);
  process.exitCode = 1;
}
