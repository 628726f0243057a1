/**
 * `npm run docs:images`: the status page's pictures in docs/alerts.md, made anew from what the page
 * is today, so that the docs never show a page the suite no longer builds.
 *
 * Writes a synthetic year of production (`emulator/history.ts`, seeded: the same picture each time
 * for the same day) with two scripted outages, iam's three days ago and inventory's still open; builds
 * the page from it in this process; opens it in Chromium (the suite's own choice of binary) at 1280 px
 * and at 390 px; and keeps the top of each, where a reader's eye lands. Prints the files written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { HOSTS } from '../src/catalog/catalog.ts';
import { chooseChromium, launchOptionsFor } from '../src/checks/browser.ts';
import { parseSettings, settings } from '../src/config/settings.ts';
import { DAY_MS, HOUR_MS } from '../src/shared/format.ts';
import { buildStatusPage } from '../src/status/page/build.ts';
import { writeSyntheticHistory } from '../emulator/history.ts';
import { parseCommandLine } from './command-line.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** The page draws its charts in well under a second; 30 s means it is stuck, and the script says so. */
const DRAW_TIMEOUT_MS = 30_000;

/** Each picture: its width, and how much of the page's top it keeps (the table and the first charts). */
const PICTURES = [
  { file: 'status-page-1280.png', width: 1280, height: 1780 },
  { file: 'status-page-390.png', width: 390, height: 3300 },
] as const;

const COMMAND_LINE = {
  script: 'docs:images',
  usage: 'usage: npm run docs:images',
  summary: 'Remakes docs/status-page-1280.png and docs/status-page-390.png from the page the suite builds today.',
  options: {},
} as const;
parseCommandLine(COMMAND_LINE);

// The defaults, whatever .env says: the pictures show the documented bounds.
const defaults = parseSettings({});
// Noon UTC today: the same picture all day, with a week of runs on each side of the charts' ticks.
const end = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 12);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-docs-images-'));
const historyDir = path.join(dir, 'history');
const outDir = path.join(dir, 'status-page');

try {
  writeSyntheticHistory(historyDir, {
    environment: 'production',
    hosts: HOSTS,
    schedule: 'production',
    from: end - 364 * DAY_MS,
    to: end,
    seed: 7,
    outages: [
      {
        host: 'iam',
        from: end - 3 * DAY_MS,
        to: end - 3 * DAY_MS + 3 * HOUR_MS,
        fault: 'timeout',
        cause: 'GET / did not answer within 15 s',
      },
      {
        host: 'inventory',
        from: end - 3 * HOUR_MS,
        fault: 'health',
        httpStatus: 503,
        cause: 'GET /actuator/health answered HTTP 503 with status DOWN; not UP: db (DOWN)',
      },
    ],
    bounds: defaults,
  });
  const { pageFile } = buildStatusPage({ historyDir, outDir, now: end, hosts: HOSTS, bounds: defaults });

  const browser = await chromium.launch(launchOptionsFor(chooseChromium(settings().chromiumPath)));
  try {
    for (const picture of PICTURES) {
      const page = await browser.newPage({ viewport: { width: picture.width, height: 900 } });
      await page.goto(`file://${pageFile}`);
      await page.waitForFunction(() => document.documentElement.dataset.chartsDrawn !== undefined, null, {
        timeout: DRAW_TIMEOUT_MS,
      });
      const target = path.join(PROJECT_ROOT, 'docs', picture.file);
      await page.screenshot({
        path: target,
        fullPage: true,
        clip: { x: 0, y: 0, width: picture.width, height: picture.height },
      });
      console.log(
        `docs:images: wrote ${path.relative(PROJECT_ROOT, target)} (${picture.width} × ${picture.height} px)`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
