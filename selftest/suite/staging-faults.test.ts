/**
 * `--project=staging` with every host overridden to an in-process emulator that sleeps the Cloud Run
 * way (429 until it wakes), then wakes with a fault in six hosts: the warm-up waits through the 429s,
 * then exactly those checks fail, each with its fault class and cause, and every other check passes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import {
  assertVerdicts,
  overridesFor,
  runSuite,
  type RunResult,
  startTestEmulator,
  warmupRecordOf,
} from '../harness.ts';

const WAKE_MS = 1500;
const WARMUP_BUDGET_S = 10;

describe('staging, sleeping, with a fault in six hosts', () => {
  let emulator: RunningEmulator;
  let result: RunResult;

  before(async () => {
    emulator = await startTestEmulator({
      wakeAfterMs: WAKE_MS,
      scenario: {
        wakeStyle: 'too-many-requests',
        hosts: {
          winklinks: { fault: 'asleep' },
          studio: { fault: 'status', status: 500 },
          integrations: { fault: 'blank' },
          agent: { fault: 'blank' },
          payment: { fault: 'script-error' },
          'booking-engine': { fault: 'missing-bundle' },
        },
      },
    });
    result = await runSuite({
      args: ['--project=staging'],
      env: { ...overridesFor('staging', emulator.urls), SMOKE_WARMUP_TIMEOUT_S: String(WARMUP_BUDGET_S) },
    });
  });
  after(() => emulator.close());

  it('waits for the sleeping hosts, and passes the warm-up because most woke', () => {
    const warmup = result.outcomes.find((outcome) => outcome.project === 'staging-warmup');
    assert.equal(warmup?.status, 'expected', result.stdout);
    const record = warmupRecordOf(warmup);
    assert.equal(record.hosts.length, HOSTS.length);
    for (const host of record.hosts.filter((candidate) => candidate.id !== 'winklinks')) {
      assert.ok(
        host.wakeMs !== undefined && host.wakeMs >= WAKE_MS && host.wakeMs < WARMUP_BUDGET_S * 1000,
        `${host.id} seen awake ${host.wakeMs} ms into the warm-up, through its 429s; expected from the emulator's ${WAKE_MS} ms sleep to the ${WARMUP_BUDGET_S * 1000} ms budget: ${JSON.stringify(host)}`,
      );
    }
    assert.match(result.stdout, new RegExp(`staging: ${HOSTS.length - 1}/${HOSTS.length} awake`));
  });

  it('starts the wake as the run starts: the runner contacts every host before the warm-up begins', () => {
    const warmup = result.outcomes.find((outcome) => outcome.project === 'staging-warmup');
    const warmupStart = Date.parse(warmup?.results.at(-1)?.startTime ?? '');
    const firstContact = new Map<string, number>();
    for (const request of emulator.requests) {
      if (!firstContact.has(request.host)) firstContact.set(request.host, request.at);
    }
    const late = HOSTS.filter((host) => !((firstContact.get(host.id) ?? Infinity) < warmupStart)).map(
      (host) => host.id,
    );
    assert.deepEqual(
      late,
      [],
      `hosts first contacted at or after the warm-up's start (${warmup?.results.at(-1)?.startTime})`,
    );
  });

  it('fails exactly the faulty hosts, each with its cause, and passes every other', () => {
    const asleep = new RegExp(
      `^still asleep after the warm-up waited ${WARMUP_BUDGET_S} s; last error: HTTP 503 Service Unavailable$`,
    );
    assertVerdicts(result, 'staging', emulator.urls, {
      'winklinks app renders': { fault: 'asleep', cause: asleep },
      'integrations health is UP': {
        fault: 'content',
        cause: /^GET \/actuator\/health answered HTTP 200 but not an Actuator health document \(starts ""\)$/,
      },
      'integrations lists its API groups': {
        fault: 'content',
        cause: /^GET \/v3\/api-docs\/swagger-config: not a springdoc group list: /,
      },
      'integrations serves /v3/api-docs/channel-manager': {
        fault: 'content',
        cause: /^GET \/v3\/api-docs\/channel-manager answered 200 but not JSON \(starts ""\)$/,
      },
      'integrations mcp /mcp publishes its metadata': {
        fault: 'content',
        cause: /^GET \/\.well-known\/oauth-protected-resource\/mcp: the metadata is not a JSON object$/,
      },
      'integrations mcp /mcp asks for a token': {
        fault: 'status',
        cause: /^GET \/mcp without a token answered HTTP 200; expected 401$/,
      },
      'studio app renders': { fault: 'status', cause: /^answered HTTP 500 Internal Server Error/ },
      'agent app renders': {
        fault: 'content',
        cause: /^the page stayed blank 10 s after loading \(title "Wink Agent"/,
      },
      'payment app renders': { fault: 'page-error', cause: /^uncaught error in the page: .*apiBaseUrl/ },
      'booking-engine app renders': {
        fault: 'page-error',
        cause: /^its script http:\/\/127\.0\.0\.1:\d+\/assets\/app\.js failed to load \(HTTP 404\)$/,
      },
    });
    assert.notEqual(result.code, 0, 'the run exits non-zero');
  });

  it('attaches a screenshot to every app check, failed or not', () => {
    const apps = HOSTS.filter((host) => host.kind === 'app' && host.id !== 'winklinks');
    for (const app of apps) {
      const outcome = result.outcomes.find(
        (candidate) => candidate.project === 'staging' && candidate.record?.host === app.id,
      );
      const attachments = outcome?.results.at(-1)?.attachments.map((attachment) => attachment.name) ?? [];
      assert.ok(attachments.includes('screenshot'), `${app.id} has a screenshot: ${attachments.join(', ')}`);
    }
  });
});
