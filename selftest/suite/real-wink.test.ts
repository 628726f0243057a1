/**
 * The Wink that Wink's own status page and docs show, played by the emulator:
 * - production: inventory's Actuator health DOWN (its database) while `/` still answers 401, a health
 *   endpoint answering JSON of another shape, IAM behind its login wall with only its RFC 8414
 *   metadata public, and the gRPC Partner API answering UNAVAILABLE;
 * - staging asleep the Cloud Run way (requests held until it wakes), with only retired hosts down,
 *   under the default SMOKE_RETIRED=report: the run passes, and says which retired hosts failed, and why.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import type { RunSummary } from '../../src/summary/summary.ts';
import {
  CREDENTIALED,
  assertVerdicts,
  describeOutcomes,
  overridesFor,
  runSuite,
  startTestEmulator,
  warmupRecordOf,
  type RunResult,
} from '../harness.ts';
import { assertOneWordEach } from '../outputs.ts';

const WAKE_MS = 2500;

describe('the real Wink: health, the login wall, gRPC, a held wake, retired hosts', () => {
  let production: RunningEmulator;
  let staging: RunningEmulator;
  let unhealthy: RunResult;
  let retiredOnly: RunResult;

  before(async () => {
    production = await startTestEmulator({
      environment: 'production',
      scenario: {
        hosts: {
          inventory: { fault: 'health-down' },
          integrations: { fault: 'health-garbled' },
          iam: { fault: 'no-openid-metadata' },
          partner: { fault: 'status' },
        },
      },
    });
    staging = await startTestEmulator({
      wakeAfterMs: WAKE_MS,
      scenario: { wakeStyle: 'held', hosts: { agent: { fault: 'script-error' }, 'payment-api': { fault: 'status' } } },
    });
    [unhealthy, retiredOnly] = await Promise.all([
      runSuite({ args: ['--project=production'], env: overridesFor('production', production.urls) }),
      runSuite({
        args: ['--project=staging'],
        env: { ...overridesFor('staging', staging.urls), SMOKE_RETIRED: 'report', SMOKE_WARMUP_TIMEOUT_S: '30' },
      }),
    ]);
  });
  after(() => Promise.all([production.close(), staging.close()]));

  it('fails health DOWN behind a 401 at / as health, naming the component; a body of another shape as content; UNAVAILABLE over gRPC as status', () => {
    assertVerdicts(unhealthy, 'production', production.urls, {
      'inventory health is UP': {
        fault: 'health',
        cause: /^GET \/actuator\/health answered HTTP 503 with status DOWN; not UP: db \(DOWN\)$/,
      },
      'integrations health is UP': {
        fault: 'content',
        cause:
          /^GET \/actuator\/health answered HTTP 200 but not an Actuator health document \(starts "\{\\"healthy\\":true\}"\)$/,
      },
      'partner grpc answers': { fault: 'status', cause: /UNAVAILABLE \(14\)/ },
    });
    const root = unhealthy.outcomes.find((outcome) => outcome.title === 'inventory api answers')?.record;
    assert.equal(root?.httpStatus, 401, 'the root still answers, from the security filter');
  });

  it('passes IAM behind its login wall with one metadata document public, and says which', () => {
    const metadata = unhealthy.outcomes.find((outcome) => outcome.title === 'iam serves its OAuth metadata')?.record;
    assert.equal(metadata?.outcome, 'pass', describeOutcomes(unhealthy.outcomes));
    assert.equal(metadata.detail, 'served by /.well-known/oauth-authorization-server');
    const login = unhealthy.outcomes.find((outcome) => outcome.title === 'iam login page renders')?.record;
    assert.equal(login?.outcome, 'pass');
    assert.equal(login.detail, 'landed on the login page /login with a sign-in form');
    const portal = unhealthy.outcomes.find((outcome) => outcome.title === 'portal app renders')?.record;
    assert.match(portal?.detail ?? '', /^sent to IAM's login page http:\/\/127\.0\.0\.1:\d+\/login$/);
  });

  it('waits through a wake that holds requests, with true wake times', () => {
    const warmup = retiredOnly.outcomes.find((outcome) => outcome.project === 'staging-warmup');
    assert.equal(warmup?.status, 'expected', retiredOnly.stdout);
    const record = warmupRecordOf(warmup);
    // A held request is answered once the emulator's clock says it is awake, and the warm-up's
    // clock starts before its first contact: no wake is seen sooner than the emulator's sleep.
    for (const host of record.hosts.filter((candidate) => candidate.id !== 'agent')) {
      assert.ok(
        host.wakeMs !== undefined && host.wakeMs >= WAKE_MS,
        `${host.id} seen awake ${host.wakeMs} ms into the warm-up; expected the emulator's ${WAKE_MS} ms sleep, or more: ${JSON.stringify(host)}`,
      );
    }
  });

  it('exits 0 when only retired hosts are down, and says which and why', () => {
    assert.equal(retiredOnly.code, 0, `${retiredOnly.stdout}\n${retiredOnly.stderr}`);
    const summary = JSON.parse(
      fs.readFileSync(path.join(retiredOnly.outputDir, 'results', 'summary.json'), 'utf8'),
    ) as RunSummary;
    const failing = summary.rows.filter((row) => row.verdict === 'fail');
    assert.deepEqual(failing.map((row) => [row.host, row.name, row.fault, row.reportedOnly]).sort(), [
      ['agent', 'app renders', 'page-error', true],
      ['payment-api', 'api answers', 'status', true],
      ['payment-api', 'lists its API groups', 'status', true],
      ['payment-api', 'serves /v3/api-docs/payment', 'status', true],
    ]);
    const current = summary.rows.filter((row) => !HOSTS.find((host) => host.id === row.host)?.retired);
    assert.ok(current.every((row) => row.verdict !== 'fail'));
    // Skipped, as Playwright has them, with what failed: the word is one in every output.
    assert.match(
      retiredOnly.stdout,
      new RegExp(`wink-smoke: \\d+ pass(?:, \\d+ degraded)?, ${CREDENTIALED + 4} skipped \\(4 reported only\\) in `),
    );
    assert.match(
      retiredOnly.stdout,
      /^ {2}staging skipped, retired host, reported only: uncaught error in the page: .*: agent app renders$/m,
    );
    assert.deepEqual([...assertOneWordEach(retiredOnly, 'staging')].sort(), ['pass', 'skipped']);
    const skipped = retiredOnly.outcomes.find((outcome) => outcome.title === 'agent app renders');
    assert.equal(skipped?.status, 'skipped');
    assert.match(
      skipped.annotations.find((annotation) => annotation.type === 'skip')?.description ?? '',
      /^retired host \(.*\), reported only: page-error: uncaught error in the page/,
    );
  });
});
