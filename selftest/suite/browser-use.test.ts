/**
 * A run with only API checks starts no browser. Chromium is started through a wrapper that notes
 * each launch in a file and then becomes the real browser; a run with one app check, beside it, shows
 * the wrapper does note a launch, so the API-only run's empty file means no launch, not a broken
 * wrapper.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chooseChromium } from '../../src/checks/browser.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { checkPlan } from '../../src/plan/plan.ts';
import { describeOutcomes, overridesFor, runSuite, SELFTEST_OUTPUT, startTestEmulator } from '../harness.ts';

/** A CHROMIUM_PATH that appends a line to `launches` and then runs the browser the suite would choose. */
function recordingChromium(launches: string): string {
  const choice = chooseChromium(undefined);
  assert.ok(choice.source !== 'missing', choice.source === 'missing' ? choice.message : '');
  const real = choice.executablePath;
  const wrapper = path.join(path.dirname(launches), 'chromium');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho launched >> '${launches}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return wrapper;
}

describe('browser use', () => {
  it('a run with only API checks starts no browser; a run with an app check starts one', async () => {
    fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
    const dir = fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'browser-use-'));
    const emulator = await startTestEmulator();
    try {
      const runWith = async (grep: string, launches: string) =>
        runSuite({
          args: ['--project=production', '--grep', grep],
          env: { ...overridesFor('production', emulator.urls), CHROMIUM_PATH: recordingChromium(launches) },
        });
      const apiLaunches = path.join(fs.mkdtempSync(path.join(dir, 'api-')), 'launches');
      const appLaunches = path.join(fs.mkdtempSync(path.join(dir, 'app-')), 'launches');
      const [apiOnly, oneApp] = await Promise.all([runWith('@api', apiLaunches), runWith('@agent', appLaunches)]);

      assert.equal(apiOnly.code, 0, describeOutcomes(apiOnly.outcomes));
      // Every check the plan tags @api (the API hosts' calls; not IAM's login page, which opens a browser).
      const apiChecks = checkPlan(HOSTS).filter((check) => check.tags.includes('@api')).length;
      assert.equal(apiOnly.outcomes.length, apiChecks, describeOutcomes(apiOnly.outcomes));
      assert.equal(fs.existsSync(apiLaunches), false, 'no browser was launched');

      assert.equal(oneApp.code, 0, describeOutcomes(oneApp.outcomes));
      assert.equal(fs.readFileSync(appLaunches, 'utf8'), 'launched\n', 'one browser was launched');
    } finally {
      await emulator.close();
    }
  });
});
