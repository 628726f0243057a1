/**
 * The benchmark runs end to end: on a synthetic catalog that copies a host of every kind (the
 * identity provider included) it prints its table and its targets, and every check passes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { checkPlan } from '../../src/plan/plan.ts';
import { syntheticCatalog } from '../../scripts/synthetic-catalog.ts';
import { runScript } from '../harness.ts';

/** The emulator's sleep after its first contact, which the bench is told. */
const WAKE_MS = 1000;
/** Each phase is printed in seconds rounded to 0.1: off by 0.05 at most. */
const ROUNDING_S = 0.05;
/** The smallest size whose copies include a host of every kind and the identity provider. */
const SIZE =
  HOSTS.length +
  1 +
  Math.max(
    ...['api', 'app', 'grpc', 'cdn'].map((kind) => HOSTS.findIndex((host) => host.kind === kind)),
    HOSTS.findIndex((host) => host.kind === 'api' && host.identityProvider !== undefined),
  );

// 2 minutes: the run takes about 15 s; the bench kills a hung suite only after 10 minutes.
describe('npm run bench', { timeout: 120_000 }, () => {
  it('measures a catalog with copies of every kind and prints wall time, critical path, memory, phases and targets', async () => {
    const { code, stdout, stderr } = await runScript(
      'bench.ts',
      ['--sizes', String(SIZE), '--workers', '2', '--wake-ms', String(WAKE_MS), '--skip-budgets'],
      {},
      110_000,
    );
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    assert.match(
      stdout,
      /^hosts\tchecks\tworkers\twall s\tcritical path s\tratio\toverhead s\tpeak memory MiB\tresult\tstart s\twarm-up s\twarm-up lag s\thandover s\tchecks s\tfinish s\tcpu s\temulator cpu s$/m,
    );
    const number = '(-?[\\d.]+)';
    const row = new RegExp(
      `^${SIZE}\\t(\\d+)\\t2\\t${Array(4).fill(number).join('\\t')}\\t(\\d+)\\tall passed\\t${Array(8).fill(number).join('\\t')}$`,
      'm',
    ).exec(stdout);
    assert.ok(row, stdout);
    const [checks, wall, critical, , , memory, start, warmup, lag, handover, checking, finish, cpu] = row
      .slice(1)
      .map(Number);
    const expected = checkPlan(syntheticCatalog(HOSTS, SIZE)).filter((check) => !check.needsCredentials).length;
    assert.equal(checks, expected, "the synthetic catalog's planned checks that need no credentials");
    const wake = WAKE_MS / 1000;
    assert.ok(critical! >= wake, `the critical path, ${critical} s, includes the ${wake} s wake:\n${stdout}`);
    assert.ok(warmup! >= wake, `the warm-up took ${warmup} s, waiting through the ${wake} s wake:\n${stdout}`);
    assert.ok(memory! > 0, `memory was sampled: ${memory} MiB`);
    assert.ok(cpu! > 0, `the suite's CPU time was read: ${cpu} s`);
    // Both figures are durations from the first contact, each on one clock: the warm-up's record, the
    // emulator's wake. Neither depends on how busy the machine is, so the bound is exact.
    assert.ok(
      lag! >= 0,
      `the warm-up ended ${lag} s after the environment woke (its elapsed time less the emulator's ${wake} s sleep); expected 0 or more:\n${stdout}`,
    );
    // The phases are cut from one timeline, so they add up to the wall time, but for rounding.
    const phases = [start!, warmup!, handover!, checking!, finish!];
    assert.ok(
      phases.every((seconds) => seconds >= 0),
      `no phase is negative: ${phases.join(', ')} s:\n${stdout}`,
    );
    const sum = phases.reduce((total, seconds) => total + seconds);
    const bound = (phases.length + 1) * ROUNDING_S;
    assert.ok(
      Math.abs(sum - wall!) <= bound + 1e-9,
      `the phases add up to ${sum.toFixed(2)} s, the wall time is ${wall} s: off by more than the ${bound.toFixed(2)} s of rounding six figures:\n${stdout}`,
    );
    assert.match(stdout, /^targets, 2 workers:\n( {2}.+: (holds|misses|not measured)\n){4}/m);
  });
});
