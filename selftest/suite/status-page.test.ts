/**
 * The status page, built from history that real runs wrote: four `--project=staging` runs against
 * the emulator (healthy; inventory slower than the degraded bound; book answering 500; healthy
 * again), beside a generated year of production with book down for its last hours. The page is
 * built with `npm run status-page`'s script and opened in Chromium from disk and over http (as
 * GitHub Pages serves it), at 1280 px and at a phone's 390; the assertions read what a person sees,
 * and compare it with the history's own lines. An accessibility check (axe) must find nothing serious.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chooseChromium, launchOptionsFor } from '../../src/checks/browser.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { hostsOn, registeredDomains } from '../../src/checks/rdap.ts';
import { readHistory, type CheckLine, type HistoryLine, type RunLine } from '../../src/history/history.ts';
import { parseSettings, settings } from '../../src/config/settings.ts';
import { DAY_MS, HOUR_MS, formatMs } from '../../src/shared/format.ts';
import { writeSyntheticHistory } from '../../emulator/history.ts';
import type { Scenario } from '../../src/config/scenario.ts';
import { VITALS } from '../../src/checks/vitals.ts';
import type { PageData } from '../../src/status/page/data.ts';
import {
  PROJECT_ROOT,
  SELFTEST_OUTPUT,
  runScript,
  describeOutcomes,
  overridesFor,
  runSuite,
  startTestEmulator,
} from '../harness.ts';

const OUTPUT = path.join(SELFTEST_OUTPUT, 'status-page');
const HISTORY = path.join(OUTPUT, 'history');
const PAGE = path.join(OUTPUT, 'page');
const SCREENSHOT = path.join(OUTPUT, 'status-page.png');
const PHONE_SCREENSHOT = path.join(OUTPUT, 'status-page-390.png');
/**
 * Below the emulator's injected latency, far above a healthy loopback call (a few ms, some hundreds
 * on a busy machine): a slowed healthy call must not make an incident of its own.
 */
const API_DEGRADED_MS = 2000;
const INJECTED_LATENCY_MS = 3000;
/** How long each staging run's emulator sleeps after its first contact. */
const WAKE_MS = 600;
const BOUNDS = { SMOKE_API_DEGRADED_MS: String(API_DEGRADED_MS) } as const;
/** Bounds every wait on the page: it is local and small, and draws in well under a second. */
const PAGE_TIMEOUT_MS = 10_000;
const CURRENT = HOSTS.filter((host) => !host.retired);
const CURRENT_APPS = CURRENT.filter((host) => host.kind === 'app');

const STAGING_RUNS: readonly { readonly name: string; readonly hosts: Scenario['hosts'] }[] = [
  { name: 'healthy', hosts: {} },
  { name: 'inventory slow', hosts: { inventory: { latencyMs: INJECTED_LATENCY_MS } } },
  { name: 'book failing', hosts: { book: { fault: 'status', status: 500 } } },
  { name: 'recovered', hosts: {} },
];

const utc = (at: string): string => `${at.slice(0, 16).replace('T', ' ')} UTC`;
const isRun = (line: HistoryLine): line is RunLine => line.type === 'run';
const checksOf = (lines: readonly HistoryLine[], at: string, host: string): CheckLine[] =>
  lines.filter((line): line is CheckLine => line.type === 'check' && line.at === at && line.host === host);
const slowest = (checks: readonly CheckLine[]): number =>
  Math.max(...checks.flatMap((check) => (check.latencyMs === undefined ? [] : [check.latencyMs])));

/** Counts the canvas pixels of each colour (`#rrggbb`) in a figure's chart. */
async function pixelsOf(page: Page, figure: string, colors: readonly string[]): Promise<number[]> {
  return page.locator(`#${figure} canvas`).evaluate((canvas: HTMLCanvasElement, wanted: readonly string[]) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const rgb = wanted.map((hex) => [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16)));
    const counts = wanted.map(() => 0);
    for (let index = 0; index < data.length; index += 4)
      rgb.forEach(([r, g, b], color) => {
        if (data[index] === r && data[index + 1] === g && data[index + 2] === b && data[index + 3] === 255)
          counts[color]! += 1;
      });
    return counts;
  }, colors);
}

/** Counts the canvas pixels of a figure's chart that are red, at any opacity: bands, dots and dashes. */
async function reddishPixels(page: Page, figure: string): Promise<number> {
  return page.locator(`#${figure} canvas`).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let index = 0; index < data.length; index += 4)
      if (data[index + 3]! > 0 && data[index]! > 150 && data[index + 1]! < 120 && data[index + 2]! < 120) count += 1;
    return count;
  });
}

// Four staging runs that each wait for a wake, a generated year, a page build and a browser: about
// 2.5 min on a busy 2-core machine, where 3 min left too little room. The bound stops a hang, not a slow run.
describe('the status page, from real runs and a generated year', { timeout: 300_000 }, () => {
  let staging: HistoryLine[];
  let runs: RunLine[];
  let production: HistoryLine[];
  let productionRuns: number;
  let buildOutput: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];
  const now = () => Date.parse(runs.at(-1)!.at) + 5 * 60_000;

  before(async () => {
    fs.rmSync(OUTPUT, { recursive: true, force: true });
    fs.mkdirSync(OUTPUT, { recursive: true });
    for (const [index, run] of STAGING_RUNS.entries()) {
      const emulator = await startTestEmulator({ wakeAfterMs: WAKE_MS, scenario: { hosts: run.hosts } });
      try {
        const result = await runSuite({
          args: ['--project=staging'],
          env: {
            ...overridesFor('staging', emulator.urls),
            ...BOUNDS,
            SMOKE_HISTORY_DIR: HISTORY,
            SMOKE_WARMUP_TIMEOUT_S: '20',
            // Made up: the run lines then carry a link, as on GitHub Actions. Nothing follows it.
            GITHUB_RUN_ID: String(101 + index),
            GITHUB_REPOSITORY: 'wink/wink-smoke',
            GITHUB_SERVER_URL: 'https://github.com',
          },
        });
        const failing = run.name === 'book failing';
        assert.equal(
          result.code === 0,
          !failing,
          `${run.name}: ${describeOutcomes(result.outcomes)}\n${result.stderr}`,
        );
      } finally {
        await emulator.close();
      }
    }
    staging = readHistory(HISTORY, 'staging');
    runs = staging.filter(isRun);
    // A year of production up to the staging runs, book down for its last two and a half hours.
    const end = now();
    productionRuns = writeSyntheticHistory(HISTORY, {
      environment: 'production',
      hosts: HOSTS,
      schedule: 'production',
      from: end - 364 * DAY_MS,
      to: end,
      seed: 11,
      outages: [
        {
          host: 'book',
          from: end - 2.5 * HOUR_MS,
          fault: 'status',
          httpStatus: 503,
          cause: 'answered HTTP 503 Service Unavailable at https://book.wink.travel/',
        },
      ],
      bounds: { ...parseSettings({}), apiDegradedMs: API_DEGRADED_MS },
    }).runs;
    production = readHistory(HISTORY, 'production');
    const built = await runScript(
      'status-page.ts',
      ['--history', HISTORY, '--out', PAGE, '--now', new Date(end).toISOString()],
      BOUNDS,
      60_000,
    );
    assert.equal(built.code, 0, built.stderr);
    buildOutput = built.stdout;
    browser = await chromium.launch(launchOptionsFor(chooseChromium(settings().chromiumPath)));
    // A context of its own: axe needs one (it opens a page beside this one).
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`file://${path.join(PAGE, 'index.html')}`);
    await page.waitForFunction(() => document.documentElement.dataset.chartsDrawn !== undefined, null, {
      timeout: PAGE_TIMEOUT_MS,
    });
  });
  after(async () => {
    await browser?.close();
  });

  it('was built from both histories by npm run status-page', () => {
    assert.equal(runs.length, 4);
    assert.match(buildOutput, new RegExp(`^status-page: ${4 + productionRuns} runs of staging, production from `, 'm'));
    assert.ok(fs.existsSync(path.join(PAGE, 'badges', 'staging.svg')));
  });

  it('opens from disk, loads nothing from anywhere else, and draws every chart without an error', async (t) => {
    assert.deepEqual(problems, []);
    assert.deepEqual(
      requests.filter((url) => !url.startsWith('file://')),
      [],
    );
    const drawn = Number(await page.locator('html').getAttribute('data-charts-drawn'));
    // Staging: the wake chart and one per current host; production: one per current host; in both, each
    // current app's LCP. Retired hosts' latency and the other vitals wait, closed.
    assert.equal(drawn, 1 + 2 * CURRENT.length + 2 * CURRENT_APPS.length);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    // For people: CI keeps it as an artifact of every run, green or not.
    t.diagnostic(`screenshot: ${path.relative(PROJECT_ROOT, SCREENSHOT)}`);
  });

  it('shows staging up now, each host up since its last incident ended, book up 3 runs of 4', async () => {
    const section = page.locator('section#staging');
    await assert.doesNotReject(section.locator('h2 .state-up').waitFor({ timeout: PAGE_TIMEOUT_MS }));
    for (const host of CURRENT) {
      const cells = await section.locator(`table.hosts tr[data-host="${host.id}"] td`).allInnerTexts();
      assert.match(cells[0] ?? '', /up$/, `${host.id} is up: ${cells.join(' | ')}`);
      // Up since the run after its incident: book failed in run 3, inventory was slow in run 2.
      const since = { book: runs[3]!, inventory: runs[2]! }[host.id] ?? runs[0]!;
      // After the state, the strip of days (bars, no text), then how long the state has held.
      assert.equal(cells[1], '', host.id);
      assert.ok(cells[2]?.endsWith(`since ${utc(since.at)}`), `${host.id}: ${cells[2]}`);
      // The minute shown may be shared by two runs a few seconds apart; the time element names the run.
      const row = section.locator(`table.hosts tr[data-host="${host.id}"]`);
      assert.equal(await row.locator('td').nth(2).locator('time').getAttribute('datetime'), since.at, host.id);
      assert.equal(cells[3], host.id === 'book' ? '75.0%' : '100%', `${host.id} over 24 h`);
      const latest = checksOf(staging, runs[3]!.at, host.id);
      assert.equal(cells[6], formatMs(slowest(latest)), `${host.id}'s slowest check in the latest run`);
      assert.equal(cells[8], formatMs(Math.max(...latest.map((check) => check.wakeMs ?? 0))), `${host.id}'s wake`);
    }
    for (const host of HOSTS.filter((candidate) => candidate.retired))
      assert.match(await section.locator(`tr[data-host="${host.id}"] td`).first().innerText(), /retired$/);
    // A registered domain is a row of its own, current while a current host is on it: no retired host.
    const domains = registeredDomains(HOSTS).filter((domain) => hostsOn(domain, HOSTS).some((host) => !host.retired));
    for (const domain of registeredDomains(HOSTS)) {
      const state = await section.locator(`tr[data-host="${domain}"] td`).first().innerText();
      assert.match(state, domains.includes(domain) ? /up$/ : /retired$/, `${domain}: ${state}`);
    }
    assert.match(
      await section.innerText(),
      new RegExp(
        `\\b${CURRENT.length} current hosts and ${domains.length} domains: ${CURRENT.length + domains.length} up\\.`,
      ),
    );
  });

  it("lists staging's two incidents: book down with its cause, inventory degraded past the bound, each linked to its runs", async () => {
    const rows = page.locator('section#staging table.incidents tbody tr');
    assert.equal(await rows.count(), 2, (await rows.allInnerTexts()).join('\n'));
    const book = page.locator('section#staging table.incidents tr[data-host="book"]');
    const bookCells = await book.locator('td').allInnerTexts();
    assert.deepEqual(bookCells.slice(0, 3), ['■ down', utc(runs[2]!.at), utc(runs[3]!.at)]);
    assert.match(
      bookCells[4]!,
      /^status app renders: answered HTTP 500 Internal Server Error at http:\/\/127\.0\.0\.1:\d+\/$/,
    );
    assert.equal(await book.locator('td').nth(1).locator('a').getAttribute('href'), runs[2]!.link);
    assert.equal(await book.locator('td').nth(2).locator('a').getAttribute('href'), runs[3]!.link);
    assert.equal(runs[2]!.link, 'https://github.com/wink/wink-smoke/actions/runs/103');
    const inventory = await page
      .locator('section#staging table.incidents tr[data-host="inventory"] td')
      .allInnerTexts();
    assert.deepEqual(inventory.slice(0, 3), ['▲ degraded', utc(runs[1]!.at), utc(runs[2]!.at)]);
    assert.match(inventory[4]!, new RegExp(`took \\d{4} ms, over SMOKE_API_DEGRADED_MS=${API_DEGRADED_MS}`));
  });

  it("draws staging's wake time and inventory's latency with a point per run, and the bounds, under one legend", async () => {
    for (const figure of ['staging-wake', 'staging-inventory-latency'])
      assert.equal(await page.locator(`#${figure}`).getAttribute('data-points'), '4', figure);
    assert.equal(await page.locator('section#staging .span-note').innerText(), 'A point per run: 4 runs.');
    // One legend for the section's charts, none under each chart.
    assert.equal(await page.locator('section#staging .legend').count(), 1);
    assert.equal(await page.locator('.u-legend').count(), 0);
    assert.match(
      await page.locator('section#staging .legend').innerText(),
      new RegExp(`degraded bound: ${formatMs(API_DEGRADED_MS)} \\(SMOKE_API_DEGRADED_MS\\)`),
    );
    const [series, degraded, fail] = await pixelsOf(page, 'staging-inventory-latency', [
      '#0969da',
      '#9a6700',
      '#cf222e',
    ]);
    assert.ok(
      series! > 50 && degraded! > 50 && fail! > 50,
      `line and bounds drawn: ${[series, degraded, fail].join(', ')}`,
    );
    const [wake] = await pixelsOf(page, 'staging-wake', ['#0969da']);
    assert.ok(wake! > 50, `wake line drawn: ${wake}`);
  });

  it("shows each run's value where a person points: the slow run's inventory latency, and its wake time", async () => {
    const times = runs.map((run) => Date.parse(run.at));
    const pointAt = async (figure: string, run: number): Promise<string> => {
      const over = page.locator(`#${figure} .u-over`);
      await over.scrollIntoViewIfNeeded();
      const box = (await over.boundingBox())!;
      const share = (times[run]! - times[0]!) / (times.at(-1)! - times[0]!);
      await page.mouse.move(box.x + share * box.width, box.y + box.height / 2);
      return page.locator(`#${figure} .readout`).innerText();
    };
    const slow = slowest(checksOf(staging, runs[1]!.at, 'inventory'));
    assert.ok(
      slow >= INJECTED_LATENCY_MS,
      `the emulator's latency shows in the history: ${slow} ms; expected the ${INJECTED_LATENCY_MS} ms it held each answer, or more`,
    );
    const when = (run: RunLine): string => `${run.at.slice(5, 10)} ${run.at.slice(11, 16)} UTC`;
    assert.equal(await pointAt('staging-inventory-latency', 1), `${when(runs[1]!)}: ${formatMs(slow)}`);
    // Book's failed run is marked, and says so where a person points.
    assert.equal(await page.locator('#staging-book-latency').getAttribute('data-failed'), '1');
    assert.equal(await pointAt('staging-book-latency', 2), `${when(runs[2]!)}: found down`);
    const wake = Math.max(
      ...staging
        .filter((line) => line.type === 'check' && line.at === runs[2]!.at)
        .map((line) => (line as CheckLine).wakeMs ?? 0),
    );
    // The warm-up's clock starts before its first contact, and the emulator answers awake only after it.
    assert.ok(
      wake >= WAKE_MS,
      `seen awake ${wake} ms into the warm-up; expected the emulator's ${WAKE_MS} ms sleep, or more`,
    );
    assert.equal(
      await pointAt('staging-wake', 2),
      `${when(runs[2]!)}: ${formatMs(wake)}, a host down, or none checked`,
    );
  });

  it("charts each current app's web vitals as the history holds them: staging's per run, production's year as daily medians, the poor bound dashed", async () => {
    const data = JSON.parse((await page.locator('#status-data').textContent()) ?? '{}') as PageData;
    const spansOf = (environment: string) => data.environments.find((each) => each.environment === environment)!.spans;
    const vitalsIn = (lines: readonly HistoryLine[], at: string, host: string) =>
      lines.filter(
        (line): line is CheckLine => line.type === 'check' && line.at === at && line.host === host && !!line.vitals,
      );
    // Staging: each run's value, the one the history's app check recorded; a gap where book failed.
    const week = spansOf('staging')['7d']!;
    for (const host of CURRENT_APPS)
      for (const { key } of VITALS) {
        const expected = runs.map((run) => vitalsIn(staging, run.at, host.id)[0]?.vitals?.[key] ?? null);
        assert.deepEqual(week.vitals[host.id]?.[key]?.typical, expected, `staging ${host.id} ${key}`);
      }
    assert.equal(week.vitals.book?.lcpMs?.typical[2], null, 'book answered 500 in run 3: no paint');
    assert.ok(
      runs.every((run, index) => index === 2 || (vitalsIn(staging, run.at, 'book')[0]?.vitals?.lcpMs ?? 0) > 0),
      'every other run of book measured its LCP',
    );
    // Production: each UTC day's median of its runs' LCP, computed here from the lines themselves.
    const byDay = new Map<number, number[]>();
    for (const line of production)
      if (line.type === 'check' && line.host === 'book' && line.vitals?.lcpMs !== undefined) {
        const day = Math.floor(Date.parse(line.at) / DAY_MS) * DAY_MS;
        byDay.set(day, [...(byDay.get(day) ?? []), line.vitals.lcpMs]);
      }
    const middle = (values: number[]): number => {
      const sorted = [...values].sort((a, b) => a - b);
      const half = sorted.length / 2;
      return Number.isInteger(half) ? Math.round((sorted[half - 1]! + sorted[half]!) / 2) : sorted[Math.floor(half)]!;
    };
    const year = spansOf('production')['1y']!;
    const drawnDays = year.times.map((seconds, index) => [seconds * 1000, year.vitals.book?.lcpMs?.typical[index]]);
    assert.ok(drawnDays.length >= 360, `a point per day: ${drawnDays.length}`);
    assert.deepEqual(
      drawnDays,
      drawnDays.map(([day]) => [day, byDay.has(day!) ? middle(byDay.get(day!)!) : null]),
    );
    // What a person sees: the figure, its poor bound in words and dashed, the latest value under it.
    const bound = parseSettings({}).vitalBounds.lcpMs;
    const figure = page.locator('#staging-portal-lcp');
    assert.equal(await figure.getAttribute('data-points'), '4');
    assert.match(await figure.locator('figcaption').innerText(), new RegExp(`^portal LCP poor ${formatMs(bound)}`));
    const lastLcp = vitalsIn(staging, runs[3]!.at, 'portal')[0]!.vitals!.lcpMs!;
    assert.match(await figure.locator('.readout').innerText(), new RegExp(`: ${formatMs(lastLcp)}$`));
    const [line, poor] = await pixelsOf(page, 'staging-portal-lcp', ['#0969da', '#bc4c00']);
    assert.ok(line! > 20 && poor! > 50, `line and poor bound drawn: ${line}, ${poor}`);
    assert.match(
      await page.locator('section#staging .legend').innerText(),
      new RegExp(`poor bound: ${formatMs(bound)} \\(SMOKE_LCP_POOR_MS\\), 0\\.25 \\(SMOKE_CLS_POOR\\)`),
    );
    // The other vitals are drawn when their section is opened.
    const others = page.locator('section#staging details.vitals');
    await others.locator('summary').click();
    await page.locator('#staging-book-cls canvas').waitFor({ timeout: PAGE_TIMEOUT_MS });
    assert.equal(await page.locator('#staging-book-cls').getAttribute('data-points'), '3');
    await others.locator('summary').click();
  });

  it('shows production down, book down since the first failing run of its outage, the outage ongoing', async () => {
    const section = page.locator('section#production');
    const runLines = production.filter(isRun);
    // A run that died checked nothing: the environment's state is then unknown, whatever its hosts'.
    assert.equal(await section.getAttribute('data-state'), runLines.at(-1)!.status === 'died' ? 'unknown' : 'down');
    // The runs that checked book, from the latest back while book failed: the streak the page must date.
    const bookFailedAt = new Map<string, boolean>();
    for (const line of production)
      if (line.type === 'check' && line.host === 'book' && line.verdict !== 'skipped')
        bookFailedAt.set(line.at, (bookFailedAt.get(line.at) ?? false) || line.verdict === 'fail');
    const bookRuns = runLines.filter((run) => bookFailedAt.has(run.at));
    const bookFailed = (run: RunLine) => bookFailedAt.get(run.at) === true;
    let first = bookRuns.length - 1;
    while (first > 0 && bookFailed(bookRuns[first - 1]!)) first -= 1;
    assert.ok(bookFailed(bookRuns.at(-1)!), 'the outage lasts to the latest run');
    const cells = await section.locator('table.hosts tr[data-host="book"] td').allInnerTexts();
    assert.equal(cells[0], '■ down');
    assert.ok(cells[2]?.endsWith(`since ${utc(bookRuns[first]!.at)}`), cells[2]);
    // Today's bar of book's strip is red, titled with how many of today's runs found it down.
    const bars = section.locator('table.hosts tr[data-host="book"] ol.days li');
    assert.equal(await bars.count(), 90);
    const today = bars.last();
    assert.equal(await today.getAttribute('class'), 'day-down');
    assert.match(
      (await today.getAttribute('title')) ?? '',
      new RegExp(`^${new Date(now()).toISOString().slice(0, 10)}: down in \\d+ of \\d+ runs`),
    );
    // The outage is marked on book's chart where it happened, and on no chart of a host that stayed up.
    const failedOn = async (host: string) =>
      Number(await page.locator(`#production-${host}-latency`).getAttribute('data-failed'));
    assert.ok((await failedOn('book')) > 0, 'book marked');
    // The fail bound's dashes are red on every chart; book's has the band of its outage besides.
    let steady: string | undefined;
    for (const host of CURRENT) if ((await failedOn(host.id)) === 0) steady ??= host.id;
    assert.ok(steady, 'a host the generated week never found down');
    const [bookRed, steadyRed] = [
      await reddishPixels(page, 'production-book-latency'),
      await reddishPixels(page, `production-${steady}-latency`),
    ];
    assert.ok(
      bookRed > steadyRed + 200,
      `the outage's band: ${bookRed} reddish pixels, ${steadyRed} on ${steady}'s chart`,
    );
    const incident = section.locator('table.incidents tr[data-host="book"][data-open="true"] td');
    const incidentCells = await incident.allInnerTexts();
    assert.equal(incidentCells[2], 'ongoing');
    assert.match(
      incidentCells[4]!,
      /^status app renders: answered HTTP 503 Service Unavailable at https:\/\/book\.wink\.travel\/$/,
    );
  });

  it("shows production's year as daily median and maximum when asked for a year", async () => {
    const section = page.locator('section#production');
    await section.getByRole('button', { name: '1 year' }).click();
    assert.equal(await section.getByRole('button', { name: '1 year' }).getAttribute('aria-pressed'), 'true');
    const figure = page.locator('#production-book-latency');
    assert.equal(await figure.getAttribute('data-span'), '1y');
    const points = Number(await figure.getAttribute('data-points'));
    assert.ok(points >= 360 && points <= 366, `a point per day: ${points}`);
    assert.equal(
      await section.locator('.span-note').innerText(),
      `Daily median and maximum of ${productionRuns} runs.`,
    );
    assert.match(await figure.locator('.readout').innerText(), /^latest \d\d-\d\d \d\d:\d\d UTC: .*a run found down$/);
  });

  it('reads on a phone (390 px) with nothing to scroll sideways', async (t) => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(`file://${path.join(PAGE, 'index.html')}`);
      await phone.waitForFunction(() => document.documentElement.dataset.chartsDrawn !== undefined, null, {
        timeout: PAGE_TIMEOUT_MS,
      });
      assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 390);
      // Each host a card: its strip of days as wide as the card.
      const strip = await phone.locator('section#production tr[data-host="book"] ol.days').boundingBox();
      assert.ok(strip && strip.width > 300, `the strip spans the card: ${strip?.width}`);
      await phone.screenshot({ path: PHONE_SCREENSHOT, fullPage: true });
      t.diagnostic(`screenshot: ${path.relative(PROJECT_ROOT, PHONE_SCREENSHOT)}`);
    } finally {
      await phone.close();
    }
  });

  it('has a badge per environment and host, shown on the page', async () => {
    const badge = page.locator('section#staging .summary img');
    assert.ok(
      (await badge.evaluate((image: HTMLImageElement) => image.naturalWidth)) > 0,
      'the badge loaded from disk',
    );
    assert.match(
      fs.readFileSync(path.join(PAGE, 'badges', 'production-book.svg'), 'utf8'),
      /aria-label="production book: down"/,
    );
    // Both environments' runs check the registered domains too, each a row and a badge.
    assert.equal(
      fs.readdirSync(path.join(PAGE, 'badges')).length,
      2 * (1 + HOSTS.length + registeredDomains(HOSTS).length),
    );
  });

  it('has no serious or critical accessibility violation (axe)', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    assert.deepEqual(
      serious.map(
        (violation) =>
          `${violation.id}: ${violation.nodes
            .map((node) => node.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      ),
      [],
    );
  });

  it('opens over http as GitHub Pages serves it, every request to its own origin', async () => {
    const server = http.createServer((request, response) => {
      const file = path.join(PAGE, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
      const target = file.endsWith('/') ? path.join(file, 'index.html') : file;
      if (!target.startsWith(PAGE) || !fs.existsSync(target)) {
        response.writeHead(404).end();
        return;
      }
      const type = target.endsWith('.svg') ? 'image/svg+xml' : 'text/html; charset=utf-8';
      response.writeHead(200, { 'content-type': type }).end(fs.readFileSync(target));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const served = await browser.newPage();
    const seen: string[] = [];
    const failed: string[] = [];
    served.on('response', (response) => {
      seen.push(response.url());
      if (response.status() !== 200) failed.push(`${response.status()} ${response.url()}`);
    });
    served.on('pageerror', (error) => failed.push(error.message));
    try {
      await served.goto(`${origin}/`);
      await served.waitForFunction(() => document.documentElement.dataset.chartsDrawn !== undefined, null, {
        timeout: PAGE_TIMEOUT_MS,
      });
      assert.deepEqual(failed, []);
      assert.deepEqual(
        seen.filter((url) => !url.startsWith(`${origin}/`)),
        [],
      );
      assert.ok(seen.some((url) => url.endsWith('/badges/staging.svg')));
    } finally {
      await served.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
