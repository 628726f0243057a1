import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SYSTEM_CHROMIUM_ARGS,
  SYSTEM_CHROMIUM_PATHS,
  chooseChromium,
  headlessShellOf,
  launchOptionsFor,
} from '../../src/browser.ts';

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

  it("finds Playwright's headless shell beside its full Chromium", () => {
    assert.equal(
      headlessShellOf('/cache/ms-playwright/chromium-1255/chrome-linux64/chrome'),
      '/cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell',
    );
    const mac = '/cache/ms-playwright/chromium-1255/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/x';
    assert.equal(headlessShellOf(mac), mac);
  });

  it('starts a system Chromium without its background traffic', () => {
    assert.deepEqual(launchOptionsFor({ source: 'system', executablePath: '/usr/bin/chromium' }), {
      executablePath: '/usr/bin/chromium',
      args: [...SYSTEM_CHROMIUM_ARGS],
    });
    assert.deepEqual(launchOptionsFor({ source: 'playwright', executablePath: PLAYWRIGHT_BUILD }), {});
  });
});
