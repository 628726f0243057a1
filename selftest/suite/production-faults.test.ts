/**
 * `--project=production` with every host overridden to an awake in-process emulator, with
 * connection-level faults (refused, reset, a host that never answers) and API redirects (a loop,
 * a hop into staging). Production is not warmed
 * (a refused connection is a failure at once, not sleep), a hang ends within SMOKE_API_TIMEOUT_S,
 * and the suite sent production nothing but GET and HEAD.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog.ts';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import type { RunSummary } from '../../src/summary.ts';
import {
  CHECKS_PER_ENVIRONMENT,
  assertVerdicts,
  overridesFor,
  runSuite,
  type RunResult,
  startTestEmulator,
} from '../harness.ts';

const API_TIMEOUT_S = 8;

describe('production with refused, reset and hanging hosts', () => {
  let emulator: RunningEmulator;
  let result: RunResult;

  before(async () => {
    emulator = await startTestEmulator({
      environment: 'production',
      scenario: {
        hosts: {
          'payment-api': { fault: 'refuse' },
          corporate: { fault: 'reset' },
          integrations: { fault: 'hang' },
          inventory: { fault: 'redirect-loop' },
          iam: { fault: 'cross-environment' },
        },
      },
    });
    result = await runSuite({
      args: ['--project=production'],
      env: {
        ...overridesFor('production', emulator.urls),
        SMOKE_API_TIMEOUT_S: String(API_TIMEOUT_S),
        // The bounds must sit below the timeout; these leave a healthy call on loopback far inside them.
        SMOKE_API_DEGRADED_MS: '6000',
        SMOKE_API_FAIL_MS: '7000',
      },
    });
  });
  after(() => emulator.close());

  it('runs no warm-up and starts no emulator', () => {
    assert.deepEqual([...new Set(result.outcomes.map((outcome) => outcome.project))], ['production']);
  });

  it('fails exactly the faulty hosts with their connection-level cause', () => {
    const timeout = new RegExp(`^GET /[^:]*: no answer in time \\(Timeout ${API_TIMEOUT_S * 1000}ms exceeded\\.\\)$`);
    assertVerdicts(result, 'production', emulator.urls, {
      'payment-api api answers': {
        fault: 'connect',
        cause: /^GET \/: connection refused \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/,
      },
      'payment-api serves /v3/api-docs/contract': {
        fault: 'connect',
        cause: /^GET \/v3\/api-docs\/contract: connection refused/,
      },
      'corporate app renders': {
        fault: 'connect',
        // Chromium names a reset either way, depending on when the reset lands.
        cause: /^connection reset before an answer \(net::ERR_(CONNECTION_RESET|SOCKET_NOT_CONNECTED)/,
      },
      'integrations api answers': { fault: 'timeout', cause: timeout },
      'integrations serves /v3/api-docs/channel-manager': { fault: 'timeout', cause: timeout },
      'inventory api answers': {
        fault: 'status',
        cause: /^GET \/: redirect loop: (http:\/\/127\.0\.0\.1:\d+)\/ -> \1\/loop -> \1\/$/,
      },
      ...Object.fromEntries(
        ['affiliate', 'booking-engine', 'extranet'].map((group) => [
          `inventory serves /v3/api-docs/${group}`,
          { fault: 'status', cause: new RegExp(`^GET /v3/api-docs/${group}: redirect loop: `) },
        ]),
      ),
      'iam api answers': {
        fault: 'isolation',
        cause:
          /^GET \/ redirected to staging's https:\/\/staging-iam\.wink\.travel\/ \(http:\/\/127\.0\.0\.1:\d+\/ -> https:\/\/staging-iam\.wink\.travel\/\)$/,
      },
    });
  });

  it('ends with a summary table: terminal, summary.json, summary.md and the GitHub step summary', () => {
    const summary = JSON.parse(
      fs.readFileSync(path.join(result.outputDir, 'results', 'summary.json'), 'utf8'),
    ) as RunSummary;
    assert.equal(summary.rows.length, CHECKS_PER_ENVIRONMENT);
    const row = (host: string, check: string) =>
      summary.rows.find((candidate) => candidate.host === host && candidate.check === check);
    assert.deepEqual(
      { ...row('payment-api', 'api answers'), message: undefined },
      {
        environment: 'production',
        host: 'payment-api',
        kind: 'api',
        check: 'api answers',
        verdict: 'fail',
        fault: 'connect',
        message: undefined,
      },
    );
    const studio = row('studio', 'app renders');
    assert.ok(
      studio?.verdict === 'pass' &&
        studio.status === 200 &&
        studio.latencyMs !== undefined &&
        studio.wake === undefined,
      JSON.stringify(studio),
    );
    assert.equal(row('iam', 'serves /.well-known/openid-configuration')?.status, 200);
    const header = '| environment | host | kind | check | verdict | HTTP | latency ms | wake | cert days | fault |';
    const markdown = fs.readFileSync(path.join(result.outputDir, 'results', 'summary.md'), 'utf8');
    assert.ok(markdown.includes(header), markdown);
    assert.match(
      markdown,
      /\| production \| corporate \| app \| app renders \| fail \| - \| - \| - \| - \| connect \|/,
    );
    assert.equal(fs.readFileSync(path.join(result.outputDir, 'step-summary.md'), 'utf8'), markdown);
    assert.match(result.stdout, /^environment +host +kind +check +verdict +HTTP +latency ms +wake +cert days +fault$/m);
    // A healthy check slowed by a busy machine passes as degraded: both count as passing here. The
    // authenticated ping is skipped: this run has no credentials.
    const counts = /wink-smoke: (\d+) pass(?:, (\d+) degraded)?, 10 fail, 1 skipped in [\d.]+ s/.exec(result.stdout);
    assert.ok(counts, result.stdout);
    assert.equal(Number(counts[1]) + Number(counts[2] ?? 0), 8);
  });

  it('sent production only GET and HEAD', () => {
    assert.ok(
      emulator.requests.length >= HOSTS.length,
      `the emulator saw the run: ${emulator.requests.length} requests`,
    );
    const methods = new Set(emulator.requests.map((request) => request.method));
    assert.deepEqual(
      [...methods].filter((method) => method !== 'GET' && method !== 'HEAD'),
      [],
    );
  });
});
