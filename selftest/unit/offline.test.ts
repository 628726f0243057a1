/**
 * A runner cut off from the network, from the run's rows to the alerts: every host unanswered and
 * the control too is the monitor's failure (one line in the table's place, a run line the alerts
 * read as the monitor broken, no host announced down, no outage issue touched); the same rows with
 * a control that answered are Wink's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideIssues } from '../../src/alerts/outage.ts';
import { alertMessage } from '../../src/alerts/message.ts';
import { deriveAlerts } from '../../src/alerts/state.ts';
import { NOT_JUDGED, judgeReachability } from '../../src/summary/offline.ts';
import { linesOfRun } from '../../src/summary/history-lines.ts';
import { formatMarkdown, formatTable } from '../../src/summary/table.ts';
import type { RunSummary, SummaryRow } from '../../src/summary/summary.ts';
import type { ControlRecord } from '../../src/checks/control.ts';
import type { EnvironmentName } from '../../src/catalog/catalog.ts';
import type { HistoryLine, RunLine } from '../../src/history/history.ts';
import type { FaultClass } from '../../src/shared/faults.ts';

const POLICY = { alertAfter: 1, recoverAfter: 1, remindMs: 0 };

function row(host: string, fault: FaultClass | undefined, extra: Partial<SummaryRow> = {}): SummaryRow {
  return {
    environment: 'production',
    host,
    url: `https://${host}.wink.travel`,
    kind: 'api',
    check: 'api-answers',
    name: 'api answers',
    outcome: fault ? 'fail' : 'pass',
    certificate: { state: 'not-inspected' },
    ...(fault ? { fault, cause: `GET /: ${fault}` } : {}),
    verdict: fault ? 'fail' : 'pass',
    ...extra,
  };
}

/** Every host unanswered, one way or another; a check skipped for want of credentials; a retired host refusing. */
const unanswered: readonly SummaryRow[] = [
  row('inventory', 'connect'),
  row('inventory', undefined, { check: 'authenticated-ping', name: 'authenticated ping', verdict: 'skipped' }),
  row('integrations', 'timeout'),
  row('iam', 'dns'),
  row('payment-api', 'connect', { retired: 'retired from the page', reportedOnly: true }),
];

const refused: ControlRecord = {
  environment: 'production',
  probes: [{ url: 'http://127.0.0.1:9', answered: false, fault: 'connect', cause: 'connection refused' }],
};
const answered: ControlRecord = {
  environment: 'production',
  probes: [{ url: 'http://127.0.0.1:8080', answered: true, status: 200 }],
};
const controls = (...records: ControlRecord[]): Map<EnvironmentName, ControlRecord[]> =>
  new Map([['production', records]]);

const offlineAt = (rows: readonly SummaryRow[], records: Map<EnvironmentName, ControlRecord[]>) =>
  judgeReachability(rows, records).offline.map((entry) => entry.environment);

describe('a runner cut off from the network', () => {
  it('is judged so only when every control went unanswered and every check that ran did too', () => {
    assert.deepEqual(offlineAt(unanswered, controls(refused)), ['production']);
    assert.deepEqual(offlineAt(unanswered, controls(answered)), [], 'the control answered: Wink is down');
    assert.deepEqual(offlineAt(unanswered, controls(refused, answered)), [], 'one shard reached the network');
    assert.deepEqual(offlineAt(unanswered, new Map()), [], 'no control probe (local, none): Wink is down');
    for (const [why, extra] of [
      ['a host answered 500', row('book', 'status')],
      ['a host answered, slowly', row('book', undefined, { verdict: 'degraded' })],
      ['a host is up but changed', row('book', 'contract', { verdict: 'contract' })],
      ['a certificate was read', row('book', 'tls')],
    ] as const)
      assert.deepEqual(offlineAt([...unanswered, extra], controls(refused)), [], why);
    assert.deepEqual(
      offlineAt([unanswered[1]!], controls(refused)),
      ['production'],
      'every check skipped unsent, as the workers do for a runner whose control went unanswered',
    );
    assert.deepEqual(offlineAt([], controls(refused)), [], 'no check in the run: nothing to say of it');
  });

  it('counts a host the warm-up could not wake only when its last probe got no answer either', () => {
    const slept = (lastFault: FaultClass | undefined): SummaryRow =>
      row('studio', 'asleep', {
        environment: 'staging',
        wake: { state: 'asleep', ...(lastFault ? { lastFault } : {}) },
      });
    const stagingControl = new Map([['staging' as const, [{ ...refused, environment: 'staging' as const }]]]);
    assert.deepEqual(offlineAt([slept('connect'), slept('timeout')], stagingControl), ['staging']);
    assert.deepEqual(offlineAt([slept('connect'), slept(undefined)], stagingControl), [], "a gateway's 503 answered");
  });

  it('keeps each check and its facts, not judged, and leaves other environments alone', () => {
    const staging = row('inventory', 'connect', { environment: 'staging' });
    const { rows } = judgeReachability([...unanswered, staging], controls(refused));
    assert.deepEqual(
      rows.map((judged) => [judged.environment, judged.host, judged.verdict, judged.fault, judged.note]),
      [
        ['production', 'inventory', 'skipped', 'connect', NOT_JUDGED],
        ['production', 'inventory', 'skipped', undefined, NOT_JUDGED],
        ['production', 'integrations', 'skipped', 'timeout', NOT_JUDGED],
        ['production', 'iam', 'skipped', 'dns', NOT_JUDGED],
        ['production', 'payment-api', 'skipped', 'connect', NOT_JUDGED],
        ['staging', 'inventory', 'fail', 'connect', undefined],
      ],
    );
  });

  /** A run's summary and its history lines, as the reporters make them, with the control given. */
  function recorded(at: string, rows: readonly SummaryRow[], control: ControlRecord) {
    const judged = judgeReachability(rows, controls(control));
    const summary: RunSummary = {
      startedAt: at,
      durationMs: 4_000,
      status: rows.some((candidate) => candidate.verdict === 'fail') ? 'failed' : 'passed',
      rows: judged.rows,
      setupFailures: [],
      ...(judged.offline.length > 0 ? { offline: judged.offline } : {}),
    };
    return { summary, lines: linesOfRun(summary, ['production'], at).get('production')! };
  }

  const LINE = 'this runner cannot reach the network (control http://127.0.0.1:9: connection refused)';

  it('prints one line in the table’s place, and records a run the alerts read as the monitor’s', () => {
    const { summary, lines } = recorded('2026-03-02T09:00:00.000Z', unanswered, refused);
    assert.deepEqual(formatTable(summary).split('\n'), [
      `production: ${LINE}`,
      '',
      'wink-smoke: no host judged in 4.0 s',
    ]);
    const markdown = formatMarkdown(summary);
    assert.match(markdown, new RegExp(`^\\*\\*production: ${LINE.replace(/[()]/g, '\\$&')}\\*\\*$`, 'm'));
    assert.ok(!markdown.includes('| production |'), markdown);
    const [run, ...checks] = lines;
    assert.deepEqual(
      { status: (run as RunLine).status, problems: (run as RunLine).problems, checks: (run as RunLine).checks },
      { status: 'offline', problems: [LINE], checks: 5 },
    );
    assert.ok(checks.every((line) => line.type === 'check' && line.verdict === 'skipped'));
  });

  it('breaks the monitor, keeps the hosts as they were, touches no outage issue and opens the monitor issue', () => {
    const healthy = recorded('2026-03-02T08:00:00.000Z', [row('inventory', undefined)], answered);
    const down = recorded('2026-03-02T08:30:00.000Z', [row('inventory', 'status')], answered);
    const offline = recorded('2026-03-02T09:00:00.000Z', unanswered, refused);
    const wink = recorded('2026-03-02T09:30:00.000Z', unanswered, answered);
    const history: HistoryLine[] = [...healthy.lines, ...down.lines, ...offline.lines, ...wink.lines];
    const { runs } = deriveAlerts(history, POLICY);
    assert.deepEqual(
      runs.map((entry) => entry.events.map((event) => ('host' in event ? `${event.kind} ${event.host}` : event.kind))),
      [[], ['down inventory'], ['monitor-broken'], ['monitor-recovered', 'down integrations', 'down iam']],
    );
    const broken = runs[2]!;
    const message = alertMessage('production', broken.run, broken.events[0]!);
    assert.equal(message.title, 'production: the monitor cannot run: its runner cannot reach the network');
    assert.deepEqual(message.lines[0], LINE);
    const actions = decideIssues({
      environment: 'production',
      runs: runs.slice(0, 3),
      openOutage: { number: 1 },
      openMonitor: undefined,
    });
    assert.deepEqual(
      actions.map((action) => action.kind),
      ['open'],
      'the outage issue is left as it was; the monitor issue opens',
    );
    const opened = actions[0]!;
    assert.ok(opened.kind === 'open' && opened.labels.includes('monitor'), JSON.stringify(opened));
    assert.match(opened.body, /ran where the network could not be reached/);
    assert.match(opened.body, new RegExp(`- ${LINE.replace(/[()]/g, '\\$&')}`));
  });
});
