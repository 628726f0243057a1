/**
 * The emulator's OpenAPI documents: Wink's published ones, byte for byte, with a scenario's release
 * change applied to the real operations; a stand-in where none is published; a removal of an
 * operation the document lacks refused in one line; where they come from in docs/emulator.md.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { documentSources, groupDocument, isPublished, operationsOf } from '../../emulator/documents.ts';
import { startEmulator, type RunningEmulator } from '../../emulator/emulator.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import type { Scenario } from '../../src/config/scenario.ts';
import { documentProblem } from '../../src/checks/document-shapes.ts';
import { ConfigError } from '../../src/config/variables.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const upstream = (group: string): Buffer =>
  gunzipSync(fs.readFileSync(path.join(ROOT, 'emulator', 'documents', `${group}.json.gz`)));

const RELEASE: Scenario = {
  hosts: {
    inventory: {
      operations: {
        group: 'reference',
        remove: ['GET /reference-data/currency/list', 'GET /reference-data/timezone/city/{city}'],
        add: ['GET /reference-data/fx/list'],
      },
    },
  },
};

/** A served group's document, as bytes. */
async function served(emulator: RunningEmulator, host: string, group: string): Promise<Buffer> {
  const response = await fetch(`${emulator.urls[host]}/v3/api-docs/${group}`);
  assert.equal(response.status, 200, `${host} ${group}`);
  assert.equal(response.headers.get('content-type'), 'application/json');
  return Buffer.from(await response.arrayBuffer());
}

describe("the emulator's springdoc documents", () => {
  let healthy: RunningEmulator;
  let released: RunningEmulator;
  before(async () => {
    const start = (scenario: Scenario) => startEmulator({ hosts: HOSTS, basePort: 0, wakeAfterMs: 0, scenario });
    [healthy, released] = await Promise.all([start({ hosts: {} }), start(RELEASE)]);
  });
  after(() => Promise.all([healthy.close(), released.close()]));

  it("serves Wink's published documents byte for byte, where a group has one", async () => {
    for (const host of HOSTS) {
      for (const group of host.kind === 'api' ? (host.openapiGroups?.groups ?? []) : []) {
        if (!isPublished(group)) continue;
        assert.ok((await served(healthy, host.id, group)).equals(upstream(group)), `${host.id} ${group}`);
      }
    }
  });

  it('serves a valid stand-in with no operations for a group Wink does not publish', async () => {
    assert.equal(isPublished('extranet'), false);
    const document = JSON.parse((await served(healthy, 'inventory', 'extranet')).toString('utf8')) as unknown;
    assert.equal(documentProblem('openapi', document), undefined);
    assert.deepEqual((document as { paths: unknown }).paths, {});
  });

  it("documents no /api/hello, and the catalog's ping is a documented operation that wants a token", async () => {
    const operations = operationsOf(groupDocument('reference'));
    assert.ok(!operations.some((operation) => operation.endsWith(' /api/hello')));
    const inventory = HOSTS.find((host) => host.id === 'inventory');
    const ping = inventory?.kind === 'api' ? inventory.authenticatedPing : undefined;
    assert.ok(operations.includes(`GET ${ping}`), `GET ${ping} is in the reference document`);
    const answer = await fetch(`${healthy.urls['inventory']}${ping}`);
    assert.equal(answer.status, 401, 'the ping wants a token');
  });

  it('applies a release change to the real operations, and changes nothing else', async () => {
    const today = groupDocument('reference');
    const next = JSON.parse((await served(released, 'inventory', 'reference')).toString('utf8')) as typeof today;
    const operations = operationsOf(today);
    assert.deepEqual(operationsOf(next), [
      ...operations.filter((operation) => !RELEASE.hosts['inventory']!.operations!.remove.includes(operation)),
      'GET /reference-data/fx/list',
    ]);
    // A path left with no operation goes; the rest is upstream's.
    assert.equal(next.paths['/reference-data/timezone/city/{city}'], undefined);
    assert.deepEqual({ ...next, paths: {} }, { ...today, paths: {} });
    assert.ok((await served(released, 'inventory', 'social')).equals(upstream('social')), 'other groups untouched');
  });

  it('refuses, in one line, to remove an operation the document does not have', async () => {
    const scenario: Scenario = {
      hosts: {
        inventory: { operations: { group: 'reference', remove: ['GET /reference-data/curency/list'], add: [] } },
      },
    };
    await assert.rejects(
      startEmulator({ hosts: HOSTS, basePort: 0, wakeAfterMs: 0, scenario }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          'SMOKE_EMULATOR_SCENARIO: at hosts.inventory.operations.remove: "GET /reference-data/curency/list" is not an operation of the reference document; did you mean GET /reference-data/currency/list?',
    );
  });

  it("serves IAM's userinfo at /oauth2/userinfo, as Wink's does", async () => {
    const response = await fetch(`${healthy.urls['iam']}/.well-known/openid-configuration`);
    const discovery = (await response.json()) as { userinfo_endpoint?: string };
    assert.equal(discovery.userinfo_endpoint, `${healthy.urls['iam']}/oauth2/userinfo`);
  });
});

describe("where the emulator's documents come from", () => {
  it('docs/emulator.md names the repository, the commit, the date and each shipped file', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'emulator.md'), 'utf8');
    const sources = documentSources();
    for (const fact of [sources.repository, sources.commit.slice(0, 8), sources.date])
      assert.ok(page.includes(fact), fact);
    for (const [name, { path: file }] of Object.entries(sources.documents)) {
      assert.ok(fs.existsSync(path.join(ROOT, 'emulator', 'documents', `${name}.json.gz`)), name);
      assert.ok(
        page.split('\n').some((line) => line.startsWith(`| \`${name}\` `) && line.includes(`\`${file}\``)),
        `a docs/emulator.md row for ${name}`,
      );
    }
  });
});
