/**
 * Sharding, as the smoke workflow does it: the same checks run as two shards (`--shard=1/2`,
 * `--shard=2/2`) writing blob reports, which `playwright merge-reports -c playwright.config.ts`
 * merges; the summary's reporters then write the summary and the history from the merged result. Its
 * summary equals an unsharded run's, check for check, against the same emulator.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import { readHistory } from '../../src/history/history.ts';
import type { RunSummary } from '../../src/summary/summary.ts';
import { SELFTEST_OUTPUT, overridesFor, runPlaywright, runSuite, startTestEmulator } from '../harness.ts';

const GREP = '@(inventory|integrations|payment-api)( |$)';

/** What must agree: each check's verdict and facts, without the timings and trace ids that differ run to run. */
function comparable(summary: RunSummary) {
  return {
    status: summary.status,
    setupFailures: summary.setupFailures,
    rows: summary.rows.map((row) => {
      const { latencyMs, wake, traceId, ...facts } = row;
      // A healthy check slowed past the degraded bound by a busy machine, in one run and not the
      // other, is not a difference between sharded and unsharded runs.
      const slowed = facts.verdict === 'degraded';
      return {
        ...facts,
        verdict: slowed ? 'pass' : facts.verdict,
        note: slowed ? undefined : facts.note,
        measured: latencyMs !== undefined,
        traced: traceId !== undefined,
        woke: wake?.state,
      };
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
      // A shard that ran nothing would leave its checks out of the merged summary, unlike the whole run's.
      const env = overridesFor('production', emulator.urls);
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
        // A shard of a few API checks takes seconds; a minute means it hung.
        const shardRun = await runPlaywright(
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
          60_000,
        );
        // The shard's checks pass or fail as they may; it must have ended, not been killed.
        assert.notEqual(shardRun.code, null, `shard ${shard} ended within a minute:\n${shardRun.stderr}`);
        for (const file of fs.readdirSync(path.join(folder, `blob-${shard}`)))
          fs.copyFileSync(path.join(folder, `blob-${shard}`, file), path.join(blobs, file));
      }
      const mergeRun = await runPlaywright(
        ['merge-reports', '-c', 'playwright.config.ts', blobs],
        {
          SMOKE_HISTORY_DIR: path.join(folder, 'history'),
          PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(folder, 'html-report'),
          PLAYWRIGHT_HTML_OPEN: 'never',
          PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(folder, 'results.json'),
        },
        60_000,
      );
      assert.equal(mergeRun.code, 0, `merge-reports ends well:\n${mergeRun.stderr}`);
      // The merged result's first project is shard 1's: the summary lands in its output folder.
      merged = JSON.parse(fs.readFileSync(path.join(folder, 'shard-1', 'summary.json'), 'utf8')) as RunSummary;
    } finally {
      await emulator.close();
    }
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
    assert.ok(
      Date.parse(merged.startedAt) < secondShardStarted,
      `dated ${merged.startedAt}; expected the first shard’s start, before the second shard was started at ${new Date(secondShardStarted).toISOString()}`,
    );
    assert.equal(lines.filter((line) => line.type === 'check').length, merged.rows.length, 'a line per check');
    // Beside its checks, the run keeps the digest of each document it read: once each, as one run.
    const documents = lines.filter((line) => line.type === 'document');
    assert.equal(new Set(documents.map((line) => `${line.host} ${line.path}`)).size, documents.length);
    assert.ok(
      lines.every((line) => line.at === merged.startedAt),
      'every line is of the merged run',
    );
  });
});
