/**
 * Contract changes told apart from outages, on production against the emulator playing it:
 * - inventory stops listing a group the catalog names, and the Partner stops serving Echo: the run
 *   exits 0, and the table, summary.md, summary.json, the history and the status page say `contract`,
 *   naming the group's URL; the alerts derived from that history announce no host down;
 * - the same with SMOKE_CONTRACT=check: the contract lines fail the run;
 * - what stays a failure: a listed group answering 500 (`status`), an invalid document (`content`),
 *   UNAUTHENTICATED with a fresh token, and an Elements asset answering 404 (`status`).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { deriveAlerts } from '../../src/alerts/state.ts';
import { readHistory } from '../../src/history/history.ts';
import type { RunSummary } from '../../src/summary/summary.ts';
import { buildStatusPage } from '../../src/status/page/build.ts';
import { describeOutcomes, overridesFor, runScript, runSuite, startTestEmulator, type RunResult } from '../harness.ts';
import { assertOneWordEach } from '../outputs.ts';

const ECHO = '/wink.grpc.v1.Diagnostics/Echo';
const GONE = { inventory: { removeGroups: ['studio'] }, partner: { unimplemented: [ECHO] } };

const summaryOf = (result: RunResult): RunSummary =>
  JSON.parse(fs.readFileSync(path.join(result.outputDir, 'results', 'summary.json'), 'utf8')) as RunSummary;

describe('contract changes on production', { timeout: 300_000 }, () => {
  let emulator: RunningEmulator;
  let reported: RunResult;
  let checked: RunResult;

  before(async () => {
    emulator = await startTestEmulator({ environment: 'production', scenario: { hosts: GONE } });
    const env = overridesFor('production', emulator.urls);
    reported = await runSuite({ args: ['--project=production'], env });
    checked = await runSuite({
      args: ['--project=production'],
      env: { ...env, SMOKE_CONTRACT: 'check', SMOKE_HOSTS: 'inventory,partner' },
    });
  });
  after(() => emulator.close());

  it('exits 0, and the records say contract with the group URL and the gone method', () => {
    assert.equal(reported.code, 0, describeOutcomes(reported.outcomes));
    const studio = reported.outcomes.find((outcome) => outcome.title === 'inventory serves /v3/api-docs/studio');
    assert.equal(studio?.record?.outcome, 'contract', describeOutcomes(reported.outcomes));
    assert.equal(studio.record.fault, 'contract');
    assert.match(
      studio.record.cause ?? '',
      new RegExp(
        `^${emulator.urls.inventory}/v3/api-docs/studio: the group 'studio' is no longer listed by /v3/api-docs/swagger-config`,
      ),
    );
    const partner = reported.outcomes.find((outcome) => outcome.title === 'partner grpc answers');
    assert.equal(partner?.record?.outcome, 'contract');
    assert.match(
      partner.record.cause ?? '',
      /Diagnostics\/Echo answered UNIMPLEMENTED \(12\).*ListAccounts answered UNAUTHENTICATED instead/,
    );
    // Every other check passed or was skipped for want of credentials: nothing else changed.
    const others = reported.outcomes.filter(
      (outcome) => outcome.record && !['contract'].includes(outcome.record.outcome),
    );
    assert.ok(others.every((outcome) => ['pass', 'degraded', 'skipped'].includes(outcome.record!.outcome)));
  });

  it('shows a contract change as skipped, reported only, in the table and summary.md, as Playwright does; contract in summary.json', () => {
    const summary = summaryOf(reported);
    const row = summary.rows.find((candidate) => candidate.name === 'serves /v3/api-docs/studio');
    assert.equal(row?.verdict, 'contract');
    const markdown = fs.readFileSync(path.join(reported.outputDir, 'step-summary.md'), 'utf8');
    assert.match(markdown, /\| serves \/v3\/api-docs\/studio \| skipped \| [^|]+ \| [^|]+ \| [^|]+ \| contract \|$/m);
    assert.match(
      markdown,
      /^- production skipped, contract change, reported only \(SMOKE_CONTRACT=report\): .*v3\/api-docs\/studio: the group 'studio' is no longer listed/m,
    );
    assert.match(reported.stdout, /\d+ skipped \(2 reported only\)/);
    assert.doesNotMatch(reported.stdout, /\d+ fail\b/);
    assert.ok(assertOneWordEach(reported, 'production').has('skipped'));
  });

  it('keeps contract in the history and on the status page, and announces no host down', () => {
    const historyDir = path.join(reported.outputDir, 'history');
    const lines = readHistory(historyDir, 'production');
    const studio = lines.find((line) => line.type === 'check' && line.check === 'serves /v3/api-docs/studio');
    assert.equal(studio?.type === 'check' && studio.verdict, 'contract');
    const alerts = deriveAlerts(lines, { alertAfter: 1, recoverAfter: 1, remindMs: 0 });
    const events = alerts.runs.flatMap((run) => run.events);
    assert.deepEqual(
      events.filter((event) => event.kind === 'down'),
      [],
    );
    assert.equal(alerts.runs.at(-1)?.outage, undefined);
    const outDir = path.join(reported.outputDir, 'status-page');
    const built = buildStatusPage({
      historyDir,
      outDir,
      now: Date.now(),
      hosts: HOSTS,
      // The defaults: the bounds drawn do not matter here.
      bounds: parseSettings({}),
    });
    const page = fs.readFileSync(built.pageFile, 'utf8');
    assert.match(page, /contract/);
    assert.match(page, /the group &#39;studio&#39; is no longer listed|the group 'studio' is no longer listed/);
  });

  it('has notify send nothing: no host is down, and nothing changed since a previous run', async () => {
    const received: string[] = [];
    const receiver = http.createServer((request, response) => {
      request.on('data', (chunk: Buffer) => received.push(chunk.toString('utf8')));
      request.on('end', () => response.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const sent = await runScript('notify.ts', ['--environment', 'production'], {
        SMOKE_HISTORY_DIR: path.join(reported.outputDir, 'history'),
        SMOKE_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      });
      assert.equal(sent.code, 0, sent.stderr);
      assert.match(sent.stdout, /nothing changed in the run of/);
      assert.deepEqual(received, []);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('fails the contract lines under SMOKE_CONTRACT=check', () => {
    assert.notEqual(checked.code, 0);
    for (const title of ['inventory serves /v3/api-docs/studio', 'partner grpc answers']) {
      const outcome = checked.outcomes.find((candidate) => candidate.title === title);
      assert.equal(outcome?.status, 'unexpected', describeOutcomes(checked.outcomes));
      assert.equal(outcome.record?.outcome, 'fail');
      assert.equal(outcome.fault, 'contract');
    }
  });
});

describe('failures that stay failures on production', { timeout: 300_000 }, () => {
  let emulator: RunningEmulator;
  let result: RunResult;

  before(async () => {
    emulator = await startTestEmulator({
      environment: 'production',
      oauthClients: [{ clientId: 'wink-smoke-contract-client', clientSecret: 'wink-smoke-contract-secret' }],
      scenario: {
        hosts: {
          integrations: { failGroups: ['channel-manager'] },
          'payment-api': { invalidGroups: ['payment'] },
          iam: { revokeTokens: true },
          elements: { fault: 'status', status: 404 },
        },
      },
    });
    result = await runSuite({
      args: ['--project=production'],
      env: {
        ...overridesFor('production', emulator.urls),
        SMOKE_HOSTS: 'integrations,payment-api,partner,elements',
        // A made-up client the emulated IAM knows: its tokens are revoked as soon as they are issued.
        PRODUCTION_CLIENT_ID: 'wink-smoke-contract-client',
        PRODUCTION_CLIENT_SECRET: 'wink-smoke-contract-secret',
      },
    });
  });
  after(() => emulator.close());

  const failure = (title: string) => {
    const outcome = result.outcomes.find((candidate) => candidate.title === title);
    assert.equal(outcome?.status, 'unexpected', `${title}:\n${describeOutcomes(result.outcomes)}`);
    return outcome.record!;
  };

  it('fails a listed group answering 500 as status, and an invalid document as content', () => {
    assert.notEqual(result.code, 0);
    const broken = failure('integrations serves /v3/api-docs/channel-manager');
    assert.equal(broken.fault, 'status');
    assert.match(broken.cause ?? '', /answered HTTP 500/);
    const invalid = failure('payment-api serves /v3/api-docs/payment');
    assert.equal(invalid.fault, 'content');
    assert.match(invalid.cause ?? '', /not a valid openapi document/);
  });

  it('fails UNAUTHENTICATED with a fresh token', () => {
    const refused = failure('partner grpc authenticated call');
    assert.equal(refused.fault, 'status');
    assert.match(
      refused.cause ?? '',
      /refused the token: gRPC \/wink\.grpc\.v1\.Diagnostics\/Echo answered UNAUTHENTICATED/,
    );
  });

  it('fails an Elements asset answering 404 as status', () => {
    const script = failure('elements serves /elements.js');
    assert.equal(script.fault, 'status');
    assert.match(script.cause ?? '', /GET \/elements\.js answered HTTP 404/);
  });
});
