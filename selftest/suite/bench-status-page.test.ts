/** The status page's benchmark runs end to end: on three days of history it prints the history's size and the build's time. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScript } from '../harness.ts';

// A minute: three days of history write and build in a few seconds.
describe('npm run bench:status-page', { timeout: 60_000 }, () => {
  it('writes three days of history and prints its size, the build time and the page size', async () => {
    const { code, stdout, stderr } = await runScript(
      'bench-status-page.ts',
      ['--days', '3', '--repeat', '2'],
      {},
      50_000,
    );
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    const row = (name: string) =>
      new RegExp(`^${name}\\t(\\d+)\\t(\\d+)\\t(\\d+)\\t([\\d.]+)\\t([\\d.]+)\\t([\\d.]*)$`, 'm')
        .exec(stdout)
        ?.slice(1)
        .map(Number);
    const production = row('production');
    const staging = row('staging');
    const total = row('total');
    assert.ok(production && staging && total, stdout);
    // Production runs every 30 minutes: three days are 144 runs, give or take the span's ends.
    assert.ok(production[0]! >= 142 && production[0]! <= 146, stdout);
    // A run line and a line per check: more lines than runs.
    assert.ok(production[1]! > 20 * production[0]!, stdout);
    const build =
      /^build: (\d+) runs from ([\d.]+) MiB in ([\d.]+) s \(median of 2; fastest ([\d.]+) s\); npm run status-page: ([\d.]+) s$/m.exec(
        stdout,
      );
    assert.ok(build, stdout);
    assert.equal(Number(build[1]), total[0]);
    // The page was built from every run written: the build read them back, not the writer's count.
    assert.ok(Number(build[5]) > 0, stdout);
    const page = /^page: (\d+) KiB \(gzip (\d+) KiB\), (\d+) badges$/m.exec(stdout);
    assert.ok(page && Number(page[2]) < Number(page[1]) && Number(page[3]) > 2, stdout);
  });
});
