/** Outage and monitor issue decisions on histories written here; the scripts against a fake GitHub are in selftest/suite/alerts.test.ts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertPolicy } from '../../src/config/policies.ts';
import { deriveAlerts } from '../../src/alerts/state.ts';
import { diedRunLine, type CheckLine, type HistoryLine, type RunLine } from '../../src/history/history.ts';
import { decideHeartbeat, decideIssues, type OpenIssue } from '../../src/alerts/outage.ts';
import type { Verdict } from '../../src/checks/record.ts';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const POLICY: AlertPolicy = { alertAfter: 1, recoverAfter: 1, remindMs: 12 * 3_600_000 };
const LINK = 'https://github.com/wink/wink-smoke/actions/runs/42';

/** A run at `minutes` after T0: each host's checks with their verdicts. */
function run(
  minutes: number,
  hosts: Readonly<Record<string, Readonly<Record<string, Verdict>>>>,
  retired: readonly string[] = [],
): HistoryLine[] {
  const time = at(minutes);
  const checks = Object.entries(hosts).flatMap(([host, verdicts]) =>
    Object.entries(verdicts).map(([check, verdict]): CheckLine => ({
      type: 'check',
      at: time,
      host,
      check,
      verdict,
      ...(verdict === 'fail' ? { fault: 'status', cause: 'answered HTTP 500' } : {}),
      ...(retired.includes(host) ? { retired: true as const } : {}),
    })),
  );
  const line: RunLine = {
    type: 'run',
    run: time,
    at: time,
    environment: 'production',
    status: 'failed',
    checks: checks.length,
    link: LINK,
  };
  return [line, ...checks];
}

function decide(lines: readonly HistoryLine[], openOutage?: OpenIssue, openMonitor?: OpenIssue) {
  return decideIssues({ environment: 'production', runs: deriveAlerts(lines, POLICY).runs, openOutage, openMonitor });
}

const healthy = {
  inventory: { 'api answers': 'pass', 'health is UP': 'pass' },
  iam: { 'api answers': 'pass' },
} as const;
const inventoryDown = { ...healthy, inventory: { 'api answers': 'pass', 'health is UP': 'fail' } } as const;
const bothDown = { ...inventoryDown, iam: { 'api answers': 'fail' } } as const;

describe('outage issue', () => {
  it('opens when a host goes down, its body saying since when and what fails', () => {
    const actions = decide([...run(0, healthy), ...run(30, inventoryDown)]);
    assert.equal(actions.length, 1);
    const [open] = actions;
    assert.ok(open?.kind === 'open');
    assert.equal(open.title, 'Smoke: production is down');
    assert.deepEqual(open.labels, ['outage', 'env:production']);
    assert.match(
      open.body,
      /failing since 2026-03-02 08:30 UTC \(under a minute as of \[the run of 2026-03-02 08:30 UTC\]\(https:/,
    );
    assert.match(
      open.body,
      /\| `inventory` \| 2026-03-02 08:30 UTC \| under a minute \| health is UP \(status\): answered HTTP 500 \|/,
    );
  });

  it('says nothing while the failing set stays the same, and comments when it changes', () => {
    const history = [...run(0, healthy), ...run(30, inventoryDown), ...run(60, inventoryDown)];
    assert.deepEqual(decide(history, { number: 7 }), []);
    const changed = decide([...history, ...run(90, bothDown)], { number: 7 });
    assert.deepEqual(
      changed.map((action) => action.kind),
      ['update', 'comment'],
    );
    const comment = changed[1]!;
    assert.ok(comment.kind === 'comment' && comment.issue === 7);
    assert.match(comment.body, /- now failing: `iam: api answers`/);
    const update = changed[0];
    assert.match(update?.kind === 'update' ? update.body : '', /\| `inventory` \| 2026-03-02 08:30 UTC \| 1 h \|/);
  });

  it('closes with the outage’s duration when every host is up again', () => {
    const actions = decide([...run(0, inventoryDown), ...run(30, bothDown), ...run(95, healthy)], { number: 7 });
    assert.deepEqual(actions, [
      {
        kind: 'close',
        issue: 7,
        body: `Every host is up again, as of [the run of 2026-03-02 09:35 UTC](${LINK}). The outage lasted 1 h 35 min, from 2026-03-02 08:00 UTC to 2026-03-02 09:35 UTC.`,
      },
    ]);
  });

  it('never opens for a retired host, and closes an issue it alone kept open', () => {
    const retiredDown = { ...healthy, agent: { 'app renders': 'fail' } } as const;
    assert.deepEqual(decide([...run(0, healthy), ...run(30, retiredDown, ['agent'])]), []);
    const actions = decide([...run(0, retiredDown), ...run(30, retiredDown, ['agent'])], { number: 3 });
    assert.equal(actions[0]?.kind, 'close');
  });
});

describe('monitor issue', () => {
  const died = diedRunLine('production', 'died', new Date(at(60)), 'npm ci failed: ETIMEDOUT', LINK);

  it('opens a monitor issue, never an outage one, when a run dies; quiet while it stays open', () => {
    const actions = decide([...run(0, healthy), died]);
    assert.equal(actions.length, 1);
    const [open] = actions;
    assert.ok(open?.kind === 'open');
    assert.deepEqual(open.labels, ['monitor', 'env:production']);
    assert.match(open.body, /died before any check reported, since 2026-03-02 09:00 UTC/);
    assert.match(open.body, /- npm ci failed: ETIMEDOUT/);
    const again = diedRunLine('production', 'died again', new Date(at(90)), 'npm ci failed', LINK);
    assert.deepEqual(decide([...run(0, healthy), died, again], undefined, { number: 9 }), []);
  });

  it('keeps the outage issue as it is through a dead run, and closes the monitor issue when a run finishes', () => {
    const throughDeath = decide([...run(0, inventoryDown), died], { number: 7 });
    assert.deepEqual(
      throughDeath.map((action) => (action.kind === 'open' ? action.labels[0] : action.kind)),
      ['monitor'],
      'only the monitor issue is opened; the outage issue is left as it is',
    );
    const actions = decide([...run(0, healthy), died, ...run(90, healthy)], undefined, { number: 9 });
    assert.deepEqual(actions, [
      {
        kind: 'close',
        issue: 9,
        body: `Runs finish again, as of [the run of 2026-03-02 09:30 UTC](${LINK}). The monitor was broken for 30 min, from 2026-03-02 09:00 UTC.`,
      },
    ]);
  });
});

describe('heartbeat', () => {
  const finished = run(0, healthy)[0] as RunLine;
  /** Production's heartbeat `minutes` after the first run, allowing two hours. */
  const heartbeat = (minutes: number, lastFinished: RunLine | undefined, openMonitor?: { number: number }) =>
    decideHeartbeat({
      environment: 'production',
      now: new Date(at(minutes)),
      maxAgeMs: 2 * 3_600_000,
      lastFinished,
      openMonitor,
    });

  it('is fresh within SMOKE_HEARTBEAT_H of the newest finished run', () => {
    assert.deepEqual(heartbeat(119, finished), { stale: false, action: undefined });
  });

  it('opens a monitor issue when stale, unless one is open', () => {
    const stale = heartbeat(185, finished);
    assert.ok(stale.stale && stale.action?.kind === 'open');
    assert.deepEqual(stale.action.labels, ['monitor', 'env:production']);
    assert.match(stale.action.body, /no finished run of \*\*production\*\* for 3 h 5 min \(it allows 2 h\)/);
    assert.deepEqual(heartbeat(185, undefined, { number: 4 }), { stale: true, action: undefined });
  });
});
