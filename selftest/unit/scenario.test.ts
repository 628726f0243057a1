import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startEmulator } from '../../emulator/emulator.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { DOMAIN_FAULTS, HOST_FAULTS, readScenario as loadScenario } from '../../src/config/scenario.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { ConfigError } from '../../src/config/variables.ts';
import { emulatedPort } from '../../src/targets/targets.ts';

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

  /** A ConfigError of one line matching `pattern`. */
  const oneLine = (pattern: RegExp) => (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), error.message);
    return true;
  };

  it('names a misspelt fault, host or field with the one meant, and its place in the scenario', () => {
    assert.throws(
      () => loadScenario('{"hosts":{"studio":{"fault":"healthdown"}}}', HOSTS),
      oneLine(
        /^SMOKE_EMULATOR_SCENARIO: at hosts\.studio\.fault: "healthdown" is not a fault of the emulator; did you mean health-down\?$/,
      ),
    );
    assert.throws(
      () => loadScenario('{"hosts":{"stdio":{"fault":"refuse"}}}', HOSTS),
      oneLine(/^SMOKE_EMULATOR_SCENARIO: at hosts: "stdio" is not a host of the catalog; did you mean studio\?$/),
    );
    assert.throws(
      () => loadScenario('{"hosts":{"studio":{"falut":"refuse"}}}', HOSTS),
      oneLine(/^SMOKE_EMULATOR_SCENARIO: at hosts\.studio: "falut" is not a field here; did you mean fault\?$/),
    );
    assert.throws(
      () => loadScenario('{"wakeStyle":"hold"}', HOSTS),
      oneLine(/^SMOKE_EMULATOR_SCENARIO: at wakeStyle: "hold" is not a wake style; did you mean held\?$/),
    );
  });

  it('lists the faults when no name is close, and never the whole schema', () => {
    assert.throws(
      () => loadScenario('{"hosts":{"studio":{"fault":"melt"}}}', HOSTS),
      oneLine(
        new RegExp(
          `^SMOKE_EMULATOR_SCENARIO: at hosts\\.studio\\.fault: "melt" is not a fault of the emulator; expected one of ${Object.keys(HOST_FAULTS).join(', ')}$`,
        ),
      ),
    );
  });

  it('names a value of the wrong type by its path, with the type expected and the value found', () => {
    assert.throws(
      () => loadScenario('{"hosts":{"studio":{"fault":"status","status":"500"}}}', HOSTS),
      oneLine(/^SMOKE_EMULATOR_SCENARIO: at hosts\.studio\.status: expected number, got "500"$/),
    );
    assert.throws(
      () => loadScenario('{"hosts":{"studio":{"tls":{"certFile":"c.pem"}}}}', HOSTS),
      oneLine(/^SMOKE_EMULATOR_SCENARIO: at hosts\.studio\.tls\.keyFile: missing$/),
    );
    assert.throws(
      () => loadScenario('{"hosts":[]}', HOSTS),
      oneLine(/^SMOKE_EMULATOR_SCENARIO: at hosts: expected object, got an array$/),
    );
  });

  it('names a file it cannot read, and JSON it cannot parse', () => {
    assert.throws(() => loadScenario('{"hosts":', HOSTS), oneLine(/^SMOKE_EMULATOR_SCENARIO is not valid JSON: /));
    assert.throws(
      () => loadScenario('/nonexistent/scenario.json', HOSTS),
      oneLine(/^SMOKE_EMULATOR_SCENARIO=\/nonexistent\/scenario.json is not a readable JSON file: ENOENT/),
    );
  });

  it('is validated with the other settings, before the emulator or any test starts', () => {
    assert.throws(
      () => parseSettings({ SMOKE_EMULATOR_SCENARIO: '{"hosts":{"studio":{"fault":"healthdown"}}}' }),
      oneLine(/did you mean health-down\?$/),
    );
    assert.deepEqual(
      parseSettings({ SMOKE_EMULATOR_SCENARIO: '{"hosts":{"studio":{"fault":"refuse"}}}' }).emulatorScenario,
      {
        hosts: { studio: { fault: 'refuse' } },
      },
    );
    assert.deepEqual(parseSettings({}).emulatorScenario, { hosts: {} });
  });
});

describe('emulator faults', () => {
  it('are documented in docs/emulator.md, one row each with its stage', () => {
    const page = fs.readFileSync(path.join(import.meta.dirname, '../../docs/emulator.md'), 'utf8');
    for (const [name, spec] of Object.entries<{ stage: string }>(HOST_FAULTS)) {
      const rows = page.split('\n').filter((line) => line.startsWith(`| \`${name}\` `));
      assert.equal(rows.length, 1, `one docs/emulator.md row for ${name}`);
      assert.match(rows[0]!, new RegExp(`\\| ${spec.stage} +\\|`));
    }
    for (const [name, spec] of Object.entries(DOMAIN_FAULTS)) {
      const rows = page.split('\n').filter((line) => line.startsWith(`| \`${name}\` `));
      assert.equal(rows.length, 1, `one docs/emulator.md row for ${name}`);
      assert.ok(rows[0]!.includes(spec.description), `${name}: ${spec.description}`);
    }
  });

  it("a domain's fault is one of the RDAP server's, the one meant named", () => {
    assert.deepEqual(loadScenario('{"domains":{"trvl.as":{"fault":"domain-expiring"}}}', HOSTS).domains, {
      'trvl.as': { fault: 'domain-expiring' },
    });
    assert.throws(
      () => loadScenario('{"domains":{"trvl.as":{"fault":"domain-expird"}}}', HOSTS),
      (error: unknown) =>
        error instanceof ConfigError &&
        /^SMOKE_EMULATOR_SCENARIO: at domains\.trvl\.as\.fault: "domain-expird" is not a domain fault of the emulator; did you mean domain-expired\?/.test(
          error.message,
        ),
    );
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
        /^SMOKE_EMULATOR_SCENARIO: at hosts\.partner\.fault: 'blank' means nothing to a gRPC host; expected one of refuse, reset, hang, asleep, status$/.test(
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
