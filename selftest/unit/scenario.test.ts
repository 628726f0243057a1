import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startEmulator } from '../../emulator/emulator.ts';
import { loadScenario } from '../../emulator/scenario.ts';
import { HOST_FAULTS } from '../../emulator/faults.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { ConfigError } from '../../src/config/variables.ts';
import { emulatedPort } from '../../src/plan/targets.ts';

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

describe('an emulator port taken by another program', () => {
  it('stops the start with one line naming the port and SMOKE_EMULATOR_PORT, and leaves no host bound', async () => {
    // Below the ephemeral ports and apart from the other self-tests' ranges (local.test.ts: 29 900).
    const basePort = 30_900;
    const lastPort = emulatedPort(basePort, HOSTS.length - 1);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(lastPort, '127.0.0.1', resolve));
    try {
      await assert.rejects(
        startEmulator({ hosts: HOSTS, basePort, wakeAfterMs: 0, scenario: { hosts: {} } }),
        (error: Error) =>
          error.message ===
          `127.0.0.1:${lastPort} is in use by another program: set SMOKE_EMULATOR_PORT to the first of a range of free ports below 32768`,
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    // Every host before the last one had bound, the gRPC partner among them: all are closed again.
    const refusedPorts = await Promise.all(
      HOSTS.slice(0, -1).map(
        (_, index) =>
          new Promise<boolean>((resolve) => {
            const socket = net.connect(emulatedPort(basePort, index), '127.0.0.1');
            socket.once('connect', () => {
              socket.destroy();
              resolve(false);
            });
            socket.once('error', () => resolve(true));
          }),
      ),
    );
    assert.deepEqual(
      refusedPorts,
      HOSTS.slice(0, -1).map(() => true),
    );
  });
});
