/**
 * The scripts' command lines (`scripts/command-line.ts`): `--help` prints the usage and exits 0; an
 * unknown option, a bad value or an option npm kept for itself prints what is wrong and what is
 * expected, then the usage, and exits 2; never a stack trace. And the Node version, checked before
 * any of them runs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT, runNpm, runScript, type ScriptResult } from '../harness.ts';

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

  it('refuses a --history folder that does not exist, rather than building an empty page', async () => {
    assertRefused(
      await runScript('status-page.ts', ['--history', 'no-such-history'], {}),
      'status-page: --history no-such-history: no such folder; expected the folder runs wrote their history to',
      STATUS_PAGE_USAGE,
    );
    assertRefused(
      await runScript('status-page.ts', [], { SMOKE_HISTORY_DIR: 'no-such-history' }),
      'status-page: SMOKE_HISTORY_DIR=no-such-history: no such folder; expected the folder runs wrote their history to',
      STATUS_PAGE_USAGE,
    );
  });
});

describe("an option typed before npm's --", () => {
  const NOTIFY_USAGE = /^usage: npm run notify -- --environment </;
  const line =
    'notify: npm kept --environment for itself (it came before --); expected options after --: npm run notify -- --environment local';

  it('is named, with the command as it was meant', async () => {
    // What npm hands a script for `npm run notify --environment local`: `local` alone, and its own setting.
    assertRefused(
      await runScript('notify.ts', ['local'], { npm_lifecycle_event: 'notify', npm_config_environment: 'true' }),
      line,
      NOTIFY_USAGE,
    );
    // `--now=...` reaches the script not at all: nothing is left over, and it would run without it.
    assertRefused(
      await runScript('status-page.ts', [], {
        npm_lifecycle_event: 'status-page',
        npm_config_now: '2026-03-02T21:41Z',
      }),
      'status-page: npm kept --now for itself (it came before --); expected options after --: npm run status-page -- --now 2026-03-02T21:41Z',
      STATUS_PAGE_USAGE,
    );
  });

  it('is named so when npm itself runs the script', async () => {
    const result = await runNpm(['run', '--silent', 'notify', '--environment', 'local'], {});
    assert.equal(result.code, 2, result.stderr);
    // npm's own warnings about the option aside.
    const lines = result.stderr.split('\n').filter((text) => text !== '' && !text.startsWith('npm '));
    assert.equal(lines[0], line, result.stderr);
    assert.match(lines[1] ?? '', NOTIFY_USAGE);
    assert.equal(lines.length, 2, result.stderr);
  });
});

describe("a Playwright option typed before npm's --", () => {
  it('stops smoke:local, smoke:staging and smoke:production before Playwright, which would clear the last report', async () => {
    for (const script of ['smoke:local', 'smoke:staging', 'smoke:production']) {
      const result = await runNpm(['run', '--silent', script, '--grep', '@api'], {});
      assert.equal(result.code, 2, result.stderr);
      const lines = result.stderr.split('\n').filter((text) => text !== '' && !text.startsWith('npm '));
      assert.deepEqual(lines, [
        `wink-smoke: npm kept --grep for itself (it came before --), so Playwright would not see it; expected npm run ${script} -- --grep ...`,
      ]);
      assert.equal(result.stdout, '', 'neither the browser setup nor Playwright ran');
    }
  });
});

/** What package.json's scripts run with Node: each file, with the arguments the script gives it. */
function programsOfNpmScripts(): { file: string; args: string[] }[] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const programs = Object.values(scripts).flatMap((script) =>
    script.split('&&').flatMap((command) => {
      const [program, file, ...args] = command.trim().split(/\s+/);
      return program === 'node' && file?.endsWith('.ts') ? [{ file, args }] : [];
    }),
  );
  return programs.filter((program, index) => programs.findIndex((other) => other.file === program.file) === index);
}

describe('the Node version', () => {
  const OLDER_NODE = { NODE_OPTIONS: `--import=${path.join(PROJECT_ROOT, 'selftest', 'old-node.mjs')}` };
  const needed = fs.readFileSync(path.join(PROJECT_ROOT, '.nvmrc'), 'utf8').trim();
  const line = `wink-smoke: needs Node ${needed} or newer (.nvmrc), and this is Node 20.11.0: run \`nvm install\` here (it reads .nvmrc), or get Node ${needed} from https://nodejs.org/en/download`;

  it('is the one .nvmrc names, and package.json says the same', () => {
    const { engines } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    assert.equal(engines.node, `>=${needed}`);
  });

  it('is checked first by every npm script that starts Node on TypeScript, or Playwright', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const startsNode = (script: string): boolean =>
      /\bnode (--test|\S+\.ts)\b|\bplaywright test\b|\bnpm run\b/.test(script);
    const unchecked = Object.entries(scripts)
      .filter(
        ([, script]) =>
          startsNode(script) &&
          !script.startsWith('node scripts/require-node.mjs && ') &&
          // It imports require-node.mjs first.
          !script.startsWith('node scripts/before-playwright.mjs && '),
      )
      .map(([name]) => name);
    assert.deepEqual(unchecked, []);
  });

  it('stops an older Node with one line naming the Node needed and how to get it, exit 2', async () => {
    const result = await runScript('scripts/require-node.mjs', [], OLDER_NODE);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr, `${line}\n`);
    assert.equal(result.stdout, '');
    const current = await runScript('scripts/require-node.mjs', [], {});
    assert.equal(current.code, 0, current.stderr);
    assert.equal(current.stderr + current.stdout, '');
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

  // The npm scripts' programs, and the scripts the workflows run with node directly (history.ts).
  const programs = programsOfNpmScripts();
  for (const { file } of sources.filter(({ text }) => /\b(parseCommandLine|alertArgs)\(/.test(text)))
    if (
      !['command-line.ts', 'alert-cli.ts'].includes(file) &&
      !programs.some((program) => program.file === `scripts/${file}`)
    )
      programs.push({ file: `scripts/${file}`, args: [] });
  for (const { file, args } of programs) {
    it(`${file}: --help prints a usage and exits 0; an unknown option exits 2 with one line and the usage`, async () => {
      const [help, unknown] = await Promise.all([
        runScript(file, [...args, '--help'], {}),
        runScript(file, [...args, '--no-such-option'], {}),
      ]);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /^usage: \S/);
      assertRefused(unknown, /^[a-z:-]+: unknown option --no-such-option; expected /, /^usage: \S/);
    });
  }
});
