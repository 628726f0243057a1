/**
 * The scripts' command lines (`scripts/command-line.ts`): `--help` prints the usage and exits 0; an
 * unknown option or a bad value prints what is wrong and what is expected, then the usage, and exits
 * 2; never a stack trace.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT, runScript, type ScriptResult } from '../harness.ts';

const STATUS_PAGE_USAGE = 'usage: npm run status-page -- [--history <dir>] [--out <dir>] [--now <ISO 8601 time>]';

/** A refused command line: exit 2, the one line given, then the usage, and nothing else. */
function assertRefused(result: ScriptResult, line: string | RegExp, usage: string | RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, result.stderr);
  if (typeof line === 'string') assert.equal(lines[0], line);
  else assert.match(lines[0]!, line);
  if (typeof usage === 'string') assert.equal(lines[1], usage);
  else assert.match(lines[1]!, usage);
  assert.equal(result.stdout, '');
}

describe('npm run status-page', () => {
  it('prints its usage on --help and -h, and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await runScript('status-page.ts', [flag], {});
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.split('\n')[0], STATUS_PAGE_USAGE);
      assert.equal(result.stderr, '');
    }
  });

  it('refuses an unknown option with the options it knows, and exits 2', async () => {
    assertRefused(
      await runScript('status-page.ts', ['--histroy', 'history'], {}),
      'status-page: unknown option --histroy; expected one of --history, --out, or --now',
      STATUS_PAGE_USAGE,
    );
  });

  it('refuses an option without its value, an argument and a bad time, each in one line', async () => {
    assertRefused(
      await runScript('status-page.ts', ['--out', '--now', '2026-03-02T21:41Z'], {}),
      /^status-page: --out has no value; expected --out <value>/,
      STATUS_PAGE_USAGE,
    );
    assertRefused(
      await runScript('status-page.ts', ['history'], {}),
      'status-page: unexpected argument "history"; expected only options (--history, --out, --now)',
      STATUS_PAGE_USAGE,
    );
    assertRefused(
      await runScript('status-page.ts', ['--now', 'yesterday'], {}),
      'status-page: --now "yesterday" is not valid; expected an ISO 8601 time, e.g. 2026-03-02T21:41Z',
      STATUS_PAGE_USAGE,
    );
  });
});

describe("every script's command line", () => {
  const folder = path.join(PROJECT_ROOT, 'scripts');
  const sources = fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file, text: fs.readFileSync(path.join(folder, file), 'utf8') }));

  it('is read through scripts/command-line.ts, never by parseArgs directly', () => {
    const direct = sources.filter(({ file, text }) => file !== 'command-line.ts' && /\bparseArgs\b/.test(text));
    assert.deepEqual(
      direct.map(({ file }) => file),
      [],
    );
  });

  const parsing = sources.filter(({ text }) => /\b(parseCommandLine|alertArgs)\(/.test(text));
  for (const { file } of parsing.filter(({ file }) => !['command-line.ts', 'alert-cli.ts'].includes(file))) {
    it(`${file}: --help prints a usage and exits 0; an unknown option exits 2 with one line and the usage`, async () => {
      const [help, unknown] = await Promise.all([
        runScript(file, ['--help'], {}),
        runScript(file, ['--no-such-option'], {}),
      ]);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /^usage: \S/);
      assertRefused(
        unknown,
        new RegExp(`^[a-z:-]+: unknown option --no-such-option; expected one of --`),
        /^usage: \S/,
      );
    });
  }
});
