/** The synthetic history that the status page's self-test and its benchmark are built from. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { rdapServiceFor, registeredDomains, shippedBootstrap } from '../../src/checks/rdap.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { readHistory, type CheckLine } from '../../src/history/history.ts';
import { DAY_MS, HOUR_MS } from '../../src/shared/format.ts';
import { writeSyntheticHistory } from '../../emulator/history.ts';

const defaults = parseSettings({});

describe('synthetic history', () => {
  it('ends at its end: a run started late past it is not written', () => {
    // Production's runs are due at :07 and :37; each starts up to four minutes late. The span ends
    // a second after a due time, so that run would start after the end.
    const to = Date.UTC(2026, 10, 2, 12, 37, 1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-synthetic-'));
    try {
      for (const seed of [1, 2, 3, 4, 5]) {
        const history = path.join(dir, String(seed));
        const written = writeSyntheticHistory(history, {
          environment: 'production',
          hosts: HOSTS,
          schedule: 'production',
          from: to - DAY_MS,
          to,
          seed,
          bounds: defaults,
        });
        const starts = readHistory(history, 'production').flatMap((line) =>
          line.type === 'run' ? [Date.parse(line.at)] : [],
        );
        assert.equal(starts.length, written.runs, 'each run written is read back');
        assert.ok(starts.length >= 47 && starts.length <= 48, `a day of half-hourly runs: ${starts.length}`);
        const late = starts.filter((start) => start > to).map((start) => new Date(start).toISOString());
        assert.deepEqual(late, [], `seed ${seed}: runs after the span's end, ${new Date(to).toISOString()}`);
        assert.ok(Math.max(...starts) > to - HOUR_MS, 'the span is written up to its end');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes each registered domain's row as the domain check does: RDAP read once a day, or skipped with no RDAP service", () => {
    const to = Date.UTC(2026, 10, 4, 12);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-synthetic-'));
    try {
      writeSyntheticHistory(dir, {
        environment: 'production',
        hosts: HOSTS,
        schedule: 'production',
        from: to - 3 * DAY_MS,
        to,
        seed: 3,
        bounds: defaults,
      });
      const lines = readHistory(dir, 'production');
      const runs = lines.filter((line) => line.type === 'run').length;
      const checks = lines.filter((line): line is CheckLine => line.type === 'check');
      const domains = registeredDomains(HOSTS);
      assert.deepEqual(domains, ['trippay.io', 'trvl.as', 'wink.travel']);
      assert.deepEqual(
        domains.filter((domain) => rdapServiceFor(domain, shippedBootstrap()) === undefined),
        ['trvl.as'],
        'the one domain no RDAP service answers for',
      );
      // A domain's row is the domain's, never one of the host whose retirement it shares.
      assert.ok(!checks.some((line) => line.check === 'domain registration' && !domains.includes(line.host)));
      for (const domain of domains) {
        const rows = checks.filter((line) => line.host === domain);
        assert.equal(rows.length, runs, `${domain}: a row per run`);
        assert.ok(rows.every((line) => line.latencyMs === undefined && line.check === 'domain registration'));
        if (rdapServiceFor(domain, shippedBootstrap()) === undefined) {
          // No RDAP service for .as, listed or overridden: every run skips it, unjudged.
          assert.ok(rows.every((line) => line.verdict === 'skipped' && line.domain === undefined));
          continue;
        }
        assert.deepEqual([...new Set(rows.map((line) => line.verdict))], ['pass'], domain);
        const reads = new Set(rows.map((line) => line.domain?.readAt));
        // Three days of runs read RDAP three or four times, each answer younger than a day when used.
        assert.ok(reads.size >= 3 && reads.size <= 4, `${domain}: ${reads.size} reads`);
        for (const line of rows) {
          const age = Date.parse(line.at) - Date.parse(line.domain?.readAt ?? '');
          assert.ok(age >= 0 && age < DAY_MS, `${domain} at ${line.at}: an answer ${age} ms old`);
          const left = (Date.parse(line.domain?.expiresAt ?? '') - Date.parse(line.at)) / DAY_MS;
          assert.ok(left > 44 && left <= 411, `${domain}: renewed before its last 45 days, ${left} left`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
