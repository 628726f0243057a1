/**
 * Contract watch across runs, on one history: a production run, then a staging run whose
 * `reference` group lacks one operation and has a new one. Staging's summary and the status page
 * list both by method and path, the removal marked breaking. Then production ships the release:
 * its next run's documents differ from its previous ones, and `notify` sends one informational
 * message saying so, and nothing when a further run changes nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import type { HostScenario } from '../../src/config/scenario.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { parseSettings } from '../../src/config/settings.ts';
import type { RunSummary } from '../../src/run/summary.ts';
import { buildStatusPage } from '../../src/status/page/build.ts';
import { SELFTEST_OUTPUT, overridesFor, runScript, runSuite, startTestEmulator, type RunResult } from '../harness.ts';
import type { RealEnvironmentName } from '../../src/catalog/catalog.ts';

const RELEASE: HostScenario = {
  operations: {
    group: 'reference',
    remove: ['GET /reference-data/currency/list'],
    add: ['GET /reference-data/fx/list'],
  },
};
const REMOVED = 'removed GET /reference-data/currency/list (breaking)';
const ADDED = 'added GET /reference-data/fx/list';

describe('contract watch: what the next release changes, and what a release changed', { timeout: 300_000 }, () => {
  const historyDir = fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'contract-watch-'));
  const emulators: RunningEmulator[] = [];
  const received: { event: { kind: string } }[] = [];
  let receiver: http.Server;
  let webhook: string;
  let staging: RunResult;

  /** One run of inventory alone in `environment`, against an emulator playing it, on the shared history. */
  const runOf = async (environment: RealEnvironmentName, inventory: HostScenario = {}): Promise<RunResult> => {
    const emulator = await startTestEmulator({ environment, scenario: { hosts: { inventory } } });
    emulators.push(emulator);
    return runSuite({
      args: [`--project=${environment}`],
      env: { ...overridesFor(environment, emulator.urls), SMOKE_HOSTS: 'inventory', SMOKE_HISTORY_DIR: historyDir },
    });
  };
  const notify = () =>
    runScript('notify.ts', ['--environment', 'production'], {
      SMOKE_HISTORY_DIR: historyDir,
      SMOKE_WEBHOOK_URL: webhook,
    });

  before(async () => {
    receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(JSON.parse(body) as { event: { kind: string } });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const production = await runOf('production');
    assert.equal(production.code, 0, production.stdout);
    staging = await runOf('staging', RELEASE);
  });
  after(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("lists the next release's changes in staging's summary, the removal marked breaking", () => {
    assert.equal(staging.code, 0, staging.stdout);
    const summary = JSON.parse(
      fs.readFileSync(path.join(staging.outputDir, 'results', 'summary.json'), 'utf8'),
    ) as RunSummary;
    assert.deepEqual(summary.nextRelease, [
      {
        host: 'inventory',
        path: '/v3/api-docs/reference',
        changes: [
          { operation: 'GET /reference-data/currency/list', change: 'removed', breaking: true },
          { operation: 'GET /reference-data/fx/list', change: 'added', breaking: false },
        ],
      },
    ]);
    const markdown = fs.readFileSync(path.join(staging.outputDir, 'results', 'summary.md'), 'utf8');
    assert.ok(markdown.includes(`- inventory /v3/api-docs/reference: ${REMOVED}, ${ADDED}`), markdown);
    assert.ok(staging.stdout.includes(`inventory /v3/api-docs/reference: ${REMOVED}, ${ADDED}`), staging.stdout);
  });

  it('lists them on the status page', () => {
    const built = buildStatusPage({
      historyDir,
      outDir: path.join(historyDir, 'page'),
      now: Date.now(),
      hosts: HOSTS,
      // The defaults: the bounds drawn do not matter here.
      bounds: parseSettings({}),
    });
    const page = fs.readFileSync(built.pageFile, 'utf8');
    assert.match(page, new RegExp(`<li class="breaking">${REMOVED.replace(/[()]/g, '\\$&')}</li>`));
    assert.match(page, new RegExp(`<li class="compatible">${ADDED}</li>`));
  });

  it('sends one informational message when production ships the change, and nothing when nothing changed', async () => {
    const first = await notify();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(received.length, 0, 'the first production run changed nothing');
    const shipped = await runOf('production', RELEASE);
    assert.equal(shipped.code, 0, shipped.stdout);
    const sent = await notify();
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /production: the API changed: 1 removed, 1 added operations, 1 breaking/);
    assert.deepEqual(
      received.map((message) => message.event.kind),
      ['api-changed'],
    );
    const again = await runOf('production', RELEASE);
    assert.equal(again.code, 0, again.stdout);
    await notify();
    assert.equal(received.length, 1, 'a run that changed nothing sends nothing');
  });
});
