/** The metrics of a run in Prometheus' text exposition format; the real Pushgateway and Prometheus read them in selftest/suite/prometheus.test.ts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exposition, runMetrics } from '../../src/summary/metrics.ts';
import type { RunSummary, SummaryRow } from '../../src/summary/summary.ts';

const row = (name: string, extra: Partial<SummaryRow>): SummaryRow => ({
  environment: 'staging',
  host: 'inventory',
  url: 'https://staging-api.wink.travel',
  kind: 'api',
  check: 'document',
  name,
  outcome: 'pass',
  verdict: 'pass',
  certificate: {
    state: 'valid',
    daysLeft: 40,
    validTo: '2026-04-11',
    issuer: 'R11',
    chain: [{ role: 'leaf', name: 'api.wink.travel', validTo: '2026-04-11' }],
    expiresFirst: { role: 'leaf', name: 'api.wink.travel', validTo: '2026-04-11' },
  },
  ...extra,
});

const summary: RunSummary = {
  startedAt: '2026-03-02T08:00:00.000Z',
  durationMs: 61_200,
  status: 'failed',
  setupFailures: [],
  rows: [
    row('api answers', { latencyMs: 51, wake: { state: 'awake', wakeMs: 34_800 } }),
    row('serves /v3/api-docs/"odd"\\name', { verdict: 'fail', outcome: 'fail', fault: 'status' }),
    row('authenticated ping', { verdict: 'skipped', outcome: 'skipped' }),
    row('wink.travel domain registration', {
      host: 'wink.travel',
      check: 'domain-expiry',
      outcome: 'degraded',
      verdict: 'degraded',
      certificate: { state: 'not-inspected' },
      domain: {
        name: 'wink.travel',
        expiresAt: '2026-03-12T10:30:00.000Z',
        source: 'http://127.0.0.1:9/domain/wink.travel',
        readAt: '2026-03-02T08:00:00.000Z',
        daysLeft: 10,
      },
    }),
    row('trippay.io domain registration', {
      host: 'trippay.io',
      check: 'domain-expiry',
      outcome: 'skipped',
      verdict: 'skipped',
      certificate: { state: 'not-inspected' },
    }),
  ],
};

describe('metrics', () => {
  it('are gauges in base units, one sample per host and check, skipped checks left out', () => {
    const text = exposition(runMetrics(summary, 'staging'));
    assert.match(
      text,
      /^# HELP wink_smoke_check_success Whether the check passed .*\n# TYPE wink_smoke_check_success gauge\nwink_smoke_check_success\{host="inventory",check="api answers"\} 1\nwink_smoke_check_success\{host="inventory",check="serves \/v3\/api-docs\/\\"odd\\"\\\\name"\} 0\n/,
    );
    assert.ok(!text.includes('authenticated ping'));
    assert.match(text, /\nwink_smoke_check_latency_seconds\{host="inventory",check="api answers"\} 0\.051\n/);
    assert.match(text, /\nwink_smoke_certificate_expiry_timestamp_seconds\{host="inventory"\} 1775865600\n/);
    // A domain's expiry to the second RDAP gave, labelled with the domain; none for one RDAP did not answer.
    assert.match(text, /\nwink_smoke_domain_expiry_timestamp_seconds\{domain="wink\.travel"\} 1773311400\n/);
    assert.ok(!text.includes('trippay.io'));
    assert.match(text, /\nwink_smoke_wake_seconds\{host="inventory"\} 34\.8\n/);
    assert.match(text, /\nwink_smoke_run_duration_seconds 61\.2\n/);
    assert.match(text, /\nwink_smoke_run_timestamp_seconds 1772438400\n$/);
  });
});
