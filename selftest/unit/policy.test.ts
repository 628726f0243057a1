/**
 * The check's rules (`src/checks/policy.ts`) on their own: certificate thresholds, latency bounds and
 * the record a finished check makes, at and around every bound.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { type HostEntry } from '../../src/catalog/hosts.ts';
import type { CertificateFacts } from '../../src/net/tls.ts';
import type { Silence } from '../../src/config/maintenance.ts';
import {
  buildRecord,
  certificateVerdict,
  latencyVerdict,
  type CheckFacts,
  type CheckIdentity,
  type LatencySettings,
  type TestEnd,
} from '../../src/checks/policy.ts';
import { boundsIn } from '../../src/checks/kind.ts';
import { kindOf, type CheckKind } from '../../src/kinds/registry.ts';
import { checkPlan } from '../../src/plan/plan.ts';
import type { Target } from '../../src/targets/targets.ts';

const CERT_BOUNDS = { certWarnDays: 30, certFailDays: 7 };

const LEAF = { role: 'leaf', name: 'api.wink.travel', validTo: '2027-01-31' } as const;
const valid = (daysLeft: number): Extract<CertificateFacts, { state: 'valid' }> => ({
  state: 'valid',
  daysLeft,
  validTo: '2027-01-31',
  issuer: "Let's Encrypt",
  chain: [LEAF, { role: 'root', name: 'ISRG Root X1', validTo: '2035-06-04' }],
  expiresFirst: LEAF,
});

describe('certificateVerdict', () => {
  it('passes plain http, saying there is no certificate', () => {
    assert.deepEqual(certificateVerdict({ state: 'plain-http' }, CERT_BOUNDS), {
      outcome: 'pass',
      description: 'plain http: no certificate to check',
    });
  });

  it('passes a certificate it could not read, leaving the cause to the check’s own request', () => {
    assert.deepEqual(certificateVerdict({ state: 'unreachable', reason: 'connect ECONNREFUSED' }, CERT_BOUNDS), {
      outcome: 'pass',
      description: 'not inspected: connect ECONNREFUSED',
    });
  });

  it('fails an invalid certificate with its words, and no description', () => {
    const facts: CertificateFacts = {
      state: 'invalid',
      code: 'CERT_HAS_EXPIRED',
      words: 'TLS certificate expired (CERT_HAS_EXPIRED)',
    };
    assert.deepEqual(certificateVerdict(facts, CERT_BOUNDS), {
      outcome: 'fail',
      words: 'TLS certificate expired (CERT_HAS_EXPIRED)',
    });
  });

  it('fails one day inside SMOKE_CERT_FAIL_DAYS, naming the variable', () => {
    assert.deepEqual(certificateVerdict(valid(6), CERT_BOUNDS), {
      outcome: 'fail',
      description: "expires in 6 days (2027-01-31), issued by Let's Encrypt",
      words: 'TLS certificate expires in 6 days (2027-01-31), within SMOKE_CERT_FAIL_DAYS=7',
    });
  });

  it('warns, not fails, exactly at SMOKE_CERT_FAIL_DAYS and one day past it', () => {
    for (const days of [7, 8]) {
      const verdict = certificateVerdict(valid(days), CERT_BOUNDS);
      assert.equal(verdict.outcome, 'warn', `${days} days left`);
      assert.equal(
        verdict.outcome === 'warn' && verdict.words,
        `TLS certificate expires in ${days} days (2027-01-31), within SMOKE_CERT_WARN_DAYS=30`,
      );
    }
  });

  it('warns one day inside SMOKE_CERT_WARN_DAYS, and passes exactly at it and one day past it', () => {
    assert.equal(certificateVerdict(valid(29), CERT_BOUNDS).outcome, 'warn');
    for (const days of [30, 31]) {
      assert.deepEqual(certificateVerdict(valid(days), CERT_BOUNDS), {
        outcome: 'pass',
        description: `expires in ${days} days (2027-01-31), issued by Let's Encrypt`,
      });
    }
  });

  it('counts the days to the first expiry in the chain, and names the intermediate or root that ends first', () => {
    const intermediate = { role: 'intermediate', name: 'WR1 (Google Trust Services)', validTo: '2026-12-16' } as const;
    const facts: CertificateFacts = {
      ...valid(9),
      validTo: intermediate.validTo,
      chain: [LEAF, intermediate],
      expiresFirst: intermediate,
    };
    assert.deepEqual(certificateVerdict(facts, CERT_BOUNDS), {
      outcome: 'warn',
      description:
        "intermediate 'WR1 (Google Trust Services)' expires in 9 days (2026-12-16), before the leaf (2027-01-31), issued by Let's Encrypt",
      words:
        "TLS certificate chain's intermediate 'WR1 (Google Trust Services)' expires in 9 days (2026-12-16), before the leaf (2027-01-31), within SMOKE_CERT_WARN_DAYS=30",
    });
    const root = { role: 'root', name: 'AddTrust External CA Root', validTo: '2026-12-10' } as const;
    const failing = certificateVerdict(
      { ...facts, daysLeft: 3, validTo: root.validTo, chain: [LEAF, root], expiresFirst: root },
      CERT_BOUNDS,
    );
    assert.equal(failing.outcome, 'fail');
    assert.match(
      failing.outcome === 'fail' ? failing.words : '',
      /^TLS certificate chain's root 'AddTrust External CA Root' expires in 3 days \(2026-12-10\), before the leaf \(2027-01-31\), within SMOKE_CERT_FAIL_DAYS=7$/,
    );
  });

  it('fails an expired certificate still read as valid (negative days) under any bound', () => {
    assert.equal(certificateVerdict(valid(-1), { certWarnDays: 0, certFailDays: 0 }).outcome, 'fail');
    assert.equal(certificateVerdict(valid(0), { certWarnDays: 0, certFailDays: 0 }).outcome, 'pass');
  });
});

const LATENCY: LatencySettings = { apiDegradedMs: 1000, apiFailMs: 5000, appDegradedMs: 3000, appFailMs: 10_000 };

/** How a check of `kind` is judged: by the bounds its kind declares. */
const judged = (kind: CheckKind, what: string, ms: number) =>
  latencyVerdict(boundsIn(kindOf({ kind }).bounds, LATENCY), what, ms);

describe('latencyVerdict', () => {
  it('passes an API answer up to and exactly at the degraded bound', () => {
    for (const ms of [0, 999, 1000]) assert.deepEqual(judged('api-answers', 'GET /', ms), { outcome: 'pass' });
  });

  it('degrades an API answer one millisecond over the degraded bound, up to and at the fail bound', () => {
    assert.deepEqual(judged('api-answers', 'GET /', 1001), {
      outcome: 'degraded',
      note: 'GET / took 1001 ms, over SMOKE_API_DEGRADED_MS=1000',
    });
    for (const ms of [4999, 5000]) assert.equal(judged('api-answers', 'GET /', ms).outcome, 'degraded');
  });

  it('fails an API answer one millisecond over the fail bound as slow, naming the variable', () => {
    assert.deepEqual(judged('api-answers', 'GET /health', 5001), {
      outcome: 'slow',
      cause: 'GET /health took 5001 ms, over SMOKE_API_FAIL_MS=5000',
    });
  });

  it('judges an app by the app bounds', () => {
    assert.deepEqual(judged('app-renders', 'the page load', 3000), { outcome: 'pass' });
    assert.deepEqual(judged('app-renders', 'the page load', 3001), {
      outcome: 'degraded',
      note: 'the page load took 3001 ms, over SMOKE_APP_DEGRADED_MS=3000',
    });
    assert.deepEqual(judged('app-renders', 'the page load', 10_000).outcome, 'degraded');
    assert.deepEqual(judged('app-renders', 'the page load', 10_001), {
      outcome: 'slow',
      cause: 'the page load took 10001 ms, over SMOKE_APP_FAIL_MS=10000',
    });
  });

  it("judges IAM's login page, a page load, by the app bounds, though its host is an API", () => {
    assert.deepEqual(judged('login-page', 'the page load', 3001), {
      outcome: 'degraded',
      note: 'the page load took 3001 ms, over SMOKE_APP_DEGRADED_MS=3000',
    });
  });

  it('judges a gRPC call by the API bounds', () => {
    assert.deepEqual(judged('grpc-answers', 'gRPC Ping', 1001), {
      outcome: 'degraded',
      note: 'gRPC Ping took 1001 ms, over SMOKE_API_DEGRADED_MS=1000',
    });
  });
});

const host = (predicate: (entry: HostEntry) => boolean): HostEntry => {
  const found = HOSTS.find(predicate);
  assert.ok(found, 'the catalog has such a host');
  return found;
};

function identityOf(entry: HostEntry, silenced?: Silence): CheckIdentity {
  const url = `https://staging-${entry.id}.example.test`;
  const target: Target = { environment: 'staging', host: entry, url, label: `staging ${entry.id} ${url}` };
  const planned = checkPlan([entry]).find((check) => check.host.id === entry.id);
  assert.ok(planned);
  return { target, planned, silenced };
}

const CURRENT = identityOf(host((entry) => entry.kind === 'api' && !entry.retired));
const NOT_INSPECTED: CheckFacts['certificate'] = { state: 'not-inspected' };

/** What a record says of the check's outcome, from `facts` beyond an uninspected certificate. */
function verdictOf(facts: Omit<CheckFacts, 'certificate'>, ended: TestEnd) {
  const { outcome, fault, cause, note } = buildRecord(CURRENT, { certificate: NOT_INSPECTED, ...facts }, ended);
  return { outcome, fault, cause, note };
}

describe('buildRecord', () => {
  it('makes a pass of a passed test, with the facts it has and no optional field it lacks', () => {
    const record = buildRecord(
      CURRENT,
      { certificate: valid(90), httpStatus: 200, latencyMs: 42 },
      { status: 'passed', message: '' },
    );
    assert.deepEqual(record, {
      environment: 'staging',
      host: CURRENT.target.host.id,
      url: CURRENT.target.url,
      kind: 'api',
      check: CURRENT.planned.kind,
      name: CURRENT.planned.name,
      outcome: 'pass',
      httpStatus: 200,
      latencyMs: 42,
      certificate: valid(90),
    });
  });

  it('makes a degraded pass of a passed test slower than the degraded bound, the reason as its note', () => {
    const degraded = 'GET / took 1001 ms, over SMOKE_API_DEGRADED_MS=1000';
    assert.deepEqual(verdictOf({ degraded }, { status: 'passed', message: '' }), {
      outcome: 'degraded',
      fault: undefined,
      cause: undefined,
      note: degraded,
    });
  });

  it('keeps the fault and cause the check gave, not the message’s', () => {
    const facts = { fault: 'health', cause: 'status DOWN' } as const;
    assert.deepEqual(verdictOf(facts, { status: 'failed', message: `${CURRENT.target.label}: answered 503` }), {
      outcome: 'fail',
      fault: 'health',
      cause: 'status DOWN',
      note: undefined,
    });
  });

  it('classes a failure the check did not class from its message, the target’s label cut off', () => {
    const message = `${CURRENT.target.label}: apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:1\nCall log:`;
    assert.deepEqual(verdictOf({}, { status: 'failed', message }), {
      outcome: 'fail',
      fault: 'connect',
      cause: 'apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:1',
      note: undefined,
    });
  });

  it('fails a timed-out test as content when its message names no network error', () => {
    assert.deepEqual(verdictOf({}, { status: 'timedOut', message: 'expect(received).toBe(expected)' }), {
      outcome: 'fail',
      fault: 'content',
      cause: 'expect(received).toBe(expected)',
      note: undefined,
    });
  });

  it('makes a skip of a skipped test, with its reason and no fault', () => {
    const facts = { skipped: 'set STAGING_CLIENT_ID', fault: 'status' } as const;
    assert.deepEqual(verdictOf(facts, { status: 'skipped', message: '' }), {
      outcome: 'skipped',
      fault: undefined,
      cause: undefined,
      note: 'set STAGING_CLIENT_ID',
    });
  });

  it('makes a contract change reported only a contract outcome, with its fault and cause, though Playwright skipped it', () => {
    const facts = {
      contract: true,
      fault: 'contract',
      cause: 'group extranet no longer listed',
      degraded: 'slow',
    } as const;
    assert.deepEqual(verdictOf(facts, { status: 'skipped', message: '' }), {
      outcome: 'contract',
      fault: 'contract',
      cause: 'group extranet no longer listed',
      note: undefined,
    });
  });

  it('makes a reported-only failure a failure though Playwright skipped it, with no note', () => {
    const retired = identityOf(host((entry) => entry.retired !== undefined));
    const record = buildRecord(
      retired,
      { certificate: NOT_INSPECTED, reportedOnly: true, fault: 'connect', cause: 'refused', degraded: 'slow' },
      { status: 'skipped', message: '' },
    );
    assert.equal(record.outcome, 'fail');
    assert.equal(record.reportedOnly, true);
    assert.equal(record.fault, 'connect');
    assert.equal(record.note, undefined);
    assert.equal(record.retired, retired.target.host.retired);
  });

  it('names the silence that covered the check', () => {
    const silence: Silence = { kind: 'maintenance', reason: 'database upgrade', until: '2027-01-01T02:00:00Z' };
    const record = buildRecord(
      identityOf(CURRENT.target.host, silence),
      { certificate: NOT_INSPECTED },
      { status: 'passed', message: '' },
    );
    assert.deepEqual(record.silenced, silence);
    assert.equal(
      buildRecord(CURRENT, { certificate: NOT_INSPECTED }, { status: 'passed', message: '' }).silenced,
      undefined,
    );
  });
});
