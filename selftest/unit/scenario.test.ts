import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadScenario } from '../../emulator/scenario.ts';
import { HOST_FAULTS } from '../../emulator/faults.ts';
import { HOSTS } from '../../src/catalog.ts';
import { ConfigError } from '../../src/settings.ts';

describe('emulator scenario', () => {
  it('reads a scenario inline or from a file', () => {
    assert.deepEqual(loadScenario('{"hosts":{"studio":{"fault":"status","status":502}}}', HOSTS), {
      hosts: { studio: { fault: 'status', status: 502 } },
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-')), 's.json');
    fs.writeFileSync(file, '{"wakeAfterMs": 0}');
    assert.deepEqual(loadScenario(file, HOSTS), { wakeAfterMs: 0, hosts: {} });
    assert.deepEqual(loadScenario(undefined, HOSTS), { hosts: {} });
  });

  it('rejects unknown faults, unknown hosts and bad JSON with one line', () => {
    const oneLine = (pattern: RegExp) => (error: unknown) =>
      error instanceof ConfigError && pattern.test(error.message) && !error.message.includes('\n');
    assert.throws(
      () => loadScenario('{"hosts":{"studio":{"fault":"melt"}}}', HOSTS),
      oneLine(/^SMOKE_EMULATOR_SCENARIO: hosts.studio.fault: /),
    );
    assert.throws(
      () => loadScenario('{"hosts":{"stdio":{"fault":"refuse"}}}', HOSTS),
      oneLine(/no host 'stdio' in the catalog/),
    );
    assert.throws(() => loadScenario('{"hosts":', HOSTS), oneLine(/is not a readable JSON scenario/));
    assert.throws(
      () => loadScenario('/nonexistent/scenario.json', HOSTS),
      oneLine(/^\/nonexistent\/scenario.json is not a readable JSON scenario/),
    );
  });
});

describe('emulator faults', () => {
  it('are documented in the README, one row each with its stage', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const [name, spec] of Object.entries(HOST_FAULTS)) {
      const rows = readme.split('\n').filter((line) => line.startsWith(`| \`${name}\` `));
      assert.equal(rows.length, 1, `one README row for ${name}`);
      assert.match(rows[0]!, new RegExp(`\\| ${spec.stage} +\\|`));
    }
  });
});

describe('gRPC hosts in a scenario', () => {
  it('take only faults that mean something to a gRPC server', () => {
    assert.deepEqual(loadScenario('{"hosts":{"partner":{"fault":"status"}}}', HOSTS).hosts.partner, {
      fault: 'status',
    });
    assert.deepEqual(loadScenario('{"hosts":{"partner":{"fault":"hang"}}}', HOSTS).hosts.partner, { fault: 'hang' });
    assert.throws(
      () => loadScenario('{"hosts":{"partner":{"fault":"blank"}}}', HOSTS),
      (error: unknown) =>
        error instanceof ConfigError &&
        /^SMOKE_EMULATOR_SCENARIO: hosts\.partner\.fault: 'blank' means nothing to a gRPC host; expected one of refuse, reset, hang, asleep, status$/.test(
          error.message,
        ),
    );
  });
});
