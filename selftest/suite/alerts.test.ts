/**
 * Alerts end to end. Four real runs of the suite against emulators on loopback (API hosts only, so no
 * browser: inventory, integrations and the retired payment-api) give the history's lines: healthy;
 * inventory answering 500 while the retired payment-api refuses; integrations' health DOWN as well;
 * integrations DOWN inside a maintenance window. Integrations is served over https, its certificate
 * from one test CA in the healthy and the window runs and from another, as trusted, in the two runs
 * with inventory down: a new issuer, to be told once, and again when it changes back. A sequence of runs is then written from them, each
 * run's lines restamped onto a timeline of its own (the injected clock: hours pass without waiting),
 * plus a run that died before any check. After each run, `npm run notify` posts to Slack, Teams and
 * JSON webhook receivers and `npm run outage` talks to a fake GitHub API, all on 127.0.0.1, with
 * `--now` at the run. It shows exactly one message per state change, one reminder when due, one issue
 * comment per change of the failing set, a monitor issue for the dead run, and silence in the window;
 * each issuer change is one message, and no issue.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Scenario } from '../../src/config/scenario.ts';
import { appendHistory, readHistory, type HistoryLine } from '../../src/history/history.ts';
import type { WebhookBody } from '../../src/alerts/channels/webhook.ts';
import {
  SELFTEST_OUTPUT,
  describeOutcomes,
  overridesFor,
  runScript,
  writeWindowInForce,
  runSuite,
  startTestEmulator,
  type RunResult,
} from '../harness.ts';
import { makeTestCertificates } from '../certificates.ts';
import { assertOneWordEach } from '../outputs.ts';
import { fakeGitHub, listen, receiver } from '../receivers.ts';

const HOSTS_UNDER_TEST = ['inventory', 'integrations', 'payment-api'];
const GREP = `@(${HOSTS_UNDER_TEST.join('|')})( |$)`;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

/** One real run of the production project against an emulator playing `scenario`. */
async function realRun(scenario: Scenario, env: Readonly<Record<string, string>> = {}): Promise<RunResult> {
  const emulator = await startTestEmulator({ environment: 'production', scenario });
  try {
    return await runSuite({
      args: ['--project=production', '--grep', GREP],
      env: { ...overridesFor('production', emulator.urls), SMOKE_RETIRED: 'report', ...env },
    });
  } finally {
    await emulator.close();
  }
}

/** The run's history lines, restamped as if it had started at `time`. */
function restamped(result: RunResult, time: Date): HistoryLine[] {
  return readHistory(path.join(result.outputDir, 'history'), 'production').map((line) =>
    line.type === 'run'
      ? { ...line, at: time.toISOString(), run: `${time.toISOString()}#selftest` }
      : { ...line, at: time.toISOString() },
  );
}

/** The made-up secret part of each webhook URL: the scan below must never find it in any output. */
const WEBHOOK_SECRET = 'T0SELFTEST/B0SELFTEST/selftest-webhook-secret';

describe('alerts over a sequence of runs', { timeout: 240_000 }, () => {
  let healthy: RunResult;
  let inventoryDown: RunResult;
  let twoDown: RunResult;
  let inWindow: RunResult;
  const github = fakeGitHub();
  const webhooks = receiver();
  let env: Record<string, string> = {};
  fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
  const history = fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'alerts-'));
  /** Per step of the sequence: the webhook messages (JSON channel's titles) and GitHub's writes it caused. */
  const steps: { name: string; titles: string[]; writes: string[]; slack: number; teams: number }[] = [];
  const outputs: string[] = [];

  before(async () => {
    const maintenance = writeWindowInForce(path.join(history, 'maintenance.json'), 'production', 'integrations');
    const certificates = makeTestCertificates(path.join(history, 'certificates'));
    const [first, second] = [certificates.files.valid, certificates.files['other-ca']];
    const trusting = { NODE_EXTRA_CA_CERTS: certificates.caFile };
    // Two runs at a time: each is a few API checks, and four in a row would double the wait.
    [healthy, inventoryDown] = await Promise.all([
      realRun({ hosts: { integrations: { tls: first } } }, trusting),
      realRun(
        {
          hosts: {
            inventory: { fault: 'status', status: 500 },
            integrations: { tls: second },
            'payment-api': { fault: 'refuse' },
          },
        },
        trusting,
      ),
    ]);
    [twoDown, inWindow] = await Promise.all([
      realRun(
        {
          hosts: {
            inventory: { fault: 'status', status: 500 },
            integrations: { fault: 'health-down', tls: second },
            'payment-api': { fault: 'refuse' },
          },
        },
        trusting,
      ),
      realRun(
        { hosts: { integrations: { fault: 'health-down', tls: first } } },
        { ...trusting, SMOKE_MAINTENANCE_FILE: maintenance },
      ),
    ]);

    env = {
      SMOKE_HISTORY_DIR: path.join(history, 'history'),
      SMOKE_MAINTENANCE_FILE: path.join(history, 'none.json'),
      SMOKE_SLACK_WEBHOOK_URL: `${await listen(webhooks.server)}/slack/${WEBHOOK_SECRET}`,
      GITHUB_API_URL: await listen(github.server),
      GITHUB_REPOSITORY: 'wink/wink-smoke',
      GITHUB_TOKEN: 'selftest-token',
    };
    env.SMOKE_TEAMS_WEBHOOK_URL = env.SMOKE_SLACK_WEBHOOK_URL!.replace('/slack/', '/teams/');
    env.SMOKE_WEBHOOK_URL = env.SMOKE_SLACK_WEBHOOK_URL!.replace('/slack/', '/json/');
    fs.writeFileSync(env.SMOKE_MAINTENANCE_FILE!, '{}');

    // A run that died is recorded as the workflow records it: record-run, finding no run line.
    const DIED = 'no run line';
    const sequence: [string, number, HistoryLine[] | typeof DIED][] = [
      ['healthy', 0, restamped(healthy, at(0))],
      ['inventory down', 30, restamped(inventoryDown, at(30))],
      ['still down, same cause', 60, restamped(inventoryDown, at(60))],
      ['integrations down too', 90, restamped(twoDown, at(90))],
      ['12 h 10 min after inventory went down', 760, restamped(twoDown, at(760))],
      ['half an hour later', 790, restamped(twoDown, at(790))],
      ['all recovered', 820, restamped(healthy, at(820))],
      ['integrations down in a maintenance window', 850, restamped(inWindow, at(850))],
      ['a run that died', 880, DIED],
    ];
    const noLines = fs.mkdtempSync(path.join(history, 'no-lines-'));
    for (const [name, minutes, lines] of sequence) {
      if (lines === DIED) {
        const recorded = await runScript(
          'record-run.ts',
          [
            ...['--environment', 'production', '--lines', noLines, '--now', at(minutes).toISOString()],
            ...['--reason', 'npm ci: ETIMEDOUT fetching a package'],
          ],
          env,
        );
        assert.equal(recorded.code, 0, recorded.stderr);
      } else appendHistory(env.SMOKE_HISTORY_DIR!, 'production', lines);
      const received = webhooks.received.length;
      const written = github.writes.length;
      const args = ['--environment', 'production', '--now', at(minutes + 1).toISOString()];
      for (const script of ['notify.ts', 'outage.ts']) {
        const result = await runScript(script, args, env);
        outputs.push(result.stdout, result.stderr);
        assert.equal(result.code, 0, `${script} at "${name}":\n${result.stdout}\n${result.stderr}`);
      }
      const messages = webhooks.received.slice(received);
      steps.push({
        name,
        titles: messages
          .filter((message) => message.channel === 'json')
          .map((message) => (message.body as WebhookBody).title),
        slack: messages.filter((message) => message.channel === 'slack').length,
        teams: messages.filter((message) => message.channel === 'teams').length,
        writes: github.writes.slice(written),
      });
    }
  });
  after(() => {
    github.server.close();
    webhooks.server.close();
  });

  it('ran the suite: the failures as set up, the retired host and the window reported only', () => {
    const failed = (result: RunResult) =>
      result.outcomes
        .filter((outcome) => outcome.record?.outcome === 'fail')
        .map((outcome) => outcome.title)
        .sort();
    assert.deepEqual(failed(healthy), [], describeOutcomes(healthy.outcomes));
    assert.ok(
      failed(inventoryDown).some((title) => title.startsWith('inventory ')),
      describeOutcomes(inventoryDown.outcomes),
    );
    assert.ok(failed(inventoryDown).some((title) => title.startsWith('payment-api ')));
    assert.ok(failed(twoDown).includes('integrations health is UP'), describeOutcomes(twoDown.outcomes));
    // The window: the check ran, failed, and was reported only (skipped, marked), so the run passed.
    assert.equal(inWindow.code, 0, describeOutcomes(inWindow.outcomes));
    const health = inWindow.outcomes.find((outcome) => outcome.title === 'integrations health is UP');
    assert.equal(health?.status, 'skipped');
    assert.deepEqual(health.record?.silenced?.reason, 'database upgrade');
    assert.equal(health.record?.reportedOnly, true);
    const lines = readHistory(path.join(inWindow.outputDir, 'history'), 'production');
    const integrations = lines.filter((line) => line.type === 'check' && line.host === 'integrations');
    assert.ok(
      integrations.length > 0 &&
        integrations.every((line) => line.type === 'check' && line.silenced?.kind === 'maintenance'),
    );
    assert.match(inWindow.stdout, /integrations~ /);
    assert.match(inWindow.stdout, /\d+ skipped \(\d+ reported only\)/);
    assert.match(inWindow.stdout, /^ {2}production skipped, maintenance until \S+: database upgrade, reported only: /m);
    // A retired host's failure and a silenced one are skipped in every output, as Playwright has them.
    assert.deepEqual([...assertOneWordEach(inventoryDown, 'production')].sort(), ['fail', 'pass', 'skipped']);
    assert.ok(assertOneWordEach(inWindow, 'production').has('skipped'));
  });

  it('sends exactly one message per state change, one reminder when due, and nothing in the window', () => {
    assert.deepEqual(
      steps.map((step) => [step.name, step.titles]),
      [
        // The first issuer ever read is no change.
        ['healthy', []],
        [
          'inventory down',
          [
            'production: inventory is down',
            'production: new certificate issuer for integrations: wink-smoke other test CA',
          ],
        ],
        // The same issuer again: nothing.
        ['still down, same cause', []],
        ['integrations down too', ['production: integrations is down']],
        ['12 h 10 min after inventory went down', ['production: inventory is still down, for 12 h 10 min']],
        ['half an hour later', []],
        [
          'all recovered',
          [
            'production: inventory recovered after 13 h 10 min',
            'production: integrations recovered after 12 h 10 min',
            'production: new certificate issuer for integrations: wink-smoke test CA',
          ],
        ],
        ['integrations down in a maintenance window', []],
        ['a run that died', ['production: the monitor is broken: the run died before any check']],
      ],
    );
    for (const step of steps) {
      assert.equal(step.slack, step.titles.length, `Slack got each message of "${step.name}"`);
      assert.equal(step.teams, step.titles.length, `Teams got each message of "${step.name}"`);
    }
    const down = webhooks.received.find((message) => message.channel === 'json')?.body as WebhookBody;
    assert.match(down.text, /^Down since 2026-03-02 08:30 UTC\.\napi answers \(status\): /);
    const issuer = webhooks.received.find(
      (message) => message.channel === 'json' && (message.body as WebhookBody).event.kind === 'issuer-changed',
    )?.body as WebhookBody;
    assert.deepEqual(issuer.event, {
      kind: 'issuer-changed',
      hosts: [{ host: 'integrations', from: 'wink-smoke test CA', to: 'wink-smoke other test CA' }],
    });
    assert.equal(
      issuer.text,
      'integrations: issued by wink-smoke other test CA, before by wink-smoke test CA.\nValid and trusted: told once, for information (a client that pins the old issuer would refuse it).',
    );
    assert.ok(
      webhooks.received.every((message) => !JSON.stringify(message.body).includes('payment-api')),
      'the retired host is never announced',
    );
  });

  it('writes to GitHub once per change of the failing set, and opens a monitor issue for the dead run', () => {
    assert.deepEqual(
      steps.map((step) => [step.name, step.writes]),
      [
        ['healthy', []],
        ['inventory down', ['POST /issues']],
        ['still down, same cause', []],
        ['integrations down too', ['PATCH /issues/1', 'POST /issues/1/comments']],
        ['12 h 10 min after inventory went down', []],
        ['half an hour later', []],
        ['all recovered', ['POST /issues/1/comments', 'PATCH /issues/1']],
        ['integrations down in a maintenance window', []],
        ['a run that died', ['POST /issues']],
      ],
    );
    const [outage, monitor] = github.issues;
    assert.deepEqual(outage?.labels, ['outage', 'env:production']);
    assert.equal(outage.state, 'closed');
    assert.match(outage.body, /\| `inventory` \| 2026-03-02 08:30 UTC \| 1 h \| /);
    assert.match(
      outage.body,
      /\| `integrations` \| 2026-03-02 09:30 UTC \| under a minute \| health is UP \(health\): /,
    );
    assert.match(outage.comments[0]!, /- now failing: `integrations: health is UP`/);
    assert.match(
      outage.comments[1]!,
      /The outage lasted 13 h 10 min, from 2026-03-02 08:30 UTC to 2026-03-02 21:40 UTC\./,
    );
    assert.deepEqual(monitor?.labels, ['monitor', 'env:production']);
    assert.match(monitor.body, /- npm ci: ETIMEDOUT fetching a package/);
    assert.ok(!JSON.stringify(github.issues).includes('payment-api'), 'the retired host is in no issue');
  });

  it('never prints a webhook URL', () => {
    assert.ok(outputs.join('\n').includes('notify production: inventory is down'), 'the outputs were read');
    for (const output of outputs) assert.ok(!output.includes('selftest-webhook-secret'), output);
  });

  it('heartbeat: fresh after a finished run; stale opens a monitor issue and alerts once, then stays quiet', async () => {
    const quiet = fakeGitHub();
    const gitHubUrl = await listen(quiet.server);
    try {
      const heartbeat = (minutes: number) =>
        runScript('heartbeat.ts', ['--environment', 'production', '--now', at(minutes).toISOString()], {
          ...env,
          GITHUB_API_URL: gitHubUrl,
        });
      const received = webhooks.received.length;
      // The newest finished run is the one in the window, at 14 h 10 min; the dead run after it does not count.
      const fresh = await heartbeat(850 + 119);
      assert.match(fresh.stdout, /heartbeat production: fresh/, fresh.stderr);
      const stale = await heartbeat(850 + 121);
      assert.equal(stale.code, 0, stale.stderr);
      assert.deepEqual(quiet.writes, ['POST /issues']);
      assert.deepEqual(quiet.issues[0]?.labels, ['monitor', 'env:production']);
      const again = await heartbeat(850 + 24 * 60);
      assert.match(again.stdout, /monitor issue is open already/);
      assert.deepEqual(
        webhooks.received
          .slice(received)
          .map((message) => message.channel)
          .sort(),
        ['json', 'slack', 'teams'],
        'one alert per channel, once',
      );
    } finally {
      quiet.server.close();
    }
  });
});
