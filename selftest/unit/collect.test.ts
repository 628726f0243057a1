/**
 * The run's summary from what Playwright hands its reporters: here, the control probe's record on a
 * test that was retried. The probe is attached to the first attempt of the first test its worker
 * ran; a retry runs in another worker, which does not probe again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FullResult, TestCase } from '@playwright/test/reporter';
import { CONTROL_ATTACHMENT, type ControlRecord } from '../../src/checks/control.ts';
import { recordAttachment, type CheckRecord } from '../../src/checks/record.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { checkPlan } from '../../src/plan/plan.ts';
import { summariseRun } from '../../src/summary/summarise.ts';

const current = parseSettings({});
const planned = checkPlan(current.hosts).find(
  (check) => check.host.id === 'inventory' && check.kind === 'api-answers',
)!;

/** The check's record: refused, as every host is for a runner cut off from the network. */
const refused = {
  environment: 'production',
  host: planned.host.id,
  url: 'https://inventory.example',
  kind: planned.host.kind,
  check: planned.kind,
  name: planned.name,
  outcome: 'fail',
  fault: 'connect',
  cause: 'connection refused',
  certificate: { state: 'not-inspected' },
} as unknown as CheckRecord;

const control: ControlRecord = {
  environment: 'production',
  probes: [{ url: 'http://127.0.0.1:9', answered: false, fault: 'connect', cause: 'connection refused' }],
};

const attachment = (name: string, value: unknown) => ({
  name,
  contentType: 'application/json',
  body: Buffer.from(JSON.stringify(value)),
});

/** A test of production that failed twice; the control's record only on its first attempt. */
function retriedTest(): TestCase {
  const record = recordAttachment(refused);
  const attempt = (withControl: boolean) => ({
    status: 'failed',
    error: { message: 'connection refused' },
    attachments: [
      { ...record, body: Buffer.from(record.body) },
      ...(withControl ? [attachment(CONTROL_ATTACHMENT, control)] : []),
    ],
  });
  return {
    title: planned.title,
    parent: { project: () => ({ name: 'production' }) },
    outcome: () => 'unexpected',
    results: [attempt(true), attempt(false)],
  } as unknown as TestCase;
}

describe('the run summary', () => {
  it('finds the control probe on any attempt of a retried test, and judges the run the monitor’s', () => {
    const result = { status: 'failed', startTime: new Date(), duration: 1000 } as FullResult;
    const summary = summariseRun([retriedTest()], result, current);
    assert.deepEqual(
      summary?.offline?.map((entry) => entry.environment),
      ['production'],
      'the control went unanswered too: the runner is cut off, Wink is not down',
    );
    assert.equal(summary?.rows[0]?.verdict, 'skipped');
  });
});
