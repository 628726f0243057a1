/**
 * `--project=production` with every host overridden to an awake in-process emulator, with
 * connection-level faults on https hosts (refused, reset, a host that accepts and never speaks) and
 * API redirects (a loop, a hop into staging). Production is not warmed (a refused connection is a
 * failure at once, not sleep), a hang ends within SMOKE_API_TIMEOUT_S, the summary shows no
 * certificate days for hosts whose certificate could not be read but the cause, and the suite sent
 * production nothing but GET and HEAD.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import type { RunSummary } from '../../src/summary/summary.ts';
import { makeTestCertificates } from '../certificates.ts';
import {
  CHECKS_PER_ENVIRONMENT,
  CREDENTIALED,
  assertVerdicts,
  overridesFor,
  runSuite,
  SELFTEST_OUTPUT,
  type RunResult,
  startTestEmulator,
  failedStepsOf,
} from '../harness.ts';

const API_TIMEOUT_S = 8;
const INVENTORY = HOSTS.find((host) => host.id === 'inventory');
const INVENTORY_GROUPS = INVENTORY?.kind === 'api' ? (INVENTORY.openapiGroups?.groups ?? []) : [];

describe('production with refused, reset and hanging hosts', () => {
  let emulator: RunningEmulator;
  let result: RunResult;

  before(async () => {
    // https URLs whose certificate can never be read: the connection fails before any handshake.
    const tls = makeTestCertificates(path.join(SELFTEST_OUTPUT, `certificates-${process.pid}-faults`)).files.valid;
    emulator = await startTestEmulator({
      environment: 'production',
      scenario: {
        hosts: {
          'payment-api': { fault: 'refuse', tls },
          corporate: { fault: 'reset', tls },
          partner: { fault: 'refuse' },
          integrations: { fault: 'hang', tls },
          inventory: { fault: 'redirect-loop' },
          iam: { fault: 'cross-environment' },
        },
      },
    });
    result = await runSuite({
      args: ['--project=production'],
      // Integrations hangs: each of its six checks waits out the 8 s bound, on one of two workers.
      // About 45 s alone, over two minutes on a machine running other suites: 5 minutes bound a hang.
      timeoutMs: 300_000,
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
      'payment-api lists its API groups': {
        fault: 'connect',
        cause: /^GET \/v3\/api-docs\/swagger-config: connection refused/,
      },
      'payment-api serves /v3/api-docs/payment': {
        fault: 'connect',
        cause: /^GET \/v3\/api-docs\/payment: connection refused/,
      },
      'corporate app renders': {
        fault: 'connect',
        // Chromium names a reset either way, depending on when the reset lands.
        cause: /^connection reset before an answer \(net::ERR_(CONNECTION_RESET|SOCKET_NOT_CONNECTED)/,
      },
      'integrations api answers': { fault: 'timeout', cause: timeout },
      'integrations health is UP': { fault: 'timeout', cause: timeout },
      'partner grpc answers': {
        fault: 'connect',
        cause: /^gRPC \/wink\.grpc\.v1\.Diagnostics\/Echo: connection refused/,
      },
      'integrations lists its API groups': { fault: 'timeout', cause: timeout },
      'integrations serves /v3/api-docs/channel-manager': { fault: 'timeout', cause: timeout },
      'integrations mcp /mcp publishes its metadata': { fault: 'timeout', cause: timeout },
      'integrations mcp /mcp asks for a token': { fault: 'timeout', cause: timeout },
      'inventory mcp /mcp publishes its metadata': {
        fault: 'status',
        cause: /^GET \/\.well-known\/oauth-protected-resource\/mcp: redirect loop: /,
      },
      // The 401 is asked for without following redirects: a redirect where a 401 belongs is an answer of its own.
      'inventory mcp /mcp asks for a token': {
        fault: 'status',
        cause: /^GET \/mcp without a token answered HTTP 302; expected 401$/,
      },
      'inventory api answers': {
        fault: 'status',
        cause: /^GET \/: redirect loop: (http:\/\/127\.0\.0\.1:\d+)\/ -> \1\/loop -> \1\/$/,
      },
      ...Object.fromEntries(
        [...INVENTORY_GROUPS.map((group) => `/v3/api-docs/${group}`), '/scalar'].map((path) => [
          `inventory serves ${path}`,
          { fault: 'status', cause: new RegExp(`^GET ${path}: redirect loop: `) },
        ]),
      ),
      'inventory lists its API groups': {
        fault: 'status',
        cause: /^GET \/v3\/api-docs\/swagger-config: redirect loop: /,
      },
      'inventory health is UP': { fault: 'status', cause: /^GET \/actuator\/health: redirect loop: / },
      'iam login page renders': {
        fault: 'isolation',
        cause: /^the page was redirected to staging's https:\/\/staging-iam\.wink\.travel\/$/,
      },
      'iam api answers': {
        fault: 'isolation',
        cause:
          /^GET \/ redirected to staging's https:\/\/staging-iam\.wink\.travel\/ \(http:\/\/127\.0\.0\.1:\d+\/ -> https:\/\/staging-iam\.wink\.travel\/\)$/,
      },
    });
  });

  it('marks the request that failed as the failed step of the report', () => {
    assert.deepEqual(failedStepsOf(result, ['payment-api api answers', 'inventory health is UP']), {
      'payment-api api answers': ['GET /'],
      'inventory health is UP': ['GET /actuator/health'],
    });
  });

  it("points each failure at its check's own line, never at the fixtures", () => {
    // Each failure's code frame is its kind's step: `at ../src/kinds/api-answers.ts:<line>`.
    assert.match(result.stdout, /^ +at \.\.\/src\/kinds\/api-answers\.ts:\d+$/m);
    assert.match(result.stdout, /^ +at \.\.\/src\/kinds\/health\.ts:\d+$/m);
    assert.doesNotMatch(result.stdout, /fixtures\//, 'no frame of the fixtures in the terminal output');
  });

  it('ends with a summary table: no certificate days where none were read, the cause instead', () => {
    const summary = JSON.parse(
      fs.readFileSync(path.join(result.outputDir, 'results', 'summary.json'), 'utf8'),
    ) as RunSummary;
    assert.equal(summary.rows.length, CHECKS_PER_ENVIRONMENT);
    const row = (host: string, name: string) =>
      summary.rows.find((candidate) => candidate.host === host && candidate.name === name);
    const unreadable = [
      ['payment-api', /^connect ECONNREFUSED 127\.0\.0\.1:\d+$/, /^GET \/: connection refused/],
      [
        'corporate',
        /^((connect|read) ECONNRESET( 127\.0\.0\.1:\d+)?|Client network socket disconnected before secure TLS connection was established)$/,
        /^connection reset before an answer/,
      ],
      [
        'integrations',
        new RegExp(`^no TLS handshake within ${API_TIMEOUT_S * 1000} ms$`),
        /^GET \/: no answer in time/,
      ],
    ] as const;
    for (const [host, reason, cause] of unreadable) {
      const checked = row(host, host === 'corporate' ? 'app renders' : 'api answers');
      assert.ok(checked, `${host} has a row`);
      assert.equal(checked.verdict, 'fail');
      assert.equal(checked.url, emulator.urls[host]);
      assert.match(checked.url, /^https:/);
      assert.ok(checked.certificate.state === 'unreachable', JSON.stringify(checked));
      assert.match(checked.certificate.reason, reason);
      assert.match(checked.cause ?? '', cause);
    }
    const studio = row('studio', 'app renders');
    assert.ok(
      studio?.verdict === 'pass' && studio.httpStatus === 200 && studio.latencyMs !== undefined && !studio.wake,
      JSON.stringify(studio),
    );
    assert.equal(row('iam', 'serves its OAuth metadata')?.httpStatus, 200);

    // The terminal table and summary.md: a dash in the certificate column, the cause in the failures.
    const markdown = fs.readFileSync(path.join(result.outputDir, 'results', 'summary.md'), 'utf8');
    assert.ok(
      markdown.includes('| environment | host | wake | check | verdict | HTTP | ms | cert | fault |'),
      markdown,
    );
    assert.match(
      markdown,
      /^\| production \| payment-api\* \| - \| api answers \| fail \| - \| - \| - \| connect \|$/m,
    );
    assert.match(markdown, /^\| production \| corporate\* \| - \| app renders \| fail \| - \| - \| - \| connect \|$/m);
    assert.match(markdown, /^\| production \| integrations \| - \| api answers \| fail \| - \| - \| - \| timeout \|$/m);
    assert.match(markdown, /^- production integrations https:\/\/127\.0\.0\.1:\d+: GET \/: no answer in time/m);
    assert.equal(fs.readFileSync(path.join(result.outputDir, 'step-summary.md'), 'utf8'), markdown);
    assert.match(result.stdout, /^host +check +verdict +HTTP +ms +cert +fault$/m);
    assert.match(result.stdout, /^payment-api\* +api answers +fail +- +- +- +connect$/m);
    assert.match(result.stdout, /^integrations +api answers +fail +- +- +- +timeout$/m);
    assert.match(
      result.stdout,
      /^ {2}production corporate https:\/\/127\.0\.0\.1:\d+: connection reset before an answer/m,
    );
    const table = result.stdout.slice(result.stdout.indexOf('production:\n'));
    for (const line of table.split('\n').filter((text) => !text.startsWith('  ')))
      assert.ok(line.length <= 100, `fits 100 columns: ${line}`);
    // A healthy check slowed by a busy machine passes as degraded: both count as passing here. The
    // authenticated ping is skipped: this run has no credentials.
    const counts = new RegExp(
      `wink-smoke: (\\d+) pass(?:, (\\d+) degraded)?, (\\d+) fail, ${CREDENTIALED} skipped in [\\d.]+ s`,
    ).exec(result.stdout);
    assert.ok(counts, result.stdout);
    assert.equal(Number(counts[1]) + Number(counts[2] ?? 0) + Number(counts[3]) + CREDENTIALED, CHECKS_PER_ENVIRONMENT);
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
