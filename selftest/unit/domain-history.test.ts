/**
 * Once a day is enough: the domain check through `RunningCheck` with a fake runner, against the
 * emulator's RDAP server on loopback, whose requests are counted. An answer younger than a day in the
 * history is reused without asking RDAP, and says so, when it passes; an older one, or one that warns
 * or fails, is asked again; an unknown one is
 * skipped and never kept. The history's reader finds the newest answer per domain across the branch
 * and the run's own folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { carryCheck } from '../carry-check.ts';
import { startRdap, type RunningRdap } from '../../emulator/rdap.ts';
import { HOSTS } from '../../src/catalog/catalog.ts';
import type { DomainAnswer } from '../../src/checks/rdap.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { appendHistory, readDomainAnswers, type CheckLine } from '../../src/history/history.ts';
import { checkPlan } from '../../src/plan/plan.ts';
import { linesOfRun } from '../../src/summary/history-lines.ts';
import { DAY_MS } from '../../src/shared/format.ts';

const HOUR_MS = 3_600_000;

/** A remembered answer for `name`, read `ageMs` ago, expiring in `days`. */
function remembered(name: string, ageMs: number, days: number): DomainAnswer {
  const now = Date.now();
  return {
    name,
    expiresAt: new Date(now + days * DAY_MS + DAY_MS / 2).toISOString(),
    source: `https://rdap.example/domain/${name}`,
    readAt: new Date(now - ageMs).toISOString(),
  };
}

describe('a domain read once a day', () => {
  let rdap: RunningRdap;
  const asked: string[] = [];

  before(async () => {
    rdap = await startRdap(
      { 'trvl.as': { fault: 'domain-expiring' }, 'trippay.io': { fault: 'rdap-silent' } },
      { onRequest: (url) => asked.push(url) },
    );
  });
  after(() => rdap.close());

  /** The domain's check in production, its RDAP the emulator's, the history holding `history`. */
  async function carry(domain: string, history: readonly DomainAnswer[]) {
    const settings = parseSettings({ SMOKE_RDAP_URL: rdap.url });
    const planned = checkPlan(HOSTS).find((check) => check.subject === domain)!;
    asked.length = 0;
    const { record, said } = await carryCheck(planned, 'production', settings, {
      certificate: () => Promise.reject(new Error('a domain check reads no certificate')),
      domainAnswers: () => Promise.resolve(new Map(history.map((answer) => [answer.name, answer]))),
    });
    return { record, said, asked: [...asked] };
  }

  it('reuses an answer younger than a day without asking RDAP, and says so', async () => {
    const answer = remembered('wink.travel', 2 * HOUR_MS, 400);
    const { record, said, asked } = await carry('wink.travel', [answer]);
    assert.deepEqual(asked, [], 'RDAP was not asked');
    assert.deepEqual(said.steps, ['history']);
    assert.equal(record.outcome, 'pass');
    assert.deepEqual(record.domain, { ...answer, daysLeft: 400, fromHistory: true });
    assert.match(
      record.detail ?? '',
      new RegExp(`^expires in 400 days \\(.+\\); read ${answer.readAt}, from history$`),
    );
  });

  it('asks RDAP again once the answer is a day old, and keeps when it read it', async () => {
    const before = Date.now();
    const { record, said, asked } = await carry('trvl.as', [remembered('trvl.as', DAY_MS + HOUR_MS, 400)]);
    assert.deepEqual(asked, ['/domain/trvl.as']);
    assert.ok(!said.steps.includes('bootstrap'), "SMOKE_RDAP_URL set: IANA's bootstrap file is not read");
    assert.equal(record.outcome, 'degraded');
    assert.equal(record.domain?.daysLeft, 10);
    assert.equal(record.domain?.fromHistory, undefined);
    assert.ok(Date.parse(record.domain.readAt) >= before, record.domain?.readAt);
    assert.match(
      record.note ?? '',
      /^trvl\.as domain registration expires in 10 days \(.+\), within SMOKE_DOMAIN_WARN_DAYS=30$/,
    );
  });

  it('judges a remembered answer by today, and asks again once it no longer passes: a renewal since must show', async () => {
    // Read 20 h ago with 8 days left then: 7 days and 4 h now, within the warn bound of 30. A
    // stale warning must not stand for a day: RDAP is asked, and its answer (400 days) judged.
    const answer = remembered('wink.travel', 20 * HOUR_MS, 8);
    const { record, asked } = await carry('wink.travel', [
      { ...answer, expiresAt: new Date(Date.parse(answer.readAt) + 8 * DAY_MS).toISOString() },
    ]);
    assert.deepEqual(asked, ['/domain/wink.travel']);
    assert.equal(record.domain?.fromHistory, undefined);
    assert.ok((record.domain?.daysLeft ?? 0) > 300, String(record.domain?.daysLeft));
    assert.equal(record.outcome, 'pass');
  });

  it('keeps a remembered answer that warns when RDAP is silent now, judged by today', async () => {
    const answer = remembered('trippay.io', 20 * HOUR_MS, 8);
    const { record, asked } = await carry('trippay.io', [
      { ...answer, expiresAt: new Date(Date.parse(answer.readAt) + 8 * DAY_MS).toISOString() },
    ]);
    assert.deepEqual(asked, ['/domain/trippay.io']);
    assert.equal(record.domain?.fromHistory, true);
    assert.equal(record.domain?.daysLeft, 7);
    assert.equal(record.outcome, 'degraded');
  });

  it('skips an unknown answer as not judged, and keeps none for the history', async () => {
    const { record, said, asked } = await carry('trippay.io', []);
    assert.deepEqual(asked, ['/domain/trippay.io']);
    assert.equal(record.outcome, 'skipped');
    assert.equal(said.skipped, `not judged: no RDAP answer for trippay.io: RDAP answered HTTP 404`);
    assert.equal(record.domain, undefined);
    const lines = linesOfRun(
      {
        startedAt: new Date().toISOString(),
        durationMs: 1,
        status: 'passed',
        rows: [{ ...record, verdict: 'skipped' }],
        setupFailures: [],
      },
      ['production'],
      'run',
    ).get('production')!;
    assert.equal((lines[1] as CheckLine).domain, undefined, 'an unknown answer is not cached');
  });

  it('reads the newest answer per domain from the branch and the run’s own history, a day back', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-domains-'));
    const [branch, own] = [path.join(root, 'branch'), path.join(root, 'own')];
    const now = new Date();
    const line = (answer: DomainAnswer | undefined, at: string): CheckLine => ({
      type: 'check',
      at,
      host: answer?.name ?? 'iam',
      check: 'domain registration',
      verdict: 'pass',
      ...(answer ? { domain: answer } : {}),
    });
    const older = remembered('wink.travel', 5 * HOUR_MS, 400);
    const newer = remembered('wink.travel', HOUR_MS, 399);
    const trvl = remembered('trvl.as', 3 * HOUR_MS, 10);
    appendHistory(branch, 'production', [line(newer, newer.readAt), line(trvl, trvl.readAt)]);
    appendHistory(own, 'production', [line(older, older.readAt), line(undefined, now.toISOString())]);
    const answers = readDomainAnswers([branch, own], 'production', now);
    assert.deepEqual(Object.fromEntries(answers), { 'wink.travel': newer, 'trvl.as': trvl });
    assert.equal(readDomainAnswers([branch, own], 'staging', now).size, 0);
    fs.rmSync(root, { recursive: true });
  });
});
