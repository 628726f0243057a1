/**
 * Sharding, as the smoke workflow does it: the same checks run as two shards (`--shard=1/2`,
 * `--shard=2/2`) writing blob reports, which `playwright merge-reports -c playwright.config.ts`
 * merges; the summary reporter then writes the summary and the history from the merged result. Its
 * summary equals an unsharded run's, check for check, against the same emulator.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import { readHistory } from '../../src/history.ts';
import type { RunSummary } from '../../src/summary.ts';
import { PROJECT_ROOT, SELFTEST_OUTPUT, overridesFor, runSuite, startTestEmulator } from '../harness.ts';

const PLAYWRIGHT_CLI = path.join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const GREP = '@(inventory|integrations|payment-api)( |$)';

/** `playwright <args>` in a child, bounded; the emulator answers from this process meanwhile. */
async function playwright(args: readonly string[], env: Readonly<Record<string, string>>): Promise<number | null> {
  const child = spawn(process.execPath, [PLAYWRIGHT_CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: {
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          (entry): entry is [string, string] =>
            entry[1] !== undefined && !/^(SMOKE_|STAGING_|PRODUCTION_|PLAYWRIGHT_|PW_|GITHUB_)/.test(entry[0]),
        ),
      ),
      FORCE_COLOR: '0',
      ...env,
    },
    stdio: 'ignore',
  });
  // A shard of a few API checks takes seconds; a minute means it hung.
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(killer);
  return code;
}

/** What must agree: each check's verdict and facts, without the timings that differ run to run. */
function comparable(summary: RunSummary) {
  return {
    status: summary.status,
    setupFailures: summary.setupFailures,
    rows: summary.rows.map((row) => {
      const { latencyMs, wake, ...facts } = row;
      return { ...facts, measured: latencyMs !== undefined, woke: wake?.state };
    }),
  };
}

describe('two shards merged give the summary of one run', { timeout: 180_000 }, () => {
  let emulator: RunningEmulator;
  let unsharded: RunSummary;
  let merged: RunSummary;
  let folder: string;
  /** When the second shard started: the merged run must be dated by the first shard, not the merge. */
  let secondShardStarted = 0;

  before(async () => {
    emulator = await startTestEmulator({
      environment: 'production',
      scenario: { hosts: { inventory: { fault: 'health-down' }, 'payment-api': { fault: 'status', status: 502 } } },
    });
    try {
      const env = { ...overridesFor('production', emulator.urls), SMOKE_WORKERS: '2', SMOKE_RETIRED: 'check' };
      const whole = await runSuite({ args: ['--project=production', '--grep', GREP], env });
      unsharded = JSON.parse(
        fs.readFileSync(path.join(whole.outputDir, 'results', 'summary.json'), 'utf8'),
      ) as RunSummary;

      fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
      folder = fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'shards-'));
      const blobs = path.join(folder, 'all-blob-reports');
      fs.mkdirSync(blobs);
      // One after the other, as two runners would not share a machine; each its own output folder.
      for (const shard of [1, 2]) {
        if (shard === 2) secondShardStarted = Date.now();
        await playwright(
          [
            'test',
            '--project=production',
            '--grep',
            GREP,
            `--shard=${shard}/2`,
            '--reporter=blob',
            `--output=${path.join(folder, `shard-${shard}`)}`,
          ],
          { ...env, PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(folder, `blob-${shard}`) },
        );
        for (const file of fs.readdirSync(path.join(folder, `blob-${shard}`)))
          fs.copyFileSync(path.join(folder, `blob-${shard}`, file), path.join(blobs, file));
      }
      const code = await playwright(['merge-reports', '-c', 'playwright.config.ts', blobs], {
        SMOKE_HISTORY_DIR: path.join(folder, 'history'),
        PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(folder, 'html-report'),
        PLAYWRIGHT_HTML_OPEN: 'never',
        PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(folder, 'results.json'),
      });
      assert.equal(code, 0, 'merge-reports ends well');
      // The merged result's first project is shard 1's: the summary lands in its output folder.
      merged = JSON.parse(fs.readFileSync(path.join(folder, 'shard-1', 'summary.json'), 'utf8')) as RunSummary;
    } finally {
      await emulator.close();
    }
  });

  it('each shard ran part of the checks', () => {
    const reports = fs.readdirSync(path.join(folder, 'all-blob-reports')).filter((file) => file.endsWith('.zip'));
    assert.equal(reports.length, 2);
  });

  it('the merged summary equals the unsharded one, check for check', () => {
    assert.ok(unsharded.rows.length >= 10, `${unsharded.rows.length} checks`);
    assert.ok(unsharded.rows.some((row) => row.verdict === 'fail'));
    assert.deepEqual(comparable(merged), comparable(unsharded));
  });

  it('the history holds the merged run once, dated by its first shard’s start', () => {
    const lines = readHistory(path.join(folder, 'history'), 'production');
    const runs = lines.filter((line) => line.type === 'run');
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.checks, merged.rows.length);
    assert.equal(runs[0]?.at, merged.startedAt);
    assert.ok(Date.parse(merged.startedAt) < secondShardStarted, 'dated by the first shard’s start');
    assert.equal(lines.length, 1 + merged.rows.length);
  });
});
