/** What notify owes each channel, from histories written here: the newest run's changes, and every earlier one a channel did not take. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveAlerts } from '../../src/alerts/state.ts';
import { deliveriesOf, deliveryLine, outbox, type Outgoing } from '../../src/alerts/outbox.ts';
import type { ChannelVariable } from '../../src/config/channels.ts';
import type { DeliveryLine, HistoryLine } from '../../src/history/history.ts';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const POLICY = { alertAfter: 1, recoverAfter: 1, remindMs: 3_600_000 };
const SLACK: ChannelVariable = 'SMOKE_SLACK_WEBHOOK_URL';
const JSON_HOOK: ChannelVariable = 'SMOKE_WEBHOOK_URL';

/** A run at `minutes` in which inventory passes or fails. */
function run(minutes: number, inventory: 'pass' | 'fail'): HistoryLine[] {
  const time = at(minutes);
  return [
    { type: 'run', run: `${time}#1`, at: time, environment: 'production', status: 'passed', checks: 1 },
    {
      type: 'check',
      at: time,
      host: 'inventory',
      check: 'api answers',
      verdict: inventory,
      ...(inventory === 'fail' ? { fault: 'status', cause: 'answered HTTP 500' } : {}),
    },
  ];
}

/** What each channel is owed, as `<channel> <run minute> <change>`, at `now` (the newest line's time by default). */
function owed(lines: readonly HistoryLine[], channels: readonly ChannelVariable[], now = new Date(at(10_000))) {
  const queues = outbox('production', deriveAlerts(lines, POLICY, now), deliveriesOf(lines, now), channels);
  return [...queues].flatMap(([channel, items]) =>
    items.map((item) => `${channel} ${(Date.parse(item.change.run.at) - T0) / 60_000} ${item.change.key}`),
  );
}

/** The delivery lines of sending `channel` what it is owed at `minutes`: all delivered, or all refused with `error`. */
function sent(
  lines: readonly HistoryLine[],
  channel: ChannelVariable,
  minutes: number,
  error?: string,
): DeliveryLine[] {
  const now = new Date(at(minutes));
  const queue = outbox('production', deriveAlerts(lines, POLICY, now), deliveriesOf(lines, now), [channel]);
  return (queue.get(channel) ?? []).map((item: Outgoing) => deliveryLine(item, channel, now, error));
}

describe('the outbox', () => {
  it("owes every channel the newest run's changes, and nothing of earlier runs never sent", () => {
    const lines = [...run(0, 'fail'), ...run(30, 'pass')];
    assert.deepEqual(owed(lines, [SLACK, JSON_HOOK]), [
      'SMOKE_SLACK_WEBHOOK_URL 30 recovered inventory',
      'SMOKE_WEBHOOK_URL 30 recovered inventory',
    ]);
  });

  it('owes nothing a channel took: notify twice for one run sends nothing twice', () => {
    const lines = run(0, 'fail');
    const history = [...lines, ...sent(lines, SLACK, 1)];
    assert.deepEqual(owed(history, [SLACK, JSON_HOOK]), ['SMOKE_WEBHOOK_URL 0 down inventory']);
  });

  it('owes a refused down again, with its original time, before the recovery that followed it', () => {
    const first = run(0, 'fail');
    const refused = sent(first, SLACK, 1, 'SMOKE_SLACK_WEBHOOK_URL: answered HTTP 500');
    assert.deepEqual(
      refused.map(({ run: runId, change, delivered, error }) => ({ runId, change, delivered, error })),
      [
        {
          runId: `${at(0)}#1`,
          change: 'down inventory',
          delivered: false,
          error: 'SMOKE_SLACK_WEBHOOK_URL: answered HTTP 500',
        },
      ],
    );
    const history = [...first, ...refused, ...run(30, 'pass')];
    assert.deepEqual(owed(history, [SLACK]), [
      'SMOKE_SLACK_WEBHOOK_URL 0 down inventory',
      'SMOKE_SLACK_WEBHOOK_URL 30 recovered inventory',
    ]);
    const now = new Date(at(31));
    const late = outbox('production', deriveAlerts(history, POLICY, now), deliveriesOf(history, now), [SLACK]).get(
      SLACK,
    )![0]!;
    assert.equal(late.message.title, 'production: inventory is down');
    assert.deepEqual(late.message.run.at, at(0));
    assert.equal(late.message.lines.at(-1), 'Sent late: due 2026-03-02 08:01 UTC, not delivered then.');
    const delivered = [...history, ...sent(history, SLACK, 31)];
    assert.deepEqual(owed(delivered, [SLACK]), [], 'delivered once, owed no more');
  });

  it('drops a refused reminder that a later change of its host overtook', () => {
    const lines = [...run(0, 'fail'), ...run(60, 'fail')];
    const refused = sent(lines, SLACK, 61, 'SMOKE_SLACK_WEBHOOK_URL: answered HTTP 500');
    assert.deepEqual(
      refused.map((line) => line.change),
      ['reminder inventory'],
    );
    assert.deepEqual(owed([...lines, ...refused], [SLACK]), ['SMOKE_SLACK_WEBHOOK_URL 60 reminder inventory']);
    assert.deepEqual(owed([...lines, ...refused, ...run(90, 'pass')], [SLACK]), [
      'SMOKE_SLACK_WEBHOOK_URL 90 recovered inventory',
    ]);
  });

  it('sees no send after `now`', () => {
    const lines = run(0, 'fail');
    const history = [...lines, ...sent(lines, SLACK, 5)];
    assert.deepEqual(owed(history, [SLACK], new Date(at(4))), ['SMOKE_SLACK_WEBHOOK_URL 0 down inventory']);
    assert.deepEqual(owed(history, [SLACK], new Date(at(5))), []);
  });
});
