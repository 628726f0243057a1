/** The synthetic history that the status page's self-test and its benchmark are built from. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { readHistory } from '../../src/history/history.ts';
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
          apiDegradedMs: defaults.apiDegradedMs,
          appDegradedMs: defaults.appDegradedMs,
          vitalBounds: defaults.vitalBounds,
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
});
