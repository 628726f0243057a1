/**
 * `--project=local` with three apps at fault: one whose largest content paints late, one whose
 * content is pushed down after it paints, one answering 500. The first two pass as degraded, naming
 * LCP and CLS with their bounds; the third fails, its message naming its trace. Every check sent its
 * own trace, and the emulator received it on the check's requests; the third party whose script
 * book's page loads (a loopback server of this test) received none.
 */
import assert from 'node:assert/strict';
import { kindOf } from '../../src/kinds/registry.ts';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LATE_PAINT_MS } from '../../emulator/content.ts';
import type { RecordedRequest } from '../../emulator/emulator.ts';
import { traceIdOf } from '../../src/shared/trace.ts';
import { describeOutcomes, runSuite, type Outcome, type RunResult } from '../harness.ts';

/** A port range of its own, apart from local.test.ts's 29 900 and below Linux's ephemeral ports. */
const EMULATOR_PORT = 29_700;
/** Below the late paint, so the late LCP is poor; far above a healthy local paint (~100 ms). */
const LCP_POOR_MS = 800;
const TRACE_URL = 'https://traces.example/trace/{traceId}';

describe('web vitals and trace context, against the emulator', () => {
  let result: RunResult;
  let requests: RecordedRequest[];
  /** What the third party received: each request's path and its traceparent, if any. */
  const thirdParty: { path: string; traceparent: string | undefined }[] = [];
  const thirdPartyServer = http.createServer((request, response) => {
    const { traceparent } = request.headers;
    thirdParty.push({
      path: request.url ?? '/',
      traceparent: typeof traceparent === 'string' ? traceparent : undefined,
    });
    // A module script from another origin is fetched with CORS.
    response.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
    response.end('// a third party\n');
  });
  const recordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-vitals-')), 'requests.jsonl');

  before(async () => {
    await new Promise<void>((resolve) => thirdPartyServer.listen(0, '127.0.0.1', resolve));
    const thirdPartyScript = `http://127.0.0.1:${(thirdPartyServer.address() as AddressInfo).port}/analytics.js`;
    result = await runSuite({
      args: ['--project=local'],
      env: {
        SMOKE_EMULATOR_PORT: String(EMULATOR_PORT),
        SMOKE_EMULATOR_WAKE_S: '0',
        SMOKE_EMULATOR_RECORD: recordFile,
        SMOKE_HOSTS: 'book,studio,payment',
        SMOKE_EMULATOR_SCENARIO: JSON.stringify({
          hosts: {
            book: { fault: 'slow-paint', thirdPartyScript },
            studio: { fault: 'layout-shift' },
            payment: { fault: 'status' },
          },
        }),
        SMOKE_LCP_POOR_MS: String(LCP_POOR_MS),
        SMOKE_TRACE_URL: TRACE_URL,
      },
    });
    requests = fs
      .readFileSync(recordFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RecordedRequest);
  });

  after(() => new Promise<void>((resolve) => thirdPartyServer.close(() => resolve())));

  const check = (title: string): Outcome => {
    const found = result.outcomes.find((outcome) => outcome.project === 'local' && outcome.title === title);
    assert.ok(found?.record, `${title} ran:\n${describeOutcomes(result.outcomes)}\n${result.stderr}`);
    return found;
  };

  it('passes a late largest paint as degraded, naming LCP and its bound', () => {
    const { record } = check('book app renders');
    assert.equal(record?.outcome, 'degraded', JSON.stringify(record));
    assert.match(record.note ?? '', new RegExp(`LCP \\d+ ms, over SMOKE_LCP_POOR_MS=${LCP_POOR_MS}`));
    assert.ok((record.vitals?.lcpMs ?? 0) >= LATE_PAINT_MS, JSON.stringify(record.vitals));
  });

  it('passes a shifting page as degraded, naming CLS and its bound', () => {
    const { record } = check('studio app renders');
    assert.equal(record?.outcome, 'degraded', JSON.stringify(record));
    assert.match(record.note ?? '', /CLS \d\.\d{3}, over SMOKE_CLS_POOR=0\.25/);
    assert.ok((record.vitals?.cls ?? 0) > 0.25, JSON.stringify(record.vitals));
  });

  it("names the failing check's trace in its message, and links it in the summary", () => {
    const failed = check('payment app renders');
    const { record } = failed;
    assert.equal(record?.outcome, 'fail');
    assert.match(record.traceId ?? '', /^[0-9a-f]{32}$/);
    const message = failed.errors.join('\n');
    assert.ok(message.includes(`(trace ${record.traceId})`), message);
    const summary = fs.readFileSync(path.join(result.outputDir, 'step-summary.md'), 'utf8');
    assert.ok(summary.includes(TRACE_URL.replace('{traceId}', record.traceId!)), summary);
  });

  it("receives every check's own trace on that check's requests, and a trace nowhere else", () => {
    // A check of the catalog (a domain) asks only its registry, a third party: it has no trace (local.test holds it to that).
    const checks = result.outcomes.filter(
      (outcome) => outcome.project === 'local' && outcome.record && !kindOf({ kind: outcome.record.check }).planCatalog,
    );
    assert.ok(checks.length >= 3, describeOutcomes(result.outcomes));
    const traceIds = new Set(checks.map((outcome) => outcome.record!.traceId));
    assert.equal(traceIds.size, checks.length, 'a fresh trace per check');
    for (const { record } of checks) {
      const carried = requests.filter(
        (request) => request.host === record!.host && traceIdOf(request.traceparent) === record!.traceId,
      );
      assert.ok(carried.length > 0, `${record!.host} ${record!.name}: no request carried trace ${record!.traceId}`);
    }
    const strangers = requests.filter(
      (request) => request.traceparent !== undefined && !traceIds.has(traceIdOf(request.traceparent)),
    );
    assert.deepEqual(strangers, [], 'every traceparent received is a check’s own');
  });

  it("sends a third party no trace: book's page loaded its script without one", () => {
    assert.ok(
      thirdParty.some((request) => request.path === '/analytics.js'),
      `the page loaded the third party's script: ${JSON.stringify(thirdParty)}`,
    );
    assert.deepEqual(
      thirdParty.filter((request) => request.traceparent !== undefined),
      [],
      'no traceparent to a third party',
    );
  });
});
