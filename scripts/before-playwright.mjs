/**
 * Runs first in the npm scripts that start Playwright (`smoke:local`, `smoke:staging`,
 * `smoke:production`): after the Node check, it stops a command whose Playwright options npm kept
 * for itself. `npm run smoke:local --grep @api` (the `--` forgotten) sets npm_config_grep and hands
 * Playwright `@api` alone, as a file filter: Playwright then finds no test, and clears the last run's
 * HTML report and results on its way. Stopped here, with one line, nothing is touched.
 *
 * Plain JavaScript and Node's own modules, like require-node.mjs, which it runs first.
 */
import './require-node.mjs';
import process from 'node:process';

/** Playwright's `test` options by their long names, as npm turns them into npm_config_* variables. */
const PLAYWRIGHT_OPTIONS = [
  'browser',
  'config',
  'debug',
  'fail-on-flaky-tests',
  'forbid-only',
  'fully-parallel',
  'global-timeout',
  'grep',
  'grep-invert',
  'headed',
  'ignore-snapshots',
  'last-failed',
  'list',
  'max-failures',
  'no-deps',
  'only-changed',
  'output',
  'pass-with-no-tests',
  'project',
  'quiet',
  'repeat-each',
  'reporter',
  'retries',
  'shard',
  'timeout',
  'trace',
  'tsconfig',
  'ui',
  'ui-host',
  'ui-port',
  'update-snapshots',
  'workers',
];

const script = process.env.npm_lifecycle_event;
const kept = PLAYWRIGHT_OPTIONS.filter((name) => process.env[`npm_config_${name.replaceAll('-', '_')}`] !== undefined);
if (script !== undefined && kept.length > 0) {
  const typed = kept.map((name) => `--${name}`).join(' ');
  process.stderr.write(
    `wink-smoke: npm kept ${typed} for itself (it came before --), so Playwright would not see it; expected npm run ${script} -- ${typed} ...\n`,
  );
  process.exit(2);
}
