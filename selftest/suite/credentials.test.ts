/**
 * Credentials and safety, against the emulator's real OAuth 2.0 server (oidc-provider) with a
 * client made up here: the ping passes; a wrong secret fails on IAM's side and a revoked token on
 * the API's; with tracing on, nothing the run wrote (reports, JSON, traces unzipped, attachments,
 * its output) holds the client id, the secret, the token or a bearer header; production received
 * only GET and HEAD, plus one token request per token issued (one per worker at most).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import type { HostScenario } from '../../src/config/scenario.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import {
  describeOutcomes,
  overridesFor,
  readEverything,
  runSuite,
  type RunResult,
  startTestEmulator,
} from '../harness.ts';

/** The harness runs the suite with two workers; each fetches its own token when it needs one. */
const WORKERS = 2;
const clientId = `selftest-client-${randomBytes(6).toString('hex')}`;
const clientSecret = `selftest-secret-${randomBytes(12).toString('hex')}`;
/** The secret part of made-up webhook URLs and of the Pushgateway's: settings hold them as secrets. */
const webhookSecret = `selftest-webhook-${randomBytes(12).toString('hex')}`;

describe('credentials against a real OAuth 2.0 server', () => {
  let emulator: RunningEmulator;
  let result: RunResult;
  /** Takes the run's metrics push, so that the Pushgateway's secret URL is really used. */
  const pushes: string[] = [];
  const pushgateway = http.createServer((request, response) => {
    pushes.push(
      `${request.method} ${request.url} ${request.headers.authorization === `Basic ${Buffer.from(`pushgateway:${webhookSecret}`).toString('base64')}` ? 'with' : 'without'} credentials`,
    );
    request.resume().on('end', () => response.writeHead(200).end());
  });

  before(async () => {
    await new Promise<void>((resolve) => pushgateway.listen(0, '127.0.0.1', resolve));
    const sink = `http://127.0.0.1:${(pushgateway.address() as AddressInfo).port}`;
    emulator = await startTestEmulator({
      environment: 'production',
      oauthClients: [{ clientId, clientSecret }],
    });
    result = await runSuite({
      args: ['--project=production', '--trace=on'],
      env: {
        ...overridesFor('production', emulator.urls),
        PRODUCTION_CLIENT_ID: clientId,
        PRODUCTION_CLIENT_SECRET: clientSecret,
        SMOKE_SLACK_WEBHOOK_URL: `https://hooks.slack.example/services/${webhookSecret}`,
        SMOKE_TEAMS_WEBHOOK_URL: `https://teams.example/workflows/${webhookSecret}`,
        SMOKE_WEBHOOK_URL: `https://hooks.example/${webhookSecret}`,
        SMOKE_PUSHGATEWAY_URL: `http://pushgateway:${webhookSecret}@127.0.0.1:${sink.split(':')[2]}`,
      },
    });
  });
  after(async () => {
    pushgateway.close();
    await emulator.close();
  });

  it('passes the ping and the authenticated gRPC call, with at most one token per worker', () => {
    const outcomes = result.outcomes.filter((outcome) => outcome.project === 'production');
    assert.ok(
      outcomes.every((outcome) => outcome.status === 'expected'),
      describeOutcomes(result.outcomes),
    );
    const recordOf = (title: string) => outcomes.find((outcome) => outcome.title === title)?.record;
    // Both say where the token came from: IAM's OpenID discovery document, the first one tried.
    const fromDiscovery = 'token endpoint: named by /.well-known/openid-configuration';
    assert.deepEqual(
      ['inventory authenticated ping', 'partner grpc authenticated call'].map((title) => [
        recordOf(title)?.outcome,
        recordOf(title)?.detail,
      ]),
      [
        ['pass', fromDiscovery],
        ['pass', `${fromDiscovery}; /wink.grpc.v1.Diagnostics/Echo answered OK (0)`],
      ],
    );
    // The token is held in each worker's memory and never written anywhere another could read it.
    assert.ok(emulator.issuedTokens.length >= 1 && emulator.issuedTokens.length <= WORKERS);
  });

  it('writes no secret, token or bearer header into any artifact, traces included', () => {
    const needles = {
      'client id': clientId,
      'client secret': clientSecret,
      ...Object.fromEntries(emulator.issuedTokens.map((token, index) => [`access token ${index + 1}`, token])),
      'basic credentials': Buffer.from(`${clientId}:${clientSecret}`).toString('base64'),
      // A header's token, whatever issued it: Wink's documents, which the run attaches, describe
      // the header itself (`Authorization: Bearer <access_token>`), and that is no leak.
      'bearer header': /Bearer [\w~+/.-]{20,}/,
      'webhook and Pushgateway URLs': webhookSecret,
      'Pushgateway credentials': Buffer.from(`pushgateway:${webhookSecret}`).toString('base64'),
    };
    // A control: the pattern catches the header the checks send.
    assert.match(`authorization: Bearer ${emulator.issuedTokens[0]}`, needles['bearer header']);
    assert.deepEqual(
      pushes,
      ['PUT /metrics/job/wink_smoke/environment/production with credentials'],
      `the metrics were pushed\n${result.stderr}`,
    );
    const files = [
      ...readEverything(result.outputDir),
      { file: 'stdout', text: result.stdout },
      { file: 'stderr', text: result.stderr },
    ];
    const traces = files.filter((entry) => entry.file.includes('trace.zip.unpacked'));
    assert.ok(traces.length > 0, 'the traces were unpacked and read');
    // A control: what a trace does record (the emulator's IAM address) is found by the same scan.
    assert.ok(
      traces.some((entry) => entry.text.includes(emulator.urls.iam!)),
      'the scan reads trace contents',
    );
    assert.ok(
      files.some((entry) => entry.file.includes('index.html.data.zip.unpacked')),
      'the HTML report data was read',
    );
    for (const [what, needle] of Object.entries(needles)) {
      const leaks = files
        .filter((entry) => (typeof needle === 'string' ? entry.text.includes(needle) : needle.test(entry.text)))
        .map((entry) => path.relative(result.outputDir, entry.file));
      assert.deepEqual(leaks, [], `${what} found in`);
    }
  });

  it('sent production only GET and HEAD, one token request to IAM per token, and two MCP reads per MCP server', () => {
    const writes = emulator.requests.filter((request) => request.method !== 'GET' && request.method !== 'HEAD');
    const mcpHosts = HOSTS.filter((host) => host.kind === 'api' && host.mcp !== undefined);
    assert.deepEqual(
      writes.map((request) => `${request.method} ${request.host} ${request.path}`).sort(),
      [
        ...emulator.issuedTokens.map(() => 'POST iam /oauth2/token'),
        // initialize, then tools/list: the only POSTs the read-only guard lets through besides the token's.
        ...mcpHosts.flatMap((host) => [`POST ${host.id} /mcp`, `POST ${host.id} /mcp`]),
      ].sort(),
    );
  });
});

/** The authenticated ping alone, in staging, against an emulator whose IAM plays `iam`. */
async function pingWith(
  secret: string,
  iam: HostScenario,
): Promise<{ result: RunResult; urls: Readonly<Record<string, string>> }> {
  const emulator = await startTestEmulator({
    scenario: { hosts: { iam } },
    oauthClients: [{ clientId, clientSecret }],
  });
  try {
    const result = await runSuite({
      args: ['--project=staging', '--grep', 'authenticated ping'],
      env: { ...overridesFor('staging', emulator.urls), STAGING_CLIENT_ID: clientId, STAGING_CLIENT_SECRET: secret },
    });
    return { result, urls: emulator.urls };
  } finally {
    await emulator.close();
  }
}

describe('refused credentials', () => {
  const ping = (result: RunResult) =>
    result.outcomes.find((outcome) => outcome.title === 'inventory authenticated ping');

  it('fails on IAM’s side when the secret is wrong', async () => {
    const { result, urls } = await pingWith('not-the-secret', {});
    const outcome = ping(result);
    assert.equal(outcome?.status, 'unexpected', describeOutcomes(result.outcomes));
    assert.equal(outcome.fault, 'status');
    assert.ok(
      outcome.errors[0]?.includes(
        `staging inventory ${urls.inventory}: IAM refused the client credentials: HTTP 401 (invalid_client) from its token endpoint`,
      ),
      outcome.errors[0],
    );
  });

  it('fails on the API’s side when the token was revoked', async () => {
    const { result, urls } = await pingWith(clientSecret, { revokeTokens: true });
    const outcome = ping(result);
    assert.equal(outcome?.status, 'unexpected', describeOutcomes(result.outcomes));
    assert.equal(outcome.fault, 'status');
    assert.ok(
      outcome.errors[0]?.includes(
        `staging inventory ${urls.inventory}: the API refused the token IAM issued: HTTP 401 for GET /reference-data/language/list`,
      ),
      outcome.errors[0],
    );
  });
});

describe('the token endpoint, wherever IAM publishes it', () => {
  const cases: readonly [string, HostScenario, string][] = [
    [
      'only the RFC 8414 document public',
      { fault: 'no-openid-metadata' },
      'named by /.well-known/oauth-authorization-server',
    ],
    ['no metadata document public', { fault: 'no-metadata' }, 'the documented /oauth2/token'],
  ];
  for (const [what, iam, source] of cases) {
    it(`is found with ${what}, and the record says where`, async () => {
      const { result } = await pingWith(clientSecret, iam);
      const record = result.outcomes.find((outcome) => outcome.title === 'inventory authenticated ping')?.record;
      assert.deepEqual(
        [record?.outcome, record?.detail],
        ['pass', `token endpoint: ${source}`],
        describeOutcomes(result.outcomes),
      );
    });
  }
});
