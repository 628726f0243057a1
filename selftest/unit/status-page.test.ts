/** The status page's parts: chart series and their spans, the words for numbers, badges, escaping, the history's additions. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { appendHistory, readHistory, runIdentity, type HistoryLine } from '../../src/history/history.ts';
import { linesOfRun } from '../../src/summary/history-lines.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { DAY_MS, HOUR_MS, formatMs } from '../../src/shared/format.ts';
import { environmentStatus } from '../../src/status/status.ts';
import { buildStatusPage } from '../../src/status/page/build.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { XMLParser } from 'fast-xml-parser';
import type { RunSummary, SummaryRow } from '../../src/summary/summary.ts';
import { badgeSvg, escapeMarkup as escapeHtml, textWidth } from '../../src/status/page/badge.ts';
import { formatUptime, renderStatusPage } from '../../src/status/page/render.ts';
import { MAX_RUN_POINTS, SPANS, defaultSpan, median, spanSeries } from '../../src/status/page/series.ts';
import { STRIP_DAYS, dayStrip, describeDay, hostDays } from '../../src/status/page/days.ts';
import type { HostObservation } from '../../src/status/observation.ts';
import type { PageData } from '../../src/status/page/data.ts';
import type { WebVitals } from '../../src/checks/vitals.ts';

const NOW = Date.parse('2026-11-23T12:00:00.000Z');

/** Runs every `everyMs` up to NOW, each with one check of `inventory` taking `latency(index)` ms. */
function history(count: number, everyMs: number, latency: (index: number) => number): HistoryLine[] {
  return Array.from({ length: count }, (_, index): HistoryLine[] => {
    const at = new Date(NOW - (count - 1 - index) * everyMs).toISOString();
    return [
      { type: 'run', run: at, at, environment: 'staging', status: 'passed', checks: 1 },
      {
        type: 'check',
        at,
        host: 'inventory',
        check: 'api answers',
        verdict: 'pass',
        latencyMs: latency(index),
        wakeMs: 30_000 + index,
      },
    ];
  }).flat();
}

const span = (id: string) => SPANS.find((candidate) => candidate.id === id)!;

describe('chart series', () => {
  it('is a point per run over a week, each run its own value', () => {
    const status = environmentStatus(
      'staging',
      history(10, HOUR_MS, (index) => 100 + index),
      { now: NOW },
    );
    const series = spanSeries(status, span('7d'), NOW, true);
    assert.equal(series.bucketMs, undefined);
    assert.equal(series.times.length, 10);
    assert.deepEqual(series.latency.inventory?.typical, [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    assert.equal(series.latency.inventory?.worst, undefined);
    assert.deepEqual(series.wake?.typical.at(-1), 30_009);
    assert.equal(series.times.at(-1), NOW / 1000);
  });

  it('is daily median and maximum over a year, one point per day that had runs', () => {
    // Four runs a day for 400 days: the year's span holds 365 days of them, in 365 or 366 UTC days.
    const status = environmentStatus(
      'staging',
      history(1600, 6 * HOUR_MS, (index) => (index % 4) * 100 + 50),
      { now: NOW },
    );
    const series = spanSeries(status, span('1y'), NOW, false);
    assert.equal(series.bucketMs, DAY_MS);
    assert.ok(series.times.length >= 365 && series.times.length <= 366, String(series.times.length));
    assert.equal(series.runs, 1460);
    // A full day holds 50, 150, 250 and 350 ms: median 200, maximum 350.
    assert.equal(series.latency.inventory?.typical[100], 200);
    assert.equal(series.latency.inventory?.worst?.[100], 350);
    assert.equal(series.wake, undefined, 'no wake series for an environment that does not sleep');
    assert.equal(series.times[1]! - series.times[0]!, DAY_MS / 1000);
  });

  it('buckets a per-run span hourly when it would hold more than MAX_RUN_POINTS runs', () => {
    const status = environmentStatus(
      'staging',
      history(MAX_RUN_POINTS + 10, 5 * 60_000, () => 100),
      { now: NOW },
    );
    assert.equal(spanSeries(status, span('7d'), NOW, false).bucketMs, HOUR_MS);
    assert.equal(spanSeries(status, span('24h'), NOW, false).bucketMs, undefined);
  });

  it("marks the runs that found the host down, and a run that checked nothing, on the environment's chart", () => {
    // Runs 2 and 3 found inventory down: its check failed, with no latency.
    const lines = history(6, HOUR_MS, (index) => 100 + index).map((line, index): HistoryLine => {
      if (line.type !== 'check' || ![2, 3].includes((index - 1) / 2)) return line;
      const { type, at, host, check } = line;
      return { type, at, host, check, verdict: 'fail', fault: 'status', cause: 'answered HTTP 500' };
    });
    // A run that died: its run line alone.
    const died = new Date(NOW - 30 * 60_000).toISOString();
    lines.push({ type: 'run', run: died, at: died, environment: 'staging', status: 'died', checks: 0 });
    const status = environmentStatus('staging', lines, { now: NOW });
    const series = spanSeries(status, span('7d'), NOW, true);
    assert.deepEqual(series.latency.inventory?.typical, [100, 101, null, null, 104, null, 105]);
    assert.deepEqual(series.latency.inventory?.failed, [2, 3]);
    assert.deepEqual(series.wake?.failed, [2, 3, 5]);
    const healthy = spanSeries(
      environmentStatus(
        'staging',
        history(3, HOUR_MS, () => 100),
        { now: NOW },
      ),
      span('7d'),
      NOW,
      true,
    );
    assert.equal(healthy.latency.inventory?.failed, undefined, 'nothing to mark');
    const daily = spanSeries(status, span('1y'), NOW, true);
    assert.deepEqual(daily.latency.inventory?.failed, [0], 'a day with a failed run is marked');
  });

  it('opens on a week, or on a longer span that has two runs where the week has fewer', () => {
    assert.equal(defaultSpan([NOW - HOUR_MS, NOW], NOW), '7d');
    assert.equal(defaultSpan([NOW - 20 * DAY_MS, NOW - 10 * DAY_MS], NOW), '30d');
    assert.equal(defaultSpan([NOW - 200 * DAY_MS, NOW], NOW), '1y');
    assert.equal(defaultSpan([], NOW), '7d');
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    assert.equal(median([4, 1, 3, 2]), 3);
    assert.equal(median([5, 1, 3]), 3);
  });
});

describe('numbers in words', () => {
  it('writes uptime to one decimal, two from 99.95% up, and never rounds a failed run up to 100%', () => {
    const uptime = (upRuns: number, runs: number) => formatUptime({ ratio: upRuns / runs, runs, upRuns });
    assert.equal(uptime(2, 3), '66.7%');
    assert.equal(uptime(3, 4), '75.0%');
    assert.equal(uptime(998, 1000), '99.8%');
    assert.equal(uptime(9994, 10_000), '99.9%');
    assert.equal(uptime(9995, 10_000), '99.95%');
    assert.equal(uptime(9999, 10_000), '99.99%');
    assert.equal(uptime(99_999, 100_000), '99.99%');
    assert.equal(uptime(3, 3), '100%');
  });

  it('writes latencies and times as people read them', () => {
    assert.deepEqual(
      [formatMs(87), formatMs(2410), formatMs(2000), formatMs(61_400)],
      ['87 ms', '2.4 s', '2 s', '61 s'],
    );
  });
});

describe('the strip of days', () => {
  const observed = (at: number, state: 'up' | 'degraded' | 'down'): HostObservation => ({
    run: { at: new Date(at).toISOString(), time: at, run: undefined, link: undefined },
    state,
    latencyMs: undefined,
    certDays: undefined,
    wakeMs: undefined,
    vitals: {},
    findings: [],
  });

  it('has a bar per UTC day up to today, the worst a run found that day, and none for a day unchecked', () => {
    const today = Math.floor(NOW / DAY_MS) * DAY_MS;
    const days = hostDays(
      [
        observed(today - 2 * DAY_MS + HOUR_MS, 'up'),
        observed(today - 2 * DAY_MS + 2 * HOUR_MS, 'down'),
        observed(today - DAY_MS + HOUR_MS, 'degraded'),
        observed(today - DAY_MS + 2 * HOUR_MS, 'up'),
        observed(today + HOUR_MS, 'up'),
        // Older than the strip, and after the page's time: left out.
        observed(today - STRIP_DAYS * DAY_MS, 'down'),
        observed(NOW + HOUR_MS, 'down'),
      ],
      NOW,
    );
    assert.equal(days.length, STRIP_DAYS);
    assert.equal(days.at(-1)?.day, '2026-11-23');
    assert.deepEqual(
      days.slice(-4).map((day) => [day.state, describeDay(day)]),
      [
        ['none', '2026-11-20: no run checked it'],
        ['down', '2026-11-21: down in 1 of 2 runs'],
        ['degraded', '2026-11-22: degraded in 1 of 2 runs'],
        ['up', '2026-11-23: up in its one run'],
      ],
    );
    assert.ok(days.slice(0, -4).every((day) => day.state === 'none'));
  });

  it('titles every bar, and names the strip by its counts', () => {
    const strip = dayStrip('book', hostDays([observed(NOW - HOUR_MS, 'down')], NOW));
    assert.equal(strip.match(/<li class="day-[a-z]+" title="[^"]+"><\/li>/g)?.length, STRIP_DAYS);
    assert.match(strip, /^<ol class="days" aria-label="book, the last 90 days: 1 down, 89 unchecked">/);
    assert.ok(strip.includes('<li class="day-down" title="2026-11-23: down in 1 of 1 run"></li>'));
  });
});

describe('badges', () => {
  it('fits its words: a longer message makes a wider badge', () => {
    const width = (svg: string) => Number(/^<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    assert.ok(width(badgeSvg('production', 'degraded', '#9a6700')) > width(badgeSvg('production', 'up', '#1a7f37')));
    assert.ok(textWidth('production') > 50 && textWidth('production') < 80, String(textWidth('production')));
  });

  it('names itself for screen readers and escapes what it shows', () => {
    const svg = badgeSvg('a<b', 'up', '#1a7f37');
    assert.match(svg, /role="img" aria-label="a&#60;b: up"/);
    assert.ok(!svg.includes('a<b'));
  });
});

/** The page of one environment's history, without its scripts and styles. */
function pageOf(lines: readonly HistoryLine[], sleepsWhenIdle = false): string {
  const status = environmentStatus('staging', lines, { now: NOW });
  return renderStatusPage({
    now: NOW,
    environments: [
      {
        status,
        sleepsWhenIdle,
        charts: {
          environment: 'staging',
          defaultSpan: '7d',
          spans: Object.fromEntries(SPANS.map((each) => [each.id, spanSeries(status, each, NOW, sleepsWhenIdle)])),
        },
      },
    ],
    hostKinds: new Map(),
    bounds: parseSettings({}),
    assets: { uplotJs: '', uplotCss: '', clientJs: '', css: '' },
    badgeFile: (environment, host) => `badges/${environment}${host ? `-${host}` : ''}.svg`,
    feedFile: (environment) => `${environment}.atom`,
  });
}

describe('the page', () => {
  it('escapes every cause it shows, and no embedded value can close its script element', () => {
    const at = new Date(NOW - HOUR_MS).toISOString();
    const cause = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';
    const html = pageOf([
      { type: 'run', run: at, at, environment: 'staging', status: 'failed', checks: 1 },
      { type: 'check', at, host: '</script>', check: 'api answers', verdict: 'fail', fault: 'status', cause },
    ]);
    assert.ok(html.includes(escapeHtml(cause)));
    assert.ok(!html.includes('<img src=x'));
    assert.equal(html.match(/<\/script>/g)?.length, 3, 'only the three script elements close');
  });

  it('has one legend for the charts of an environment, and a figure only for a chart with something to draw', () => {
    const html = pageOf(
      history(4, HOUR_MS, (index) => 100 + index),
      true,
    );
    assert.equal(html.match(/<ul class="legend"/g)?.length, 1);
    assert.deepEqual(
      [...html.matchAll(/<figure class="chart" id="([^"]+)"/g)].map((match) => match[1]),
      ['staging-wake', 'staging-inventory-latency'],
    );
    assert.match(html, /1 current host: 1 up\./);
  });

  it('says plainly that no run got as far as a check when every run failed its setup: no table, no chart', () => {
    const lines = Array.from({ length: 3 }, (_, index): HistoryLine[] => {
      const at = new Date(NOW - (3 - index) * HOUR_MS).toISOString();
      return [
        {
          type: 'run',
          run: at,
          at,
          environment: 'staging',
          status: 'failed',
          checks: 2,
          problems: ['staging-warmup wake the environment: no host woke'],
        },
        { type: 'check', at, host: 'inventory', check: 'api answers', verdict: 'skipped' },
        { type: 'check', at, host: 'iam', check: 'api answers', verdict: 'skipped' },
      ];
    }).flat();
    const html = pageOf(lines, true);
    assert.match(html, /2 current hosts, none checked yet: no run in this history got as far as a check\./);
    assert.match(html, /Latest run: .*, failed, no check ran\. 3 runs in this history\./);
    assert.match(html, /The latest run checked no host: staging-warmup wake the environment: no host woke\.<\/p>/);
    for (const absent of ['<table class="hosts"', '<figure', 'class="legend"', 'over time</h3>'])
      assert.ok(!html.includes(absent), absent);
    assert.match(html, /<table class="incidents"/);
  });
});

describe("the apps' web vitals on the page", () => {
  /** Four runs a day for 400 days; book's app check measures `vitals(index)`, studio (retired) too. */
  const vitalsHistory = (vitals: (index: number) => WebVitals): HistoryLine[] =>
    Array.from({ length: 1600 }, (_, index): HistoryLine[] => {
      const at = new Date(NOW - (1599 - index) * 6 * HOUR_MS).toISOString();
      return [
        { type: 'run', run: at, at, environment: 'staging', status: 'passed', checks: 3 },
        {
          type: 'check',
          at,
          host: 'book',
          check: 'app renders',
          verdict: 'pass',
          latencyMs: 900,
          vitals: vitals(index),
        },
        // A second page of the same host in the same run: the chart takes each vital's worst.
        { type: 'check', at, host: 'book', check: 'login page', verdict: 'pass', latencyMs: 800, vitals: { lcpMs: 1 } },
        {
          type: 'check',
          at,
          host: 'studio',
          check: 'app renders',
          verdict: 'pass',
          retired: true,
          vitals: vitals(index),
        },
      ];
    }).flat();
  // Each full day: LCP 1000, 2000, 3000, 5000 ms (median 2500); CLS 0.01, 0.02, 0.03, 0.3 (median 0.025).
  const LCP = [1000, 2000, 3000, 5000];
  const CLS = [0.01, 0.02, 0.03, 0.3];
  const lines = vitalsHistory((index) => ({ lcpMs: LCP[index % 4]!, cls: CLS[index % 4]!, tbtMs: 7 }));
  const html = pageOf(lines);
  const data = JSON.parse(
    /<script type="application\/json" id="status-data">(.*?)<\/script>/s.exec(html)![1]!.replace(/\\u003c/g, '<'),
  ) as PageData;
  const spans = data.environments[0]!.spans;

  it("embeds each run's vitals over a week, and each day's median alone over a year", () => {
    const week = spans['7d']!;
    assert.equal(week.bucketMs, undefined);
    assert.deepEqual(
      week.vitals.book?.lcpMs?.typical,
      week.times.map((_, index) => LCP[(1600 - week.times.length + index) % 4]),
    );
    const year = spans['1y']!;
    assert.equal(year.bucketMs, DAY_MS);
    // The first and last days of the span may be partial; every day between holds four runs.
    const full = year.vitals.book!;
    assert.deepEqual(new Set(full.lcpMs!.typical.slice(1, -1)), new Set([2500]));
    assert.deepEqual(new Set(full.cls!.typical.slice(1, -1)), new Set([0.025]));
    assert.deepEqual(new Set(full.tbtMs!.typical.slice(1, -1)), new Set([7]));
    assert.equal(full.lcpMs!.worst, undefined, 'a vital charts the median alone');
    assert.deepEqual(Object.keys(full), ['lcpMs', 'cls', 'tbtMs'], 'only the vitals the history holds, in order');
    assert.equal(year.vitals.studio, undefined, "a retired app's vitals are not charted");
  });

  it('draws a chart per vital of each app, with its poor bound, LCP in sight and the others folded', () => {
    const vitalCharts = data.charts.filter((chart) => chart.series === 'vital');
    assert.deepEqual(
      vitalCharts.map((chart) => [chart.id, chart.unit, chart.bounds.map((bound) => [bound.setting, bound.value])]),
      [
        ['staging-book-lcp', 'ms', [['SMOKE_LCP_POOR_MS', 4000]]],
        ['staging-book-cls', 'score', [['SMOKE_CLS_POOR', 0.25]]],
        ['staging-book-tbt', 'ms', []],
      ],
    );
    assert.match(html, /<div class="charts vitals"><figure class="chart" id="staging-book-lcp"/);
    assert.match(
      html,
      /<summary>The apps' other web vitals: CLS, TBT<\/summary><div class="charts"><figure class="chart" id="staging-book-cls"/,
    );
    assert.match(html, /book LCP<\/strong> <span class="note">poor 4 s<\/span>/);
    assert.match(html, /poor bound: 4 s \(SMOKE_LCP_POOR_MS\), 0\.25 \(SMOKE_CLS_POOR\)/);
    assert.match(html, /<h3 id="staging-charts">Latency and web vitals over time<\/h3>/);
  });
});

type XmlText = string | { readonly '#text': string };

describe("an environment's Atom feed", () => {
  it('holds one entry per state change, newest first, each linking to its run, parsed by an XML parser', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-feed-'));
    const runAt = (hoursAgo: number, failing: boolean): HistoryLine[] => {
      const at = new Date(NOW - hoursAgo * HOUR_MS).toISOString();
      const link = `https://github.com/wink/wink-smoke/actions/runs/${hoursAgo}`;
      return [
        {
          type: 'run',
          run: `${at}#${hoursAgo}.1`,
          at,
          environment: 'production',
          status: failing ? 'failed' : 'passed',
          checks: 1,
          link,
        },
        failing
          ? {
              type: 'check',
              at,
              host: 'inventory',
              check: 'health is UP',
              verdict: 'fail',
              fault: 'health',
              cause: 'component db is DOWN',
            }
          : { type: 'check', at, host: 'inventory', check: 'health is UP', verdict: 'pass' },
      ];
    };
    appendHistory(dir, 'production', [...runAt(4, false), ...runAt(3, true), ...runAt(2, true), ...runAt(1, false)]);
    const built = buildStatusPage({
      historyDir: dir,
      outDir: path.join(dir, 'page'),
      now: NOW,
      hosts: HOSTS,
      bounds: parseSettings({}),
    });
    const xml = fs.readFileSync(path.join(dir, 'page', 'production.atom'), 'utf8');
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(xml) as {
      feed: {
        title: XmlText;
        entry: { title: XmlText; link: { '@_href': string }; updated: string; summary: XmlText }[];
      };
    };
    // An element with attributes (`<title type="html">`) parses as its text beside them.
    const text = (value: XmlText): string => (typeof value === 'string' ? value : value['#text']);
    assert.equal(text(parsed.feed.title), 'Wink production: state changes');
    assert.deepEqual(
      parsed.feed.entry.map((entry) => [text(entry.title), entry.link['@_href'], entry.updated]),
      [
        [
          'inventory up again',
          'https://github.com/wink/wink-smoke/actions/runs/1',
          new Date(NOW - HOUR_MS).toISOString(),
        ],
        [
          'inventory down',
          'https://github.com/wink/wink-smoke/actions/runs/3',
          new Date(NOW - 3 * HOUR_MS).toISOString(),
        ],
      ],
    );
    assert.match(text(parsed.feed.entry[1]!.summary), /health is UP: health: component db is DOWN/);
    const page = fs.readFileSync(built.pageFile, 'utf8');
    assert.match(
      page,
      /<link rel="alternate" type="application\/atom\+xml" title="Wink production: state changes" href="production.atom">/,
    );
    assert.match(page, /<a class="feed" href="production.atom">/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("the page's next release", () => {
  it('says nothing of it when no run of either environment read a document (two offline runs, say)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-release-'));
    for (const environment of ['staging', 'production'] as const) {
      const at = new Date(NOW - HOUR_MS).toISOString();
      appendHistory(dir, environment, [
        { type: 'run', run: at, at, environment, status: 'offline', checks: 1, problems: ['cut off'] },
        { type: 'check', at, host: 'inventory', check: 'api answers', verdict: 'skipped', fault: 'dns' },
      ]);
    }
    const built = buildStatusPage({
      historyDir: dir,
      outDir: path.join(dir, 'page'),
      now: NOW,
      hosts: HOSTS,
      bounds: parseSettings({}),
    });
    const html = fs.readFileSync(built.pageFile, 'utf8');
    assert.ok(!html.includes('id="next-release"'), 'no section on a release nobody read');
    assert.ok(!html.includes('match production'), html.slice(0, 200));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('history lines', () => {
  const row = (verdict: SummaryRow['verdict'], note?: string): SummaryRow => ({
    environment: 'staging',
    host: 'inventory',
    url: 'http://127.0.0.1:1',
    kind: 'api',
    check: 'api-answers',
    name: 'api answers',
    outcome: verdict === 'flaky' ? 'pass' : verdict,
    latencyMs: 2410,
    certificate: { state: 'plain-http' },
    ...(note === undefined ? {} : { note }),
    verdict,
  });

  it("keep a degraded check's note, and no skipped check's", () => {
    const summary: RunSummary = {
      startedAt: '2026-11-23T09:00:00.000Z',
      durationMs: 1000,
      status: 'passed',
      rows: [
        row('degraded', 'GET / took 2410 ms, over SMOKE_API_DEGRADED_MS=2000'),
        row('skipped', 'set the variables'),
      ],
      setupFailures: [],
    };
    const [, degraded, skipped] = linesOfRun(summary, ['staging'], 'r').get('staging')!;
    assert.equal(degraded?.type === 'check' && degraded.note, 'GET / took 2410 ms, over SMOKE_API_DEGRADED_MS=2000');
    assert.ok(skipped?.type === 'check' && skipped.note === undefined);
  });

  it("are read from the month of `since` on, and a run's id and link come from GitHub's variables", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-history-unit-'));
    try {
      for (const month of ['2026-09', '2026-10', '2026-11'])
        appendHistory(directory, 'staging', [
          {
            type: 'run',
            run: month,
            at: `${month}-15T00:00:00.000Z`,
            environment: 'staging',
            status: 'passed',
            checks: 0,
          },
        ]);
      assert.equal(readHistory(directory, 'staging').length, 3);
      assert.deepEqual(
        readHistory(directory, 'staging', new Date('2026-10-31T23:00:00Z')).map((line) => line.at.slice(0, 7)),
        ['2026-10', '2026-11'],
      );
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
    assert.deepEqual(runIdentity('2026-11-23T09:00:00.000Z', {}), { run: '2026-11-23T09:00:00.000Z', link: undefined });
    assert.deepEqual(
      runIdentity('2026-11-23T09:00:00.000Z', {
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_REPOSITORY: 'wink/smoke',
      }),
      { run: '2026-11-23T09:00:00.000Z#42.2', link: 'https://github.com/wink/smoke/actions/runs/42' },
    );
  });
});
