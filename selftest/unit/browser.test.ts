import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SYSTEM_CHROMIUM_ARGS, SYSTEM_CHROMIUM_PATH, chooseChromium, launchOptionsFor } from '../../src/browser.ts';

const PLAYWRIGHT_BUILD = '/cache/ms-playwright/chromium/chrome';
const existing =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('Chromium choice', () => {
  it("prefers Playwright's build, then the system's", () => {
    assert.deepEqual(chooseChromium(undefined, existing(PLAYWRIGHT_BUILD, SYSTEM_CHROMIUM_PATH), PLAYWRIGHT_BUILD), {
      source: 'playwright',
    });
    assert.deepEqual(chooseChromium(undefined, existing(SYSTEM_CHROMIUM_PATH), PLAYWRIGHT_BUILD), {
      source: 'system',
      executablePath: SYSTEM_CHROMIUM_PATH,
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
        choice.message.includes('npx playwright install chromium'),
    );
  });

  it('starts a system Chromium without its background traffic', () => {
    assert.deepEqual(launchOptionsFor({ source: 'system', executablePath: '/usr/bin/chromium' }), {
      executablePath: '/usr/bin/chromium',
      args: [...SYSTEM_CHROMIUM_ARGS],
    });
    assert.deepEqual(launchOptionsFor({ source: 'playwright' }), {});
  });
});
