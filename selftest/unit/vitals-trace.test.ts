/**
 * Web vitals judged by web.dev's poor bounds, and W3C trace context: pure rules, no browser; then
 * what the settings, the summary and the metrics make of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { poorVitals, readVitals, vitalsInitScript, VITALS_GLOBAL } from '../../src/checks/vitals.ts';
import { newTrace, traceIdOf, traceLink } from '../../src/shared/trace.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { exposition, runMetrics } from '../../src/summary/metrics.ts';
import type { RunSummary, SummaryRow } from '../../src/summary/summary.ts';
import { traceMark, vitalsLines } from '../../src/summary/vitals-lines.ts';

const WEB_DEV = { lcpMs: 4000, cls: 0.25, fcpMs: 3000, ttfbMs: 1800 };

describe('web vitals', () => {
  it('names each vital past its poor bound with the bound and its variable, and nothing for good ones', () => {
    assert.deepEqual(poorVitals({ lcpMs: 1200, cls: 0.01, fcpMs: 800, ttfbMs: 90, tbtMs: 40 }, WEB_DEV), []);
    assert.deepEqual(poorVitals({ lcpMs: 4612.4, cls: 0.3125, fcpMs: 900 }, WEB_DEV), [
      'LCP 4612 ms, over SMOKE_LCP_POOR_MS=4000',
      'CLS 0.313, over SMOKE_CLS_POOR=0.25',
    ]);
  });

  it('keeps only the numbers the page reported, rounded', () => {
    assert.deepEqual(readVitals({ lcpMs: 1234.56, cls: 0.123456, fcpMs: 'x', tbtMs: 0 }), {
      lcpMs: 1235,
      cls: 0.1235,
      tbtMs: 0,
    });
    assert.deepEqual(readVitals(undefined), {});
  });

  it("injects Google's library and a collector into the page's global", () => {
    const script = vitalsInitScript();
    assert.match(script, /var webVitals=|webVitals=/);
    assert.ok(script.includes(`window.${VITALS_GLOBAL}`));
  });
});

describe('trace context', () => {
  it('makes a fresh, valid traceparent each time, whose trace id it reads back', () => {
    const first = newTrace();
    const second = newTrace();
    assert.notEqual(first.traceId, second.traceId);
    assert.match(first.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.equal(traceIdOf(first.traceparent), first.traceId);
    assert.equal(
      traceIdOf('00-00000000000000000000000000000000-0000000000000001-01'),
      undefined,
      'an all-zero id is invalid',
    );
    assert.equal(
      traceLink('https://console.cloud.google.com/traces/list?tid={traceId}', 'abc'),
      'https://console.cloud.google.com/traces/list?tid=abc',
    );
  });
});

describe('vitals and traces downstream of the record', () => {
  const app: SummaryRow = {
    environment: 'staging',
    host: 'book',
    url: 'https://staging-book.wink.travel',
    kind: 'app',
    check: 'app-renders',
    name: 'app renders',
    outcome: 'degraded',
    verdict: 'degraded',
    certificate: { state: 'plain-http' },
    vitals: { lcpMs: 4612, cls: 0.3125, fcpMs: 900, ttfbMs: 120, tbtMs: 0 },
    traceId: 'a'.repeat(32),
  };

  it('reads the bounds from their variables, CLS a decimal, and a trace link only with {traceId}', () => {
    const bounds = parseSettings({ SMOKE_CLS_POOR: '0.1', SMOKE_LCP_POOR_MS: '2500' }).vitalBounds;
    assert.deepEqual(bounds, { lcpMs: 2500, cls: 0.1, fcpMs: 3000, ttfbMs: 1800 });
    assert.throws(
      () => parseSettings({ SMOKE_CLS_POOR: 'much' }),
      /SMOKE_CLS_POOR="much" is not valid: expected a decimal/,
    );
    assert.throws(() => parseSettings({ SMOKE_TRACE_URL: 'https://traces.example/' }), /holding \{traceId\}/);
    assert.equal(
      parseSettings({ SMOKE_TRACE_URL: 'https://t.example/{traceId}' }).traceUrl,
      'https://t.example/{traceId}',
    );
  });

  it('says the vitals in a line per app, and a failure its trace, linked when a template is set', () => {
    assert.deepEqual(vitalsLines([app]), [
      'staging book web vitals: LCP 4612 ms, CLS 0.313, FCP 900 ms, TTFB 120 ms, TBT 0 ms',
    ]);
    assert.equal(traceMark(app, undefined), ` (trace ${'a'.repeat(32)})`);
    assert.equal(traceMark(app, 'https://t.example/{traceId}'), ` (trace https://t.example/${'a'.repeat(32)})`);
  });

  it('pushes a gauge per vital, labelled with the host, in seconds but CLS', () => {
    const summary: RunSummary = {
      startedAt: '2026-03-02T08:00:00.000Z',
      durationMs: 1,
      status: 'passed',
      setupFailures: [],
      rows: [app],
    };
    const text = exposition(runMetrics(summary, 'staging'));
    assert.match(text, /\nwink_smoke_vitals_lcp_seconds\{host="book"\} 4\.612\n/);
    assert.match(text, /\nwink_smoke_vitals_cls\{host="book"\} 0\.3125\n/);
    assert.match(text, /\nwink_smoke_vitals_tbt_seconds\{host="book"\} 0\n/);
  });
});
