/**
 * The history branch: runs' lines appended to a bare repository on this machine, as the workflow's
 * alerts job does to GitHub; two publishers racing lose no line; a re-run adds nothing; the CLI
 * runs with plain node (no tsx, no npm packages), as the workflow runs it when npm ci failed in the alerts job.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { EnvironmentName } from '../../src/catalog/catalog.ts';
import { appendHistory, diedRunLine, type HistoryLine } from '../../src/history/history.ts';
import { backoffMs, publishHistory, tokenEnv } from '../../src/history/branch.ts';
import { runScript } from '../harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-history-branch-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

let folders = 0;
const folder = (name: string): string => fs.mkdtempSync(path.join(scratch, `${name}-${(folders += 1)}-`));

function bareRepository(): string {
  const remote = path.join(folder('remote'), 'repo.git');
  execFileSync('git', ['init', '-q', '--bare', remote]);
  return remote;
}

/** A folder of one run's lines, as a run's SMOKE_HISTORY_DIR holds them. */
function runLines(environment: EnvironmentName, at: string, checks = 2): string {
  const directory = folder(`lines-${environment}`);
  const lines: HistoryLine[] = [
    { type: 'run', run: `${at}#1.1`, at, environment, status: 'passed', checks },
    ...Array.from({ length: checks }, (_, index): HistoryLine => ({
      type: 'check',
      at,
      host: `host-${index}`,
      check: 'api answers',
      verdict: 'pass',
    })),
  ];
  appendHistory(directory, environment, lines);
  return directory;
}

/** Every line of the branch's file, as committed. */
function branchLines(remote: string, file: string): string[] {
  return execFileSync('git', ['--git-dir', remote, 'show', `history:${file}`], { encoding: 'utf8' })
    .trim()
    .split('\n');
}

const quiet = {
  sleep: () => Promise.resolve(),
  log: () => undefined,
  attempts: 5,
  branch: 'history',
  message: 'history: test',
};

describe('the history branch', () => {
  it('is created by the first publish, and a second publish of the same run adds nothing', async () => {
    const remote = bareRepository();
    const lines = runLines('production', '2026-11-23T09:07:00.000Z');
    const first = await publishHistory({ ...quiet, linesDir: lines, remote });
    assert.deepEqual(first, { attempts: 1, appended: 3, alreadyThere: 0 });
    const again = await publishHistory({ ...quiet, linesDir: lines, remote });
    assert.deepEqual(again, { attempts: 0, appended: 0, alreadyThere: 3 });
    assert.equal(branchLines(remote, 'production/2026-11.jsonl').length, 3);
  });

  it("appends notify's record of what it sent after the run it names is there", async () => {
    const remote = bareRepository();
    const at = '2026-11-23T09:07:00.000Z';
    await publishHistory({ ...quiet, linesDir: runLines('production', at), remote });
    const deliveries = folder('deliveries');
    appendHistory(deliveries, 'production', [
      {
        type: 'delivery',
        at: '2026-11-23T09:12:00.000Z',
        run: `${at}#1.1`,
        change: 'down host-0',
        channel: 'SMOKE_WEBHOOK_URL',
        delivered: false,
        error: 'SMOKE_WEBHOOK_URL: answered HTTP 500',
      },
    ]);
    const published = await publishHistory({ ...quiet, linesDir: deliveries, remote });
    assert.deepEqual(published, { attempts: 1, appended: 1, alreadyThere: 0 });
    assert.match(branchLines(remote, 'production/2026-11.jsonl').at(-1)!, /"type":"delivery"/);
  });

  it('loses no line when another run pushes first: it appends again on the new tip', async () => {
    const remote = bareRepository();
    await publishHistory({ ...quiet, linesDir: runLines('staging', '2026-11-23T06:15:00.000Z'), remote });
    const production = runLines('production', '2026-11-23T09:07:00.000Z');
    const staging = runLines('staging', '2026-11-23T12:15:00.000Z');
    const result = await publishHistory({
      ...quiet,
      linesDir: production,
      remote,
      // The staging run's push lands between this publisher's fetch and its push.
      beforePush: async (attempt) => {
        if (attempt === 1) await publishHistory({ ...quiet, linesDir: staging, remote });
      },
    });
    assert.equal(result.attempts, 2, 'the first push was rejected');
    assert.equal(branchLines(remote, 'staging/2026-11.jsonl').length, 6);
    assert.equal(branchLines(remote, 'production/2026-11.jsonl').length, 3);
    const log = execFileSync('git', ['--git-dir', remote, 'log', '--format=%s', 'history'], { encoding: 'utf8' });
    assert.equal(log.trim().split('\n').length, 3, 'one commit per run, none lost, none merged');
  });

  it('takes every line of runs that finish together, pushed by processes at once', async () => {
    const remote = bareRepository();
    // Two minutes each: eight attempts back off at most 12 s apart; a hung git is killed.
    const publishers = (['production', 'staging', 'local'] as const).map((environment, index) => {
      const lines = runLines(environment, `2026-11-23T1${index}:07:00.000Z`, 5);
      return runScript('history.ts', ['publish', '--lines', lines, '--remote', remote, '--attempts', '8'], {}, 120_000);
    });
    const results = await Promise.all(publishers);
    assert.deepEqual(
      results.map((result) => result.code),
      [0, 0, 0],
      results.map((result) => result.stderr).join('\n'),
    );
    for (const environment of ['production', 'staging', 'local'])
      assert.equal(branchLines(remote, `${environment}/2026-11.jsonl`).length, 6, environment);
  });

  it('appends to the end of a month file, after lines already there', async () => {
    const remote = bareRepository();
    await publishHistory({ ...quiet, linesDir: runLines('production', '2026-11-23T09:07:00.000Z'), remote });
    await publishHistory({ ...quiet, linesDir: runLines('production', '2026-11-23T09:37:00.000Z'), remote });
    const ats = branchLines(remote, 'production/2026-11.jsonl').map((line) => (JSON.parse(line) as HistoryLine).at);
    assert.deepEqual(ats, [
      ...Array<string>(3).fill('2026-11-23T09:07:00.000Z'),
      ...Array<string>(3).fill('2026-11-23T09:37:00.000Z'),
    ]);
  });

  it('gives up after its attempts when the remote cannot be reached, saying why', async () => {
    await assert.rejects(
      publishHistory({
        ...quiet,
        attempts: 2,
        linesDir: runLines('production', '2026-11-23T09:07:00.000Z'),
        remote: path.join(scratch, 'no-such-repository.git'),
      }),
      /^Error: gave up after 2 attempts: fatal: .*no-such-repository\.git.* does not appear to be a git repository/,
    );
  });
});

describe('the history CLI with plain node', () => {
  it('appends the line of a run that died, with its GitHub id and link', () => {
    const directory = folder('died');
    const output = execFileSync(
      process.execPath,
      ['scripts/history.ts', 'died', '--environment', 'staging', '--dir', directory, '--reason', 'npm ci: failure'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        // The script reads a few files: 30 s means it hung.
        timeout: 30_000,
        env: {
          PATH: process.env.PATH ?? '',
          GITHUB_RUN_ID: '77',
          GITHUB_RUN_ATTEMPT: '2',
          GITHUB_REPOSITORY: 'wink/wink-smoke',
        },
      },
    );
    assert.match(output, /^history: staging run \S+#77\.2 died: npm ci: failure$/m);
    const [file] = fs.readdirSync(path.join(directory, 'staging'));
    const line = JSON.parse(fs.readFileSync(path.join(directory, 'staging', file!), 'utf8')) as HistoryLine;
    const expected = diedRunLine(
      'staging',
      line.type === 'run' ? line.run : '',
      new Date(line.at),
      'npm ci: failure',
      'https://github.com/wink/wink-smoke/actions/runs/77',
    );
    assert.deepEqual(line, expected);
    assert.ok(line.type === 'run' && line.run.endsWith('#77.2'));
  });

  it('refuses an unknown environment or command with exit code 2', () => {
    for (const args of [['died', '--environment', 'qa', '--reason', 'x'], ['push']]) {
      assert.throws(
        () =>
          execFileSync(process.execPath, ['scripts/history.ts', ...args], {
            cwd: ROOT,
            stdio: 'pipe',
            timeout: 30_000,
          }),
        (error: unknown) => (error as { status?: number }).status === 2,
        args.join(' '),
      );
    }
  });

  it('authenticates to an https remote with a header in git config variables, never in the URL', () => {
    const env = tokenEnv('https://github.com/wink/wink-smoke.git', 'made-up-token');
    assert.equal(env.GIT_CONFIG_KEY_0, 'http.https://github.com/.extraheader');
    assert.equal(
      env.GIT_CONFIG_VALUE_0,
      `AUTHORIZATION: basic ${Buffer.from('x-access-token:made-up-token').toString('base64')}`,
    );
    assert.deepEqual(tokenEnv('/tmp/repo.git', 'made-up-token'), {});
    assert.deepEqual(tokenEnv('https://github.com/wink/wink-smoke.git', undefined), {});
  });

  it('waits longer after each rejected push, up to 30 s', () => {
    assert.deepEqual(
      [1, 2, 3, 6, 10].map((attempt) => backoffMs(attempt, () => 0.5)),
      [1000, 2000, 4000, 30_000, 30_000],
    );
  });
});
