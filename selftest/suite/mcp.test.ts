/**
 * Wink's MCP servers in production, against the emulator: with a client's credentials the healthy
 * server passes its three checks (metadata, 401, tools), its metadata gone is a contract change,
 * and a server answering 503 fails, naming the status. Production receives only the reads the
 * read-only section lists: GET, the token request and the two MCP calls with a token.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import { describeOutcomes, overridesFor, runSuite, startTestEmulator, type RunResult } from '../harness.ts';

describe('MCP servers', { timeout: 180_000 }, () => {
  const clientId = `wink-smoke-mcp-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  let emulator: RunningEmulator;
  let result: RunResult;

  before(async () => {
    emulator = await startTestEmulator({
      environment: 'production',
      oauthClients: [{ clientId, clientSecret }],
      scenario: { hosts: { inventory: { fault: 'mcp-metadata-gone' }, integrations: { fault: 'mcp-down' } } },
    });
    // IAM and the two API hosts: every MCP check, and the token's issuer.
    result = await runSuite({
      args: ['--project=production', '--grep', 'mcp'],
      env: {
        ...overridesFor('production', emulator.urls),
        PRODUCTION_CLIENT_ID: clientId,
        PRODUCTION_CLIENT_SECRET: clientSecret,
        SMOKE_HOSTS: 'iam,inventory,integrations',
      },
    });
  });
  after(() => emulator.close());

  const record = (title: string) => result.outcomes.find((outcome) => outcome.title === title)?.record;

  it("passes a healthy server's 401 and tools, with the token IAM issued", () => {
    for (const title of ['inventory mcp /mcp asks for a token', 'inventory mcp /mcp lists its tools'])
      assert.equal(record(title)?.outcome, 'pass', `${title}:\n${describeOutcomes(result.outcomes)}`);
    assert.match(
      record('inventory mcp /mcp lists its tools')?.detail ?? '',
      /; 2 tools \(list_properties, get_rates\)$/,
    );
  });

  it('reports its metadata gone as a contract change, not an outage', () => {
    const gone = record('inventory mcp /mcp publishes its metadata');
    assert.equal(gone?.outcome, 'contract', describeOutcomes(result.outcomes));
    assert.match(
      gone.cause ?? '',
      /protected-resource metadata is no longer served: \/\.well-known\/oauth-protected-resource\/mcp \(HTTP 404\)/,
    );
  });

  it('fails a server that answers 503, naming the status, and leaves the metadata check passing', () => {
    const down = record('integrations mcp /mcp asks for a token');
    assert.equal(down?.outcome, 'fail');
    assert.equal(down.fault, 'status');
    assert.match(down.cause ?? '', /HTTP 503; expected 401/);
    assert.equal(record('integrations mcp /mcp lists its tools')?.outcome, 'fail');
    assert.equal(record('integrations mcp /mcp publishes its metadata')?.outcome, 'pass');
    assert.notEqual(result.code, 0, 'a failing MCP server fails the run');
  });

  it('sent production only reads: GET, the token request, and initialize and tools/list with a token', () => {
    const writes = emulator.requests
      .filter((request) => request.method !== 'GET' && request.method !== 'HEAD')
      .map((request) => `${request.method} ${request.host} ${request.path}`);
    assert.ok(writes.length > 0);
    assert.deepEqual([...new Set(writes)].sort(), [
      'POST iam /oauth2/token',
      'POST integrations /mcp',
      'POST inventory /mcp',
    ]);
  });
});
