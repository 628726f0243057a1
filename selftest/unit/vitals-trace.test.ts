/** Web vitals judged by web.dev's poor bounds, and W3C trace context: pure rules, no browser. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { poorVitals, readVitals, vitalsInitScript, VITALS_GLOBAL } from '../../src/checks/vitals.ts';
import { newTrace, traceIdOf, traceLink } from '../../src/shared/trace.ts';

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
