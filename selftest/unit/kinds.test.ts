/**
 * Check kinds carried out without Playwright: a kind's module against a loopback server playing
 * production's inventory, through `RunningCheck` with a fake runner. What the fixtures used to hold
 * (the steps, the record, the contract and credential rules) is tested here on its own.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { carryCheck } from '../carry-check.ts';
import { HOSTS, urlOverrideVariable } from '../../src/catalog/catalog.ts';
import { inspectCertificate } from '../../src/net/tls.ts';
import { parseSettings, type Settings } from '../../src/config/settings.ts';
import { withoutCredentials } from '../../src/config/variables.ts';
import type { PlannedCheck } from '../../src/kinds/registry.ts';
import { checksOfHost } from '../../src/plan/plan.ts';

describe('check kinds, without a runner', () => {
  let server: http.Server;
  let settings: Settings;

  before(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/') return response.writeHead(401).end();
      if (request.url === '/actuator/health')
        return response
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'DOWN', components: { db: { status: 'DOWN' } } }));
      response.writeHead(404, 'Not Found').end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    settings = parseSettings({ [urlOverrideVariable('production', 'inventory')]: url });
  });
  after(() => server.close());

  /** Carries out the named check of inventory in production; its record, and what it said. */
  async function carry(name: string) {
    const planned = checksOfHost(HOSTS.find((host) => host.id === 'inventory')!).find(
      (check) => check.name === name,
    ) as PlannedCheck;
    return carryCheck(planned, 'production', settings, {
      certificate: (url) => inspectCertificate(url, 1000),
      domainAnswers: () => Promise.resolve(new Map()),
    });
  }

  it('passes an API that answers / with 401, its request listed and its status noted', async () => {
    const { record, said, check } = await carry('api answers');
    assert.equal(record.outcome, 'pass');
    assert.equal(record.httpStatus, 401);
    assert.deepEqual(record.certificate, { state: 'plain-http' });
    assert.deepEqual(said.steps, ['certificate', 'GET /']);
    assert.deepEqual(
      check.calls.map((call) => call.status),
      [401],
    );
    assert.ok(said.notes.includes('status: GET / 401'), said.notes.join('\n'));
  });

  it('fails health DOWN as health in its own step, naming the component', async () => {
    const { record, said, thrown } = await carry('health is UP');
    assert.equal(record.outcome, 'fail');
    assert.equal(record.fault, 'health');
    assert.equal(record.cause, 'GET /actuator/health answered HTTP 503 with status DOWN; not UP: db (DOWN)');
    assert.deepEqual(said.steps, ['certificate', 'GET /actuator/health', 'health status']);
    // The failure points at the kind's own module, not at the runner.
    assert.match(thrown?.stack ?? '', /src\/kinds\/health\.ts/);
  });

  it('reports a document gone (404) as a contract change, by the kind’s rule, skipping the test', async () => {
    const { record, said } = await carry('serves /v3/api-docs/reference');
    assert.equal(record.outcome, 'contract');
    assert.equal(record.fault, 'contract');
    assert.match(said.skipped ?? '', /^contract change, reported only \(SMOKE_CONTRACT=report\): GET \/v3\/api-docs/);
  });

  it('skips the authenticated ping without credentials, naming the variables', async () => {
    const { record, said } = await carry('authenticated ping');
    assert.equal(said.skipped, withoutCredentials('production'));
    assert.deepEqual([record.outcome, record.note], ['skipped', withoutCredentials('production')]);
  });
});
