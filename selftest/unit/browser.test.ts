/**
 * Which Chromium the suite runs, Playwright's headless shell found on each platform's layout, and
 * `npm run browser` proving the chosen one starts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chromium } from '@playwright/test';
import {
  type PLAYWRIGHT_CHROMIUM_LAYOUTS,
  SYSTEM_CHROMIUM_ARGS,
  SYSTEM_CHROMIUM_PATHS,
  chooseChromium,
  headlessShellOf,
  launchOptionsFor,
} from '../../src/checks/browser.ts';
import { runScript, SELFTEST_OUTPUT } from '../harness.ts';

const PLAYWRIGHT_BUILD =
  '/cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell';
const [HEADLESS_SHELL, FULL_CHROMIUM] = SYSTEM_CHROMIUM_PATHS;
const existing =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('Chromium choice', () => {
  it("prefers Playwright's build, then the system's headless shell, then its full browser", () => {
    const everything = existing(PLAYWRIGHT_BUILD, HEADLESS_SHELL, FULL_CHROMIUM);
    assert.deepEqual(chooseChromium(undefined, everything, PLAYWRIGHT_BUILD), {
      source: 'playwright',
      executablePath: PLAYWRIGHT_BUILD,
    });
    assert.deepEqual(chooseChromium(undefined, existing(HEADLESS_SHELL, FULL_CHROMIUM), PLAYWRIGHT_BUILD), {
      source: 'system',
      executablePath: HEADLESS_SHELL,
    });
    assert.deepEqual(chooseChromium(undefined, existing(FULL_CHROMIUM), PLAYWRIGHT_BUILD), {
      source: 'system',
      executablePath: FULL_CHROMIUM,
    });
  });

  it('takes an explicit CHROMIUM_PATH, and reports one that does not exist', () => {
    assert.deepEqual(chooseChromium('/opt/chromium', existing('/opt/chromium', PLAYWRIGHT_BUILD), PLAYWRIGHT_BUILD), {
      source: 'system',
      executablePath: '/opt/chromium',
    });
    const missing = chooseChromium('/opt/none', existing(PLAYWRIGHT_BUILD), PLAYWRIGHT_BUILD);
    assert.equal(missing.source, 'missing');
  });

  it('says in one line how to get a browser when there is none', () => {
    const choice = chooseChromium(undefined, existing(), PLAYWRIGHT_BUILD);
    assert.ok(
      choice.source === 'missing' &&
        !choice.message.includes('\n') &&
        choice.message.includes('npx playwright install --only-shell chromium'),
    );
  });

  it('starts a system Chromium without its background traffic', () => {
    assert.deepEqual(launchOptionsFor({ source: 'system', executablePath: '/usr/bin/chromium' }), {
      executablePath: '/usr/bin/chromium',
      args: [...SYSTEM_CHROMIUM_ARGS],
    });
    assert.deepEqual(launchOptionsFor({ source: 'playwright', executablePath: PLAYWRIGHT_BUILD }), {});
  });
});

/**
 * `chromium.executablePath()` on each platform, as Playwright's registry writes it for its default browser
 * folder, and the headless shell `npx playwright install --only-shell chromium` puts beside it there.
 */
const LAYOUT_EXAMPLES = {
  'linux-x64': {
    chromium: '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome',
    shell:
      '/home/dev/.cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell',
  },
  'linux-arm64': {
    chromium: '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux-arm64/chrome',
    shell:
      '/home/dev/.cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-linux-arm64/chrome-headless-shell',
  },
  'mac-x64': {
    chromium:
      '/Users/dev/Library/Caches/ms-playwright/chromium-1255/chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    shell:
      '/Users/dev/Library/Caches/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-mac-x64/chrome-headless-shell',
  },
  'mac-arm64': {
    chromium:
      '/Users/dev/Library/Caches/ms-playwright/chromium-1255/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    shell:
      '/Users/dev/Library/Caches/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-mac-arm64/chrome-headless-shell',
  },
  'win-x64': {
    chromium: 'C:\\Users\\dev\\AppData\\Local\\ms-playwright\\chromium-1255\\chrome-win64\\chrome.exe',
    shell:
      'C:\\Users\\dev\\AppData\\Local\\ms-playwright\\chromium_headless_shell-1255\\chrome-headless-shell-win64\\chrome-headless-shell.exe',
  },
} as const satisfies Record<keyof typeof PLAYWRIGHT_CHROMIUM_LAYOUTS, { chromium: string; shell: string }>;

describe("Playwright's headless shell", () => {
  for (const [platform, example] of Object.entries(LAYOUT_EXAMPLES)) {
    it(`is found beside Playwright's full Chromium on ${platform}`, () => {
      assert.equal(headlessShellOf(example.chromium), example.shell);
    });

    it(`is chosen on ${platform} when only the shell is installed (--only-shell)`, () => {
      assert.deepEqual(chooseChromium(undefined, existing(example.shell), headlessShellOf(example.chromium)), {
        source: 'playwright',
        executablePath: example.shell,
      });
    });
  }

  it('keeps a browser folder set with PLAYWRIGHT_BROWSERS_PATH, and the revision', () => {
    assert.equal(
      headlessShellOf('/srv/browsers/chromium-1300/chrome-linux64/chrome'),
      '/srv/browsers/chromium_headless_shell-1300/chrome-headless-shell-linux64/chrome-headless-shell',
    );
  });

  it('is none for a path in no layout of the registry, and the system Chromium is chosen instead', () => {
    for (const file of [
      '',
      '/usr/bin/chromium',
      '/cache/chromium-1255/chrome-linux64/chromium',
      'chrome-linux64/chrome',
    ])
      assert.equal(headlessShellOf(file), undefined, file);
    assert.deepEqual(chooseChromium(undefined, existing(HEADLESS_SHELL), undefined), {
      source: 'system',
      executablePath: HEADLESS_SHELL,
    });
  });

  it("is where Playwright's registry puts it on this machine", () => {
    // playwright-core's registry is internal, and has moved (lib/server/registry/index.js before the
    // bundle): this holds PLAYWRIGHT_CHROMIUM_LAYOUTS to it, on this machine's platform, at each update.
    const core = createRequire(import.meta.url)('playwright-core/lib/coreBundle') as {
      registry?: { registry?: { findExecutable(name: string): { executablePath(): string | undefined } | undefined } };
    };
    const registry = core.registry?.registry;
    assert.ok(
      registry,
      "playwright-core's registry moved: check PLAYWRIGHT_CHROMIUM_LAYOUTS against its EXECUTABLE_PATHS",
    );
    assert.equal(
      headlessShellOf(chromium.executablePath()),
      registry.findExecutable('chromium-headless-shell')?.executablePath(),
    );
  });
});

describe('npm run browser', () => {
  /** A browser that cannot start, as one lacking a system library fails (Debian's message). */
  const lackingALibrary = (file: string): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      `#!/bin/sh\necho "${path.basename(file)}: error while loading shared libraries: libnss3.so: cannot open shared object file" >&2\nexit 127\n`,
      { mode: 0o755 },
    );
  };

  it("launches Playwright's headless shell where the registry puts it, and names it in one line when it does not start", async () => {
    fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
    const browsers = fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'browsers-'));
    // This platform's full Chromium, moved into a browser folder of the test's own.
    const parts = chromium.executablePath().split(path.sep);
    const folder = parts.findIndex((part) => /^chromium-\d+$/.test(part));
    const shell = headlessShellOf(path.join(browsers, ...parts.slice(folder)));
    assert.ok(folder > 0 && shell !== undefined, chromium.executablePath());
    lackingALibrary(shell);

    // CHROMIUM_PATH empty: a machine's own browser, set in its environment or .env, would win over the fake.
    const result = await runScript('setup.ts', ['browser'], { PLAYWRIGHT_BROWSERS_PATH: browsers, CHROMIUM_PATH: '' });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    // The library error comes from the fake shell: Playwright's own headless launch ran that file.
    assert.match(lines[0]!, /^wink-smoke: Chromium at .+ does not start: browserType\.launch: .+libnss3\.so/);
    assert.ok(lines[0]!.includes(shell), lines[0]);
  });

  it('names a CHROMIUM_PATH that does not start, in one line', async () => {
    fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
    const browser = path.join(fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'browser-')), 'chromium');
    lackingALibrary(browser);
    const result = await runScript('setup.ts', ['browser'], { CHROMIUM_PATH: browser });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.ok(result.stderr.startsWith(`wink-smoke: Chromium at ${browser} does not start: `), result.stderr);
  });
});
