/** The alert state on histories written here: one announcement per change, reminders when due, silences, retired hosts, dead runs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertPolicy } from '../../src/config/policies.ts';
import { deriveAlerts, newestFinishedRun } from '../../src/alerts/state.ts';
import { failingSet } from '../../src/alerts/outage.ts';
import { diedRunLine, type CheckLine, type HistoryLine, type RunLine } from '../../src/history/history.ts';
import type { Silence } from '../../src/config/maintenance.ts';
import type { Verdict } from '../../src/checks/record.ts';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3_600_000;
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const DEFAULT: AlertPolicy = { alertAfter: 1, recoverAfter: 1, remindMs: 12 * HOUR };

interface CheckSpec {
  readonly verdict: Verdict;
  readonly check?: string;
  readonly retired?: true;
  readonly silenced?: Silence;
  readonly issuer?: string;
}

/** A finished run at `minutes` after T0: one check per host (or the given checks), as the reporter writes them. */
function run(
  minutes: number,
  hosts: Readonly<Record<string, Verdict | CheckSpec | readonly CheckSpec[]>>,
): HistoryLine[] {
  const time = at(minutes);
  const checks: CheckLine[] = Object.entries(hosts).flatMap(([host, spec]) =>
    (Array.isArray(spec) ? spec : [typeof spec === 'string' ? { verdict: spec } : spec]).map(
      (check: CheckSpec): CheckLine => ({
        type: 'check',
        at: time,
        host,
        check: check.check ?? 'api answers',
        verdict: check.verdict,
        ...(check.verdict === 'fail' ? { fault: 'status', cause: 'answered HTTP 500' } : {}),
        ...(check.retired ? { retired: true as const } : {}),
        ...(check.silenced ? { silenced: check.silenced } : {}),
        ...(check.issuer ? { issuer: check.issuer } : {}),
      }),
    ),
  );
  const line: RunLine = {
    type: 'run',
    run: time,
    at: time,
    environment: 'production',
    status: checks.some((check) => check.verdict === 'fail') ? 'failed' : 'passed',
    checks: checks.length,
  };
  return [line, ...checks];
}

const eventsOf = (lines: readonly HistoryLine[], policy: AlertPolicy = DEFAULT) =>
  deriveAlerts(lines, policy).runs.map((entry) =>
    entry.events.map((event) => ('host' in event ? `${event.kind} ${event.host}` : event.kind)),
  );

describe('alert state', () => {
  it('announces each change once: down with its cause, recovered with since when', () => {
    const lines = [
      ...run(0, { inventory: 'pass', iam: 'pass' }),
      ...run(30, { inventory: 'fail', iam: 'pass' }),
      ...run(60, { inventory: 'fail', iam: 'pass' }),
      ...run(90, { inventory: 'fail', iam: 'fail' }),
      ...run(120, { inventory: 'pass', iam: 'pass' }),
    ];
    assert.deepEqual(eventsOf(lines), [
      [],
      ['down inventory'],
      [],
      ['down iam'],
      ['recovered inventory', 'recovered iam'],
    ]);
    const { runs, hosts } = deriveAlerts(lines, DEFAULT);
    assert.deepEqual(runs[1]!.events[0], {
      kind: 'down',
      host: 'inventory',
      since: at(30),
      failing: [{ host: 'inventory', check: 'api answers', fault: 'status', cause: 'answered HTTP 500' }],
    });
    assert.deepEqual(runs[4]!.events[0], { kind: 'recovered', host: 'inventory', since: at(30), recoveredAt: at(120) });
    assert.deepEqual(runs[4]!.outageEnded, { since: at(30), until: at(120) });
    assert.deepEqual(
      hosts.map((host) => [host.host, host.state]),
      [
        ['inventory', 'up'],
        ['iam', 'up'],
      ],
    );
  });

  it('waits for SMOKE_ALERT_AFTER failing runs, dating the outage from the first, and degraded meanwhile', () => {
    const policy = { ...DEFAULT, alertAfter: 2 };
    const lines = [
      ...run(0, { inventory: 'fail' }),
      ...run(30, { inventory: 'pass' }),
      ...run(60, { inventory: 'fail' }),
    ];
    assert.deepEqual(eventsOf(lines, policy), [[], [], []]);
    assert.equal(deriveAlerts(lines, policy).hosts[0]!.state, 'degraded');
    const down = [...lines, ...run(90, { inventory: 'fail' })];
    assert.deepEqual(deriveAlerts(down, policy).runs.at(-1)!.events[0], {
      kind: 'down',
      host: 'inventory',
      since: at(60),
      failing: [{ host: 'inventory', check: 'api answers', fault: 'status', cause: 'answered HTTP 500' }],
    });
  });

  it('recovers after SMOKE_RECOVER_AFTER passing runs, the recovery dated from the first', () => {
    const policy = { ...DEFAULT, recoverAfter: 2 };
    const lines = [
      ...run(0, { inventory: 'fail' }),
      ...run(30, { inventory: 'pass' }),
      ...run(60, { inventory: 'fail' }),
      ...run(90, { inventory: 'pass' }),
      ...run(120, { inventory: 'pass' }),
    ];
    assert.deepEqual(eventsOf(lines, policy), [['down inventory'], [], [], [], ['recovered inventory']]);
    const { runs } = deriveAlerts(lines, policy);
    assert.deepEqual(runs[4]!.events[0], { kind: 'recovered', host: 'inventory', since: at(0), recoveredAt: at(90) });
    assert.equal(deriveAlerts(lines.slice(0, 8), policy).hosts[0]!.state, 'down', 'still down after one pass');
  });

  it('reminds every SMOKE_REMIND_H hours while down, and never with 0', () => {
    const lines = [
      ...run(0, { inventory: 'fail' }),
      ...run(11 * 60, { inventory: 'fail' }),
      ...run(12 * 60, { inventory: 'fail' }),
      ...run(12 * 60 + 30, { inventory: 'fail' }),
      ...run(24 * 60 + 30, { inventory: 'fail' }),
    ];
    assert.deepEqual(eventsOf(lines), [['down inventory'], [], ['reminder inventory'], [], ['reminder inventory']]);
    assert.deepEqual(eventsOf(lines, { ...DEFAULT, remindMs: 0 }), [['down inventory'], [], [], [], []]);
  });

  it('never announces a retired host, and drops one announced down when it is retired', () => {
    const retired = { verdict: 'fail', retired: true } as const;
    const lines = [...run(0, { agent: retired, iam: 'pass' }), ...run(30, { agent: retired, iam: 'pass' })];
    assert.deepEqual(eventsOf(lines), [[], []]);
    assert.equal(deriveAlerts(lines, DEFAULT).hosts[0]!.state, 'retired');
    const retiredLater = [...run(0, { agent: 'fail' }), ...run(30, { agent: retired })];
    const { runs } = deriveAlerts(retiredLater, DEFAULT);
    assert.deepEqual(eventsOf(retiredLater), [['down agent'], []]);
    assert.equal(runs[1]!.outage, undefined, 'a retired host keeps no outage open');
  });

  it('tells nobody during a window, and announces the difference when it ends', () => {
    const window: Silence = { kind: 'maintenance', reason: 'database migration', until: at(90) };
    const silencedFail = { verdict: 'fail', silenced: window } as const;
    const lines = [
      ...run(0, { inventory: 'pass' }),
      ...run(30, { inventory: silencedFail }),
      ...run(60, { inventory: silencedFail }),
      ...run(90, { inventory: 'fail' }),
    ];
    assert.deepEqual(eventsOf(lines), [[], [], [], ['down inventory']]);
    const { runs, hosts } = deriveAlerts(lines, DEFAULT);
    assert.equal(runs[2]!.outage, undefined, 'no outage while silenced');
    const announced = runs[3]!.events[0];
    assert.equal(announced?.kind === 'down' && announced.since, at(30), 'down since the first failure');
    assert.equal(hosts[0]!.state, 'down');

    const recoveredInWindow = [
      ...run(0, { inventory: 'fail' }),
      ...run(30, { inventory: { verdict: 'pass', silenced: window } }),
      ...run(90, { inventory: 'pass' }),
    ];
    assert.deepEqual(eventsOf(recoveredInWindow), [['down inventory'], [], ['recovered inventory']]);
  });

  it("tells a host's new certificate issuer once, never the first, and never a host it cannot read", () => {
    const gts = { verdict: 'pass', issuer: 'Google Trust Services' } as const;
    const le = { verdict: 'pass', issuer: "Let's Encrypt" } as const;
    const unread = { verdict: 'fail' } as const;
    const lines = [
      ...run(0, { inventory: [gts, { ...gts, check: 'health is UP' }], iam: 'pass' }),
      // Written on the host's first line only, here a check skipped after the read (no credentials).
      ...run(30, {
        inventory: [
          { ...le, verdict: 'skipped', check: 'authenticated ping' },
          { verdict: 'pass', check: 'health is UP' },
        ],
        iam: 'pass',
      }),
      ...run(60, { inventory: le, iam: 'pass' }),
      // Unreachable or untrusted, no issuer read: the host's last issuer stays what it is compared with.
      ...run(90, { inventory: unread, iam: { verdict: 'pass', issuer: 'first read' } }),
      ...run(120, { inventory: le, iam: { verdict: 'pass', issuer: 'first read' } }),
      ...run(150, { inventory: gts, iam: { verdict: 'pass', issuer: 'first read', retired: true } }),
      ...run(180, { inventory: gts, iam: { verdict: 'pass', issuer: 'another', retired: true } }),
    ];
    assert.deepEqual(eventsOf(lines), [
      [],
      ['issuer-changed'],
      [],
      ['down inventory'],
      ['recovered inventory'],
      ['issuer-changed'],
      [],
    ]);
    const told = deriveAlerts(lines, DEFAULT).runs.flatMap((entry) => entry.events);
    assert.deepEqual(
      told.filter((event) => event.kind === 'issuer-changed'),
      [
        {
          kind: 'issuer-changed',
          hosts: [{ host: 'inventory', from: 'Google Trust Services', to: "Let's Encrypt" }],
        },
        {
          kind: 'issuer-changed',
          hosts: [{ host: 'inventory', from: "Let's Encrypt", to: 'Google Trust Services' }],
        },
      ],
    );
    // Information, never an outage: a change alone leaves every host up.
    assert.deepEqual(
      deriveAlerts(lines.slice(0, 6), DEFAULT).hosts.map((host) => [host.host, host.state]),
      [
        ['inventory', 'up'],
        ['iam', 'up'],
      ],
    );
  });

  it('breaks the monitor on a dead run or a failed setup, once, and keeps the hosts as they were', () => {
    const died = diedRunLine('production', 'died', new Date(at(60)), 'npm ci failed');
    const setupFailed: RunLine = {
      ...(run(90, {})[0] as RunLine),
      problems: ['production-warmup: no host woke'],
      checks: 0,
    };
    const lines = [
      ...run(0, { inventory: 'fail' }),
      ...run(30, { inventory: 'fail' }),
      died,
      setupFailed,
      ...run(120, { inventory: 'fail' }),
    ];
    assert.deepEqual(eventsOf(lines), [['down inventory'], [], ['monitor-broken'], [], ['monitor-recovered']]);
    const { runs } = deriveAlerts(lines, DEFAULT);
    assert.deepEqual(runs[2]!.monitorBroken, { since: at(60), status: 'died', problems: ['npm ci failed'] });
    assert.deepEqual(failingSet(runs[2]!.outage), ['inventory: api answers'], 'the outage goes on through a dead run');
    assert.deepEqual(runs[4]!.events[0], { kind: 'monitor-recovered', since: at(60) });
  });

  it('leaves out interrupted runs and skipped checks: they tell nothing', () => {
    const interrupted = run(30, { inventory: 'fail' }).map((line) =>
      line.type === 'run' ? { ...line, status: 'interrupted' } : line,
    );
    const lines = [...run(0, { inventory: 'pass' }), ...interrupted, ...run(60, { inventory: 'skipped' })];
    assert.deepEqual(eventsOf(lines), [[], []]);
    assert.equal(deriveAlerts(lines, DEFAULT).hosts[0]!.state, 'up');
  });

  it('gives each check its own state, and the failing set of the outage', () => {
    const lines = [
      ...run(0, {
        inventory: [
          { check: 'api answers', verdict: 'pass' },
          { check: 'health is UP', verdict: 'fail' },
        ],
        iam: { verdict: 'degraded' },
      }),
      ...run(30, {
        inventory: [
          { check: 'api answers', verdict: 'fail' },
          { check: 'health is UP', verdict: 'fail' },
        ],
        iam: 'pass',
      }),
    ];
    const { hosts, runs } = deriveAlerts(lines, DEFAULT);
    assert.deepEqual(
      hosts.flatMap((host) => host.checks.map((check) => [check.host, check.check, check.state, check.since])),
      [
        ['inventory', 'api answers', 'down', at(30)],
        ['inventory', 'health is UP', 'down', at(0)],
        ['iam', 'api answers', 'up', at(30)],
      ],
    );
    assert.deepEqual(failingSet(runs[0]!.outage), ['inventory: health is UP']);
    assert.deepEqual(failingSet(runs[1]!.outage), ['inventory: api answers', 'inventory: health is UP']);
    assert.equal(deriveAlerts(lines.slice(0, 4), DEFAULT).hosts[1]!.state, 'degraded', 'slow is degraded');
  });

  it('sees no run after `now`, and finds the newest finished run for the heartbeat', () => {
    const died = diedRunLine('production', 'died', new Date(at(60)), 'npm ci failed');
    const lines = [...run(0, { inventory: 'pass' }), ...run(30, { inventory: 'fail' }), died];
    assert.equal(deriveAlerts(lines, DEFAULT, new Date(at(10))).runs.length, 1);
    assert.equal(newestFinishedRun(lines, new Date(at(90)))?.at, at(30));
    assert.equal(newestFinishedRun(lines, new Date(at(10)))?.at, at(0));
    assert.equal(newestFinishedRun([died], new Date(at(90))), undefined);
  });
});
