/**
 * The monitor's own trouble, end to end on loopback. Two real production runs whose every host is
 * unreachable (each URL overridden to a closed port): one whose control is closed too, which is the
 * monitor's failure (said first, every check skipped unsent with one reason, a screenful in all
 * whatever the number of checks, the HTML report's title saying it too, a non-zero exit, an `offline` run in the history, the monitor issue opened, no "down" sent), and
 * one whose control answers, which is Wink's ("down" sent). On the second run's history, a webhook
 * that refuses the "down" messages (HTTP 500) gets them on the next notify, each exactly once, and
 * nothing on a third. A staging run cut off the same way skips its warm-up too, and is the
 * monitor's failure.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HOSTS, type RealEnvironmentName } from '../../src/catalog/catalog.ts';
import type { WebhookBody } from '../../src/alerts/channels/webhook.ts';
import { CONTROL_ATTACHMENT, type ControlRecord } from '../../src/checks/control.ts';
import { attachedJson } from '../../src/checks/record.ts';
import { readHistory, type RunLine } from '../../src/history/history.ts';
import {
  CHECKS_PER_ENVIRONMENT,
  describeOutcomes,
  overridesFor,
  refusesConnections,
  runScript,
  runSuite,
  type RunResult,
  type ScriptResult,
} from '../harness.ts';
import { readHtmlReport } from '../outputs.ts';
import { fakeGitHub, listen, receiver } from '../receivers.ts';

/**
 * Port 9 (discard) of this machine: below 1024, so no unprivileged program can take it mid-test,
 * and nothing here serves it. A free port from the kernel's range would be free only until another
 * process on this shared machine was given it.
 */
const CLOSED = 'http://127.0.0.1:9';
const REFUSED = /connection refused \(connect ECONNREFUSED 127\.0\.0\.1:9\)/;
const GREP = '@(inventory|integrations|payment-api)( |$)';
/** The reason every check of a run whose control is closed is skipped with. */
const NOT_JUDGED_REASON =
  'not judged: this runner cannot reach the network (control http://127.0.0.1:9: connection refused (connect ECONNREFUSED 127.0.0.1:9))';
/** What the runner says first of an offline production run, and what the HTML report's title ends with. */
const OFFLINE_NOTICE =
  'production: this runner cannot reach the network (control http://127.0.0.1:9: connection refused (connect ECONNREFUSED 127.0.0.1:9)); no check of production is judged';
/** A screenful: what an offline run may print in all. */
const SCREENFUL = 60;
/** The made-up secret part of the webhook URL: no output may show it. */
const WEBHOOK_SECRET = 'selftest-monitor-trouble-secret';

/**
 * Every host of the environment on the closed port, `--grep` keeping the run to three API hosts (no
 * browser) unless `every` check is to run.
 */
function unreachableRun(
  control: string,
  environment: RealEnvironmentName = 'production',
  every = false,
): Promise<RunResult> {
  const closed = Object.fromEntries(HOSTS.map((host) => [host.id, CLOSED]));
  return runSuite({
    args: [`--project=${environment}`, ...(every ? [] : ['--grep', GREP])],
    env: {
      ...overridesFor(environment, closed),
      SMOKE_RETIRED: 'report',
      SMOKE_CONTROL_URL: control,
      // Were the warm-up not skipped, two seconds of polling would show it as well as three minutes.
      SMOKE_WARMUP_TIMEOUT_S: '2',
    },
  });
}

const historyOf = (result: RunResult, environment: RealEnvironmentName = 'production') =>
  readHistory(path.join(result.outputDir, 'history'), environment);

describe('the monitor’s own trouble', { timeout: 300_000 }, () => {
  const control = http.createServer((_request, response) => response.end());
  let controlAsked = 0;
  control.on('request', () => (controlAsked += 1));
  const webhooks = receiver();
  const github = fakeGitHub();
  let offline: RunResult;
  let winkDown: RunResult;
  let stagingOffline: RunResult;
  let controlUrl = '';
  let env: Record<string, string> = {};
  const outputs: string[] = [];
  const script = async (name: string, result: RunResult): Promise<ScriptResult> => {
    const ran = await runScript(name, ['--environment', 'production'], {
      ...env,
      SMOKE_HISTORY_DIR: path.join(result.outputDir, 'history'),
    });
    outputs.push(ran.stdout, ran.stderr);
    return ran;
  };

  before(async () => {
    assert.ok(await refusesConnections(9), `${CLOSED} refuses connections, as this test needs`);
    controlUrl = await listen(control);
    env = {
      SMOKE_WEBHOOK_URL: `${await listen(webhooks.server)}/json/${WEBHOOK_SECRET}`,
      GITHUB_API_URL: await listen(github.server),
      GITHUB_REPOSITORY: 'wink/wink-smoke',
      GITHUB_TOKEN: 'selftest-token',
    };
    [offline, winkDown, stagingOffline] = await Promise.all([
      // At its real size: every check of production, browsers' included.
      unreachableRun(CLOSED, 'production', true),
      unreachableRun(controlUrl),
      unreachableRun(CLOSED, 'staging'),
    ]);
  });
  after(() => {
    control.close();
    webhooks.server.close();
    github.server.close();
  });

  it('records the control probe of each run as data', () => {
    // Attached to the first test of the worker that sent it: exactly one per environment and run.
    const probesOf = (result: RunResult) =>
      result.outcomes.flatMap((outcome) =>
        outcome.results.flatMap(
          (attempt) => attachedJson<ControlRecord>(attempt.attachments, CONTROL_ATTACHMENT) ?? [],
        ),
      );
    const probeOf = (result: RunResult) => {
      const records = probesOf(result);
      assert.equal(records.length, 1, `one control record per run, found ${records.length}`);
      return records[0];
    };
    const refused = probeOf(offline)?.probes[0];
    assert.ok(refused && !refused.answered, describeOutcomes(offline.outcomes));
    assert.deepEqual([refused.url, refused.fault], [CLOSED, 'connect']);
    assert.match(refused.cause, REFUSED);
    assert.deepEqual(probeOf(winkDown)?.probes, [{ url: controlUrl, answered: true, status: 200 }]);
    assert.equal(controlAsked, 1, 'the answering control was asked once');
  });

  it('a runner that reaches no control says so first, judges nothing, and prints a screenful', () => {
    const lines = offline.stdout.trimEnd().split('\n');
    assert.ok(lines.length <= SCREENFUL, `${lines.length} lines, more than ${SCREENFUL}:\n${offline.stdout}`);
    // Literally first: the runner's globalSetup prints it before Playwright's "Running N tests".
    assert.equal(lines[0], `wink-smoke: ${OFFLINE_NOTICE}`, offline.stdout);
    assert.notEqual(offline.code, 0, 'the run still fails: it is the monitor’s failure');
    assert.equal(offline.outcomes.length, CHECKS_PER_ENVIRONMENT, 'every check of production');
    // A screenful whatever the catalog holds: the list gives the skipped checks one line, and no line names a check.
    assert.ok(
      lines.includes(`  -  production: ${CHECKS_PER_ENVIRONMENT} tests skipped, ${NOT_JUDGED_REASON}`),
      offline.stdout,
    );
    for (const outcome of offline.outcomes) assert.ok(!offline.stdout.includes(outcome.title), outcome.title);
    assert.ok(
      lines.length < CHECKS_PER_ENVIRONMENT / 2,
      `${lines.length} lines for ${CHECKS_PER_ENVIRONMENT} checks: a line per check is back`,
    );
    for (const outcome of offline.outcomes) {
      assert.equal(outcome.status, 'skipped', outcome.title);
      assert.deepEqual(
        outcome.annotations.filter((annotation) => annotation.type === 'skip').map((skip) => skip.description),
        [NOT_JUDGED_REASON],
        outcome.title,
      );
      assert.equal(outcome.record, undefined, `${outcome.title}: skipped before it sent anything`);
    }
    assert.doesNotMatch(offline.stdout + offline.stderr, /Error:|failed/, 'no failure, no code frame');
  });

  it('the HTML report of a runner that reaches no control says so in its own title, and on every check', () => {
    const report = readHtmlReport(offline);
    // The notice alone: a self-test's run names the HTML reporter on the command line, with no title
    // of its own; a run with the config's reporters has `wink-smoke production · <time> UTC · ` before it.
    assert.equal(report.title, OFFLINE_NOTICE);
    assert.equal(report.tests.length, CHECKS_PER_ENVIRONMENT);
    for (const test of report.tests) {
      assert.equal(test.outcome, 'skipped', test.title);
      assert.deepEqual(
        test.annotations.filter((annotation) => annotation.type === 'skip').map((skip) => skip.description),
        [NOT_JUDGED_REASON],
        test.title,
      );
    }
  });

  it('a runner that reaches neither the hosts nor the control: one line, the monitor’s failure', async () => {
    const line =
      /^production: this runner cannot reach the network \(control http:\/\/127\.0\.0\.1:9: connection refused \(connect ECONNREFUSED 127\.0\.0\.1:9\)\)$/m;
    assert.match(offline.stdout, line, offline.stdout);
    assert.doesNotMatch(offline.stdout, /^host +check +verdict/m, 'no table');
    assert.match(offline.stdout, /^wink-smoke: no host judged in /m);

    const [run, ...checks] = historyOf(offline);
    assert.equal((run as RunLine).status, 'offline');
    assert.match((run as RunLine).problems?.join('\n') ?? '', /^this runner cannot reach the network \(control /);
    assert.ok(checks.length > 0 && checks.every((check) => check.type === 'check' && check.verdict === 'skipped'));

    const notified = await script('notify.ts', offline);
    assert.equal(notified.code, 0, notified.stderr);
    const titles = webhooks.received.map((message) => (message.body as WebhookBody).title);
    assert.deepEqual(titles, ['production: the monitor cannot run: its runner cannot reach the network']);
    const issues = await script('outage.ts', offline);
    assert.equal(issues.code, 0, issues.stderr);
    assert.deepEqual(
      github.issues.map((issue) => issue.labels),
      [['monitor', 'env:production']],
      'the monitor issue, and no outage issue',
    );
  });

  it('the same hosts with a control that answers: Wink is down, and a refused "down" is delivered once, later', async () => {
    assert.doesNotMatch(winkDown.stdout, /cannot reach the network/);
    assert.equal(readHtmlReport(winkDown).title, undefined, 'no notice in the HTML report’s title');
    const [run] = historyOf(winkDown);
    assert.equal((run as RunLine).status, 'failed', describeOutcomes(winkDown.outcomes));
    webhooks.received.length = 0;

    webhooks.refusing = true;
    const refused = await script('notify.ts', winkDown);
    assert.equal(refused.code, 1, 'a message not delivered fails notify');
    assert.match(refused.stderr, /not sent: production: inventory is down: SMOKE_WEBHOOK_URL: answered HTTP 500/);
    assert.deepEqual(
      webhooks.refused.map((message) => (message.body as WebhookBody).title),
      ['production: inventory is down', 'production: inventory is down'],
      'tried twice (once more after a 5xx); the next message held back behind it',
    );

    webhooks.refusing = false;
    const again = await script('notify.ts', winkDown);
    assert.equal(again.code, 0, again.stderr);
    const delivered = webhooks.received.map((message) => message.body as WebhookBody);
    assert.deepEqual(
      delivered.map((message) => message.title),
      ['production: inventory is down', 'production: integrations is down'],
    );
    assert.equal(delivered[0]!.run.at, (run as RunLine).at, 'with its original time');
    assert.match(delivered[0]!.text, /Sent late: due /);

    const third = await script('notify.ts', winkDown);
    assert.equal(third.code, 0, third.stderr);
    assert.equal(webhooks.received.length, 2, 'nothing sent twice');
    assert.match(third.stdout, /every channel has taken these already/);
  });

  it('a staging run cut off the same way: its warm-up is skipped unsent too, and the run is the monitor’s failure', () => {
    assert.match(
      stagingOffline.stdout.split('\n')[0] ?? '',
      /^wink-smoke: staging: this runner cannot reach the network \(control http:\/\/127\.0\.0\.1:9: /,
    );
    assert.doesNotMatch(stagingOffline.stdout, /no host woke/, 'the warm-up did not wait');
    // The warm-up folded with the checks: one line for every test of staging.
    assert.ok(
      stagingOffline.stdout
        .split('\n')
        .includes(`  -  staging: ${stagingOffline.outcomes.length} tests skipped, ${NOT_JUDGED_REASON}`),
      stagingOffline.stdout,
    );
    const warmup = stagingOffline.outcomes.find((outcome) => outcome.project === 'staging-warmup');
    assert.deepEqual(
      [warmup?.status, warmup?.annotations.find((annotation) => annotation.type === 'skip')?.description],
      ['skipped', NOT_JUDGED_REASON],
      describeOutcomes(stagingOffline.outcomes),
    );
    assert.notEqual(stagingOffline.code, 0);
    const [run, ...checks] = historyOf(stagingOffline, 'staging');
    assert.equal((run as RunLine).status, 'offline', stagingOffline.stdout);
    assert.ok(checks.length > 0 && checks.every((check) => check.type === 'check' && check.verdict === 'skipped'));
  });

  it('never prints the webhook URL', () => {
    assert.ok(outputs.length > 0);
    for (const output of outputs) assert.ok(!output.includes(WEBHOOK_SECRET), output);
    const history = fs.readFileSync(
      path.join(
        winkDown.outputDir,
        'history',
        'production',
        fs.readdirSync(path.join(winkDown.outputDir, 'history', 'production'))[0]!,
      ),
      'utf8',
    );
    assert.match(history, /"type":"delivery"/);
    assert.ok(!history.includes(WEBHOOK_SECRET));
  });
});
