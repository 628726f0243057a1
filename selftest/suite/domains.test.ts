/**
 * Domain expiry in production, against the emulator's RDAP server, in one run of the domain checks
 * only (`--grep @domain`): `trvl.as` 10 days from expiry passes degraded naming its days and date;
 * `trippay.io`, of which RDAP knows nothing, is skipped as not judged, failing nothing; `wink.travel`,
 * lapsed, fails as `domain`, naming every host on it. The run fails for that one check alone, and the
 * history keeps the two answers RDAP gave, not the unknown one.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { hostsOn } from '../../src/checks/rdap.ts';
import { readHistory, type CheckLine } from '../../src/history/history.ts';
import { describeOutcomes, runSuite, startTestEmulator, type RunResult } from '../harness.ts';

describe('registered domains', { timeout: 120_000 }, () => {
  let emulator: RunningEmulator;
  let result: RunResult;

  before(async () => {
    emulator = await startTestEmulator({
      environment: 'production',
      scenario: {
        hosts: {},
        domains: {
          'trvl.as': { fault: 'domain-expiring' },
          'trippay.io': { fault: 'rdap-silent' },
          'wink.travel': { fault: 'domain-expired' },
        },
      },
    });
    // Only the domain checks: they ask the registry, never a host, so no host needs overriding.
    result = await runSuite({
      args: ['--project=production', '--grep', '@domain'],
      env: { SMOKE_RDAP_URL: emulator.rdapUrl },
    });
  });
  after(() => emulator.close());

  const outcome = (domain: string) =>
    result.outcomes.find((candidate) => candidate.title === `${domain} domain registration`);

  it('runs one check per registered domain, asking the emulated registry once per attempt', () => {
    assert.deepEqual(
      result.outcomes.map((candidate) => candidate.title).sort(),
      ['trippay.io domain registration', 'trvl.as domain registration', 'wink.travel domain registration'],
      describeOutcomes(result.outcomes),
    );
    // One request per attempt: under CI=true a failed check gets its one retry (run-plan.ts), so the
    // lapsed domain is asked twice there and once on a developer's machine.
    const expected = result.outcomes.flatMap((candidate) =>
      candidate.results.map(() => `rdap GET /domain/${candidate.record?.host}`),
    );
    assert.deepEqual(
      emulator.requests.map((request) => `${request.host} ${request.method} ${request.path}`).sort(),
      expected.sort(),
    );
    assert.equal(outcome('trvl.as')?.results.length, 1, 'a passing domain is asked once');
  });

  it('passes a domain 10 days from expiry as degraded, naming its days and date', () => {
    const record = outcome('trvl.as')?.record;
    assert.equal(outcome('trvl.as')?.status, 'expected');
    assert.equal(record?.outcome, 'degraded', describeOutcomes(result.outcomes));
    assert.equal(record.host, 'trvl.as');
    assert.equal(record.domain?.daysLeft, 10);
    assert.match(
      record.note ?? '',
      /^trvl\.as domain registration expires in 10 days \(\d{4}-\d{2}-\d{2}\), within SMOKE_DOMAIN_WARN_DAYS=30$/,
    );
  });

  it('skips a domain RDAP says nothing of, as not judged, failing nothing', () => {
    assert.equal(outcome('trippay.io')?.status, 'skipped', describeOutcomes(result.outcomes));
    assert.equal(outcome('trippay.io')?.record?.outcome, 'skipped');
    assert.equal(
      outcome('trippay.io')?.record?.note,
      'not judged: no RDAP answer for trippay.io: RDAP answered HTTP 404',
    );
  });

  it('fails a lapsed domain as domain, naming every host that goes down with it, and nothing else', () => {
    const lapsed = outcome('wink.travel');
    assert.equal(lapsed?.status, 'unexpected');
    assert.equal(lapsed.fault, 'domain');
    const hosts = hostsOn('wink.travel', HOSTS).map((host) => host.id);
    assert.equal(hosts.length, HOSTS.length - 2);
    assert.match(
      lapsed.record?.cause ?? '',
      new RegExp(
        `^wink\\.travel domain registration expired 2 days ago \\(\\d{4}-\\d{2}-\\d{2}\\), within SMOKE_DOMAIN_FAIL_DAYS=7; every host on it goes down with it: ${hosts.join(', ')}$`,
      ),
    );
    assert.match(
      lapsed.errors[0] ?? '',
      /^CheckFailure: production wink\.travel: wink\.travel domain registration expired/,
    );
    // The lapsed domain is the run's one failure: the unknown one failed nothing.
    assert.equal(result.code, 1);
    assert.deepEqual(
      result.outcomes.filter((candidate) => candidate.status === 'unexpected').map((candidate) => candidate.title),
      ['wink.travel domain registration'],
    );
  });

  it('says each in one word, in the terminal and summary.md alike', () => {
    const summary = fs.readFileSync(path.join(result.outputDir, 'step-summary.md'), 'utf8');
    for (const text of [result.stdout, summary]) {
      assert.match(text, /trvl\.as[^\n]*registration[^\n]*degraded/);
      assert.match(text, /trippay\.io[^\n]*registration[^\n]*skipped/);
      assert.match(text, /wink\.travel[^\n]*registration[^\n]*fail[^\n]*domain/);
    }
  });

  it('keeps the answers RDAP gave in the history, and not the unknown one', () => {
    const lines = readHistory(path.join(result.outputDir, 'history'), 'production').filter(
      (line): line is CheckLine => line.type === 'check',
    );
    const byHost = Object.fromEntries(lines.map((line) => [line.host, line]));
    assert.equal(byHost['trvl.as']?.domain?.name, 'trvl.as');
    assert.equal(byHost['wink.travel']?.domain?.name, 'wink.travel');
    assert.ok(byHost['wink.travel']?.domain?.source.startsWith(emulator.rdapUrl));
    assert.equal(byHost['trippay.io']?.verdict, 'skipped');
    assert.equal(byHost['trippay.io']?.domain, undefined);
  });
});
