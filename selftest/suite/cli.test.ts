/**
 * What a user sees before any check runs: the list of checks per environment; an older Node, bad
 * configuration (a setting, the emulator's scenario, maintenance.json), an unknown project and a
 * taken emulator port each stopped with one line, exit code 2, before any test and with nothing
 * written to the history; and a sleeping environment in which nothing wakes, which fails the warm-up
 * alone with every host's last error.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkPlan, checksOfHost } from '../../src/plan/plan.ts';
import { ENVIRONMENTS, HOSTS } from '../../src/catalog/catalog.ts';
import { emulatedPort } from '../../src/targets/targets.ts';
import { withoutCredentials } from '../../src/config/variables.ts';
import { readHistory } from '../../src/history/history.ts';
import { registeredDomains } from '../../src/checks/rdap.ts';
import type { RunSummary, SummaryRow } from '../../src/summary/summary.ts';
import {
  CHECKS_PER_ENVIRONMENT,
  CREDENTIALED,
  describeOutcomes,
  overridesFor,
  runSuite,
  startTestEmulator,
  warmupRecordOf,
  PROJECT_ROOT,
  SELFTEST_OUTPUT,
  writeWindowInForce,
  type RunResult,
} from '../harness.ts';
import { assertOneWordEach } from '../outputs.ts';

/**
 * The run stopped before any test with exit code 2 and exactly one line on stderr, matching `line`,
 * and wrote nothing to the history.
 */
function assertStoppedWithOneLine(result: RunResult, line: RegExp): void {
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.equal(result.outcomes.length, 0, 'no test ran');
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((text) => !/npm warn/.test(text));
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, line);
  assert.ok(!fs.existsSync(path.join(result.outputDir, 'history')), 'nothing written to the history');
}

/** A maintenance file of this content, in a folder of its own. */
function maintenanceFile(content: unknown): string {
  fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
  const file = path.join(fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'maintenance-')), 'maintenance.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('listing', () => {
  for (const project of ['staging', 'production'] as const) {
    it(`--list shows a check for each of the ${HOSTS.length} hosts in ${project}`, async () => {
      const result = await runSuite({ args: [`--project=${project}`, '--list'] });
      assert.equal(result.code, 0, result.stderr);
      const titles = result.outcomes.filter((outcome) => outcome.project === project).map((outcome) => outcome.title);
      assert.equal(titles.length, CHECKS_PER_ENVIRONMENT);
      // Listed as Playwright's list lists, none run, though the run's list reporter is the suite's.
      assert.match(result.stdout, /^Listing tests:$/m, result.stdout);
      assert.doesNotMatch(result.stdout, /^Running \d+ tests?/m);
      for (const host of HOSTS) {
        const main = checksOfHost(host)[0]!.title;
        assert.ok(titles.includes(main), `${main} in ${project}`);
      }
      assert.equal(
        result.outcomes.some((outcome) => outcome.project.endsWith('-warmup')),
        project === 'staging',
      );
    });
  }
});

describe("the README's ways to check one host", () => {
  it("`--grep '@<id>(\\s|$)'` selects that host alone, where `@<id>` alone also selects the hosts it prefixes", async () => {
    for (const [id, prefixed] of [
      ['book', 'booking-engine'],
      ['payment', 'payment-api'],
    ] as const) {
      const exact = await runSuite({ args: ['--project=production', '--list', '--grep', `@${id}(\\s|$)`] });
      const titles = exact.outcomes
        .filter((outcome) => outcome.project === 'production')
        .map((outcome) => outcome.title);
      assert.deepEqual(
        titles.sort(),
        checksOfHost(HOSTS.find((host) => host.id === id)!)
          .map((check) => check.title)
          .sort(),
      );
      const loose = await runSuite({ args: ['--project=production', '--list', '--grep', `@${id}`] });
      assert.ok(
        loose.outcomes.some((outcome) => outcome.title.startsWith(`${prefixed} `)),
        `@${id} also selects ${prefixed}`,
      );
    }
  });
});

describe('a run that names no project', () => {
  it('lists only the local checks: a habitual run never touches staging or production', async () => {
    const result = await runSuite({ args: ['--list'] });
    assert.equal(result.code, 0, result.stderr);
    const projects = new Set(result.outcomes.map((outcome) => outcome.project));
    assert.deepEqual([...projects].sort(), ['local', 'local-emulator', 'local-emulator-stop', 'local-warmup']);
    assert.equal(result.outcomes.filter((outcome) => outcome.project === 'local').length, CHECKS_PER_ENVIRONMENT);
    assert.match(result.stdout, /no --project given, so only local/);
  });
});

describe('SMOKE_HOSTS', () => {
  it('runs and warms only the hosts it names', async () => {
    const emulator = await startTestEmulator({ wakeAfterMs: 1000 });
    try {
      const result = await runSuite({
        args: ['--project=staging'],
        env: { ...overridesFor('staging', emulator.urls), SMOKE_HOSTS: 'studio' },
      });
      assert.equal(result.code, 0, describeOutcomes(result.outcomes));
      const checks = result.outcomes.filter((outcome) => outcome.project === 'staging');
      // Studio's own check, and its domain's (wink.travel), which wakes nothing.
      assert.deepEqual(
        checks.map((outcome) => outcome.title),
        ['studio app renders', 'wink.travel domain registration'],
      );
      const warmup = warmupRecordOf(result.outcomes.find((outcome) => outcome.project === 'staging-warmup'));
      assert.deepEqual(
        warmup.hosts.map((host) => host.id),
        ['studio'],
      );
      assert.deepEqual([...new Set(emulator.requests.map((request) => request.host))], ['studio']);
    } finally {
      await emulator.close();
    }
  });
});

describe('an older Node', () => {
  const needed = fs.readFileSync(path.join(PROJECT_ROOT, '.nvmrc'), 'utf8').trim();
  const line = new RegExp(
    `^wink-smoke: needs Node ${needed} or newer \\(\\.nvmrc\\), and this is Node [\\d.]+: run \`nvm install\` here`,
  );

  it('is stopped by the config, first, when Playwright is run directly', async () => {
    const result = await runSuite({
      args: ['--project=local'],
      env: { NODE_OPTIONS: `--import=${path.join(PROJECT_ROOT, 'selftest', 'old-node.mjs')}` },
    });
    assertStoppedWithOneLine(result, line);
  });

  // The machine's own older Node, where it has one: it cannot load a .ts file, so only a check that
  // runs before any can say why (ERR_UNKNOWN_FILE_EXTENSION otherwise).
  const older = ['/usr/bin/node', '/usr/local/bin/node'].find((binary) => {
    const version = spawnSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
    return version !== undefined && version !== '' && Number(version.split('.')[0]) < Number(needed);
  });
  it(
    'is stopped the same way by a real older Node',
    { skip: older === undefined && 'no older Node on this machine' },
    async () => {
      assertStoppedWithOneLine(await runSuite({ args: ['--project=local'], node: older! }), line);
    },
  );
});

describe('bad configuration', () => {
  const window = { host: 'iam', from: '2026-03-02T22:00:00Z', to: '2026-03-02T23:00:00Z' };
  const cases: [string, Record<string, string>, RegExp, string?][] = [
    [
      'an override that is not a URL',
      { STAGING_IAM_URL: 'not a url' },
      /^wink-smoke: STAGING_IAM_URL="not a url" is not valid: expected an http:\/\/ or https:\/\/ URL$/,
    ],
    [
      'an override for no host',
      { PRODUCTION_STUDIOO_URL: 'https://studio.example' },
      /^wink-smoke: PRODUCTION_STUDIOO_URL names no host of the catalog: did you mean PRODUCTION_STUDIO_URL\? expected <ENV>_<ID>_URL with ID one of IAM, /,
    ],
    [
      'an override whose environment is misspelt',
      { STAGNG_STUDIO_URL: 'https://studio.example' },
      /^wink-smoke: STAGNG_STUDIO_URL is not a variable of wink-smoke: did you mean STAGING_STUDIO_URL\?$/,
    ],
    [
      'a misspelt override suffix',
      { STAGING_STUDIO_ULR: 'https://studio.example' },
      /^wink-smoke: STAGING_STUDIO_ULR is not a variable of wink-smoke: did you mean STAGING_STUDIO_URL\?$/,
    ],
    [
      'a negative timeout',
      { SMOKE_WARMUP_TIMEOUT_S: '-1' },
      /^wink-smoke: SMOKE_WARMUP_TIMEOUT_S="-1" is not valid: expected a whole number from 1 to 3600$/,
    ],
    [
      'a degraded bound above the fail bound',
      { SMOKE_API_DEGRADED_MS: '9000' },
      /^wink-smoke: SMOKE_API_DEGRADED_MS=9000 is not valid: expected it below SMOKE_API_FAIL_MS=8000 \(default\)$/,
    ],
    [
      'a certificate warning bound below the fail bound',
      { SMOKE_CERT_WARN_DAYS: '5' },
      /^wink-smoke: SMOKE_CERT_WARN_DAYS=5 is not valid: expected it above SMOKE_CERT_FAIL_DAYS=7 \(default\)$/,
    ],
    [
      'a non-numeric worker count',
      { SMOKE_WORKERS: 'many' },
      /^wink-smoke: SMOKE_WORKERS="many" is not valid: expected a whole number from 1 to 64$/,
    ],
    [
      "a misspelt fault in the emulator's scenario",
      { SMOKE_EMULATOR_SCENARIO: '{"hosts":{"studio":{"fault":"healthdown"}}}' },
      /^wink-smoke: SMOKE_EMULATOR_SCENARIO: at hosts\.studio\.fault: "healthdown" is not a fault of the emulator; did you mean health-down\?$/,
      'local',
    ],
    [
      "a misspelt host in the emulator's scenario",
      { SMOKE_EMULATOR_SCENARIO: '{"hosts":{"stdio":{"fault":"refuse"}}}' },
      /^wink-smoke: SMOKE_EMULATOR_SCENARIO: at hosts: "stdio" is not a host of the catalog; did you mean studio\?$/,
      'local',
    ],
    [
      "a value of the wrong type in the emulator's scenario",
      { SMOKE_EMULATOR_SCENARIO: '{"hosts":{"studio":{"fault":"status","status":"500"}}}' },
      /^wink-smoke: SMOKE_EMULATOR_SCENARIO: at hosts\.studio\.status: expected number, got "500"$/,
      'local',
    ],
    [
      'a maintenance window without its reason',
      { SMOKE_MAINTENANCE_FILE: maintenanceFile({ windows: [window] }) },
      /^wink-smoke: SMOKE_MAINTENANCE_FILE=.*: windows\[0\] has no "reason"; expected every window to have host, from, to, and reason \(environment is optional\)$/,
    ],
    [
      'a maintenance window for a misspelt host',
      { SMOKE_MAINTENANCE_FILE: maintenanceFile({ windows: [{ ...window, host: 'inventroy', reason: 'upgrade' }] }) },
      /^wink-smoke: SMOKE_MAINTENANCE_FILE=.*: at windows\[0\]\.host: "inventroy" is not a host of the catalog; did you mean inventory\?$/,
    ],
  ];
  for (const [what, env, line, project = 'staging'] of cases) {
    it(`stops the run before any test on ${what}, with one line`, async () => {
      assertStoppedWithOneLine(await runSuite({ args: [`--project=${project}`], env }), line);
    });
  }
});

describe('an unknown project', () => {
  it('is named with the environments only, and the one meant', async () => {
    const environments = new Intl.ListFormat('en', { type: 'disjunction' }).format(ENVIRONMENTS);
    assertStoppedWithOneLine(
      await runSuite({ args: ['--project=prod'] }),
      new RegExp(
        `^wink-smoke: --project=prod names no project: expected ${environments} \\(did you mean production\\?\\)$`,
      ),
    );
    assertStoppedWithOneLine(
      await runSuite({ args: ['--project=stagign'] }),
      /^wink-smoke: --project=stagign names no project: expected .* \(did you mean staging\?\)$/,
    );
  });

  it('leaves the setup projects out of the list, though they can still be named', async () => {
    const result = await runSuite({ args: ['--project=nothing-like-it'] });
    assertStoppedWithOneLine(
      result,
      /^wink-smoke: --project=nothing-like-it names no project: expected staging, production, or local$/,
    );
    const listed = await runSuite({ args: ['--project=local-emulator', '--list'] });
    assert.equal(listed.code, 0, listed.stderr);
  });
});

describe('a taken emulator port', () => {
  it('stops a local run before any test, with one line naming the port and SMOKE_EMULATOR_PORT', async () => {
    // Below the ephemeral ports and apart from the other self-tests' ranges (scenario.test.ts: 30 900).
    const basePort = 31_400;
    const taken = emulatedPort(basePort, 3);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(taken, '127.0.0.1', resolve));
    try {
      const result = await runSuite({ args: ['--project=local'], env: { SMOKE_EMULATOR_PORT: String(basePort) } });
      assertStoppedWithOneLine(
        result,
        new RegExp(
          `^wink-smoke: 127\\.0\\.0\\.1:${taken} is in use by another program: set SMOKE_EMULATOR_PORT to the first of a range of free ports below 32768$`,
        ),
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

describe('an environment in which nothing wakes', () => {
  it('fails the warm-up with every host and its last error, and runs no check', async () => {
    const everyHostAsleep = Object.fromEntries(HOSTS.map((host) => [host.id, { fault: 'asleep' as const }]));
    const emulator = await startTestEmulator({
      scenario: { hosts: everyHostAsleep },
    });
    try {
      const result = await runSuite({
        args: ['--project=staging'],
        env: { ...overridesFor('staging', emulator.urls), SMOKE_WARMUP_TIMEOUT_S: '3' },
      });
      const warmup = result.outcomes.find((outcome) => outcome.project === 'staging-warmup');
      assert.equal(warmup?.status, 'unexpected', describeOutcomes(result.outcomes));
      const message = warmup.errors[0] ?? '';
      assert.match(message, /staging: no host woke within 3 s; last error of each:/);
      for (const host of HOSTS)
        assert.ok(
          message.includes(`${host.id} ${emulator.urls[host.id]}: HTTP 503 Service Unavailable`),
          `${host.id} listed`,
        );
      const checks = result.outcomes.filter((outcome) => outcome.project === 'staging');
      assert.ok(
        checks.length === CHECKS_PER_ENVIRONMENT && checks.every((outcome) => outcome.status === 'skipped'),
        'no check ran',
      );
      assert.notEqual(result.code, 0);
      // Wink is down, not the monitor: every host fails as asleep in the summary and the history,
      // which the alerts read as an outage, and no setup failure says the monitor broke.
      const summary = JSON.parse(
        fs.readFileSync(path.join(result.outputDir, 'results', 'summary.json'), 'utf8'),
      ) as RunSummary;
      assert.deepEqual(summary.setupFailures, []);
      const asleep = /^still asleep after the warm-up waited 3 s; last error: HTTP 503 Service Unavailable$/;
      const notAsleep = summary.rows.filter(
        (row) => !(row.verdict === 'fail' && row.fault === 'asleep' && asleep.test(row.cause ?? '')),
      );
      // A domain's check wakes no host: it did not run, and says so, rather than fail as asleep.
      const domains = notAsleep.filter((row) => row.check === 'domain-expiry');
      assert.deepEqual(
        domains.map((row) => [row.host, row.verdict]),
        registeredDomains(HOSTS).map((domain) => [domain, 'skipped']),
      );
      // The checks that need credentials stay skipped: none were set, so they would not have run.
      const credentialed = notAsleep.filter((row) => row.check !== 'domain-expiry');
      assert.deepEqual(
        credentialed.map((row) => [row.check, row.verdict, row.note]),
        checkPlan(HOSTS)
          .filter((check) => check.needsCredentials)
          .map((check) => [check.kind, 'skipped', withoutCredentials('staging')]),
      );
      // Each check in one word, as Playwright has it: skipped, never started. The terminal says each
      // reason once: the hosts' sleep (retired hosts checked as any here), and the want of credentials.
      assert.deepEqual([...assertOneWordEach(result, 'staging')], ['skipped']);
      // Playwright's own count says so too, not "did not run".
      assert.match(result.stdout, new RegExp(`^ +${CHECKS_PER_ENVIRONMENT} skipped$`, 'm'), result.stdout);
      assert.doesNotMatch(result.stdout, /did not run/);
      assert.deepEqual(
        result.stdout.split('\n').filter((line) => line.startsWith('  staging skipped, ')),
        [
          '  staging skipped, still asleep after the warm-up waited 3 s; last error: HTTP 503 Service Unavailable: iam (3 checks), inventory (16 checks), integrations (6 checks), payment-api (3 checks), partner grpc answers, elements (2 checks), portal app renders, book app renders, winklinks app renders, agent app renders, corporate app renders, booking-engine app renders, extranet app renders, my-account app renders, payment app renders, studio app renders',
          '  staging skipped, set STAGING_CLIENT_ID and STAGING_CLIENT_SECRET to check that IAM issues a token and the API accepts it: inventory (2 checks), integrations mcp /mcp lists its tools, partner grpc authenticated call',
          // The domains' checks are staging's too: its warm-up failed, so Playwright ran none of them.
          '  staging skipped, not judged: no host of staging woke, so none of its checks ran: trippay.io domain registration, trvl.as domain registration, wink.travel domain registration',
        ],
        result.stdout,
      );
      const history = readHistory(path.join(result.outputDir, 'history'), 'staging');
      const run = history.find((line) => line.type === 'run');
      assert.ok(run && run.problems === undefined && run.status === 'failed', JSON.stringify(run));
      assert.equal(
        history.filter((line) => line.type === 'check' && line.verdict === 'fail' && line.fault === 'asleep').length,
        CHECKS_PER_ENVIRONMENT - CREDENTIALED - domains.length,
      );
    } finally {
      await emulator.close();
    }
  });
});

describe('a staging in which nothing wakes, with credentials, a maintenance window and retired hosts', () => {
  it('fails every check as asleep, the ones needing credentials too, and reports the silenced and retired ones only', async () => {
    const everyHostAsleep = Object.fromEntries(HOSTS.map((host) => [host.id, { fault: 'asleep' as const }]));
    const emulator = await startTestEmulator({ scenario: { hosts: everyHostAsleep } });
    const maintenance = writeWindowInForce(
      path.join(fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'maintenance-')), 'maintenance.json'),
      'staging',
      'integrations',
    );
    try {
      const result = await runSuite({
        args: ['--project=staging'],
        env: {
          ...overridesFor('staging', emulator.urls),
          SMOKE_WARMUP_TIMEOUT_S: '3',
          SMOKE_MAINTENANCE_FILE: maintenance,
          SMOKE_RETIRED: 'report',
          // Made up: no check starts, so IAM never sees them; they only say the run held a client.
          STAGING_CLIENT_ID: 'selftest-asleep-client',
          STAGING_CLIENT_SECRET: 'selftest-asleep-secret',
        },
      });
      const summary = JSON.parse(
        fs.readFileSync(path.join(result.outputDir, 'results', 'summary.json'), 'utf8'),
      ) as RunSummary;
      // A domain's check wakes no host, so no sleeping host fails it: it did not run.
      const ofHosts = summary.rows.filter((row) => row.check !== 'domain-expiry');
      assert.deepEqual(
        summary.rows.filter((row) => row.check === 'domain-expiry').map((row) => [row.host, row.verdict]),
        registeredDomains(HOSTS).map((domain) => [domain, 'skipped']),
      );
      assert.ok(
        summary.rows.length === CHECKS_PER_ENVIRONMENT &&
          ofHosts.every((row) => row.verdict === 'fail' && row.fault === 'asleep'),
        JSON.stringify(ofHosts.filter((row) => row.fault !== 'asleep')),
      );
      const reportedOnly = (row: SummaryRow) => (row.silenced ? 'silenced' : row.reportedOnly ? 'retired' : 'counted');
      const expected = (host: (typeof HOSTS)[number]) =>
        host.id === 'integrations' ? 'silenced' : host.retired ? 'retired' : 'counted';
      assert.deepEqual(
        ofHosts.map((row) => [row.host, reportedOnly(row)]),
        ofHosts.map((row) => [row.host, expected(HOSTS.find((host) => host.id === row.host)!)]),
      );
      assert.equal(summary.setupFailures.length, 0);
    } finally {
      await emulator.close();
    }
  });
});

describe('a host whose name does not resolve', () => {
  it('is not waited for by the warm-up, and its checks fail as dns', async () => {
    const emulator = await startTestEmulator();
    try {
      const result = await runSuite({
        args: ['--project=staging', '--grep', '@inventory'],
        env: {
          ...overridesFor('staging', emulator.urls),
          STAGING_INVENTORY_URL: 'http://inventory.dns-fault.invalid',
          NODE_OPTIONS: `--import=${path.join(PROJECT_ROOT, 'selftest', 'dns-fault.mjs')}`,
        },
      });
      const warmup = result.outcomes.find((outcome) => outcome.project === 'staging-warmup');
      assert.equal(warmup?.status, 'expected', describeOutcomes(result.outcomes));
      const inventoryWake = warmupRecordOf(warmup).hosts.find((host) => host.id === 'inventory');
      assert.deepEqual(
        [inventoryWake?.state, inventoryWake?.lastError],
        ['unresolvable', 'host name does not resolve (getaddrinfo ENOTFOUND inventory.dns-fault.invalid)'],
      );
      assert.match(
        result.stdout,
        new RegExp(
          `staging: ${HOSTS.length - 1}/${HOSTS.length} awake, not resolving: inventory \\(\\d+ s of 180 s\\)`,
        ),
      );
      const checks = result.outcomes.filter(
        (outcome) => outcome.project === 'staging' && outcome.record?.outcome !== 'skipped',
      );
      const inventory = HOSTS.find((host) => host.id === 'inventory')!;
      assert.equal(checks.length, checksOfHost(inventory).filter((check) => !check.needsCredentials).length);
      for (const check of checks) {
        assert.equal(check.fault, 'dns', `${check.title}: ${check.errors[0]}`);
        assert.match(
          check.errors[0] ?? '',
          /staging inventory http:\/\/inventory\.dns-fault\.invalid: GET \/[^:]*: host name does not resolve/,
        );
      }
    } finally {
      await emulator.close();
    }
  });
});
