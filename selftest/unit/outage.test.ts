/** Outage-issue decisions on summaries recorded from emulator runs, and the script against a fake GitHub API on loopback. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decideOutageAction } from '../../src/outage.ts';
import type { RunSummary } from '../../src/summary.ts';

const root = path.resolve(import.meta.dirname, '../..');
const recorded = (name: string) => path.join(root, 'selftest', 'recorded', `summary-${name}.json`);
const load = (name: string) => JSON.parse(fs.readFileSync(recorded(name), 'utf8')) as RunSummary;
const runUrl = 'https://github.com/wink/wink-smoke/actions/runs/42';

describe('outage decisions', () => {
  it('opens an issue when a run fails and none is open, listing each failure with its cause', () => {
    const action = decideOutageAction({ environment: 'staging', summary: load('fail'), openIssue: undefined, runUrl });
    assert.equal(action.kind, 'open');
    assert.ok(action.kind === 'open');
    assert.equal(action.title, 'Smoke: staging is failing');
    assert.deepEqual(action.labels, ['outage', 'env:staging']);
    assert.match(
      action.body,
      /^Run: https:\/\/github.com\/wink\/wink-smoke\/actions\/runs\/42\n\n- `studio` app renders \(status\): answered HTTP 500 Internal Server Error at http:\/\/127\.0\.0\.1:\d+\/ \(http:\/\/127\.0\.0\.1:\d+\)$/,
    );
  });

  it('comments on the open issue when the environment still fails', () => {
    const action = decideOutageAction({
      environment: 'staging',
      summary: load('fail'),
      openIssue: { number: 7 },
      runUrl,
    });
    assert.ok(
      action.kind === 'comment' &&
        action.issue === 7 &&
        action.body.startsWith('Still failing.') &&
        action.body.includes('`studio`'),
    );
  });

  it('closes the open issue with a comment when a run passes', () => {
    const action = decideOutageAction({
      environment: 'production',
      summary: load('pass'),
      openIssue: { number: 7 },
      runUrl,
    });
    assert.deepEqual(action, { kind: 'close', issue: 7, body: `Every check passes again: ${runUrl}` });
  });

  it('opens nothing for a run that passed only on retries, and nothing for a green run', () => {
    const flaky = decideOutageAction({
      environment: 'production',
      summary: load('flaky'),
      openIssue: undefined,
      runUrl,
    });
    assert.ok(flaky.kind === 'none' && flaky.reason.startsWith('flaky only'));
    assert.deepEqual(
      decideOutageAction({ environment: 'production', summary: load('pass'), openIssue: undefined, runUrl }),
      { kind: 'none', reason: 'all checks pass' },
    );
  });

  it('treats a run without a summary as failing, and an interrupted run as no verdict', () => {
    const crashed = decideOutageAction({ environment: 'staging', summary: undefined, openIssue: undefined, runUrl });
    assert.ok(crashed.kind === 'open' && crashed.body.includes('before any check reported'));
    const interrupted = decideOutageAction({
      environment: 'staging',
      summary: { ...load('fail'), status: 'interrupted' },
      openIssue: undefined,
      runUrl,
    });
    assert.equal(interrupted.kind, 'none');
  });
});

// 30 s a test: the script makes at most four calls, each bounded by 15 s, to a server on loopback.
describe('outage script', { timeout: 30_000 }, () => {
  /** Runs scripts/outage.ts against a fake GitHub API that has `open` issues open; returns the calls it got. */
  async function runOutage(summary: string, open: { number: number }[]) {
    const calls: { method: string; url: string; body: unknown }[] = [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        calls.push({
          method: request.method ?? '',
          url: request.url ?? '',
          body: body ? (JSON.parse(body) as unknown) : undefined,
        });
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(request.method === 'GET' ? open : {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'scripts/outage.ts', '--environment', 'staging', '--summary', recorded(summary)],
        {
          cwd: root,
          env: {
            ...process.env,
            GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            GITHUB_REPOSITORY: 'wink/wink-smoke',
            GITHUB_TOKEN: 'test-token',
            GITHUB_RUN_ID: '42',
          },
          stdio: 'ignore',
        },
      );
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      return { code, calls };
    } finally {
      server.close();
    }
  }

  it('opens the issue with its labels through the API', async () => {
    const { code, calls } = await runOutage('fail', []);
    assert.equal(code, 0);
    assert.deepEqual(
      calls.map((call) => `${call.method} ${call.url}`),
      [
        'GET /repos/wink/wink-smoke/issues?state=open&labels=outage%2Cenv%3Astaging&per_page=1',
        'POST /repos/wink/wink-smoke/issues',
      ],
    );
    assert.deepEqual((calls[1]?.body as { labels: string[] }).labels, ['outage', 'env:staging']);
  });

  it('comments on and closes the open issue when the run passes', async () => {
    const { code, calls } = await runOutage('pass', [{ number: 12 }]);
    assert.equal(code, 0);
    assert.deepEqual(
      calls.slice(1).map((call) => `${call.method} ${call.url}`),
      ['POST /repos/wink/wink-smoke/issues/12/comments', 'PATCH /repos/wink/wink-smoke/issues/12'],
    );
    assert.deepEqual(calls[2]?.body, { state: 'closed', state_reason: 'completed' });
  });
});
