/** The benchmark runs end to end: on a three-host catalog it prints its table and every check passes. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../harness.ts';

// 2 minutes: the run takes about 10 s; the bench kills a hung suite only after 10 minutes.
describe('npm run bench', { timeout: 120_000 }, () => {
  it('measures a tiny catalog and prints wall time, critical path, ratio and memory', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench.ts', '--sizes', '3', '--workers', '2', '--wake-ms', '1000'],
      {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^hosts\tchecks\tworkers\twall s\tcritical path s\tratio\tpeak memory MiB\tresult$/m);
    const row = /^3\t(\d+)\t2\t([\d.]+)\t([\d.]+)\t([\d.]+)\t(\d+)\tall passed$/m.exec(stdout);
    assert.ok(row, stdout);
    assert.equal(Number(row[1]), 8, 'iam, inventory and integrations: three host checks and five document checks');
    assert.ok(Number(row[3]) >= 1, 'the critical path includes the 1 s wake');
    assert.ok(Number(row[5]) > 0, 'memory was sampled');
  });
});
