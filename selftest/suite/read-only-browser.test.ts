/**
 * Production stays read-only in the browser: apps that write as they load (an analytics beacon and
 * a session record POSTed with fetch, which the page waits for before it renders) are checked with
 * `--project=production`. Their checks pass, each lists its held-back requests in its page health,
 * and the emulator playing production receives only reads. The same app in staging, which may be
 * written to, does send its POSTs: the test sees the writes it says are held back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import type { HostEntry } from '../../src/catalog/hosts.ts';
import { attachedJson, PAGE_HEALTH_ATTACHMENT, type PageHealth } from '../../src/checks/record.ts';
import { READ_METHODS } from '../../src/targets/guard.ts';
import { checkPlan } from '../../src/plan/plan.ts';
import type { RunningEmulator } from '../../emulator/emulator.ts';
import { BEACON_PATH, BUNDLE_PATH, SESSION_PATH } from '../../emulator/content.ts';
import {
  describeOutcomes,
  overridesFor,
  runSuite,
  startTestEmulator,
  type Outcome,
  type RunResult,
} from '../harness.ts';

const APPS = HOSTS.filter((host) => host.kind === 'app');
/** The apps whose page loads its bundle: the others send an anonymous visitor to IAM's login first. */
const LOADING_APPS = APPS.filter((host) => host.kind === 'app' && !host.requiresLogin);
const BROWSER_CHECKS = checkPlan(HOSTS).filter((check) => check.tags.includes('@app'));
const WRITES_ON_LOAD = Object.fromEntries(APPS.map((host) => [host.id, { writesOnLoad: true }]));
const READS: ReadonlySet<string> = new Set(READ_METHODS);

/** The writes an app's bundle makes as it loads, as its page health lists them. */
const writesOf = (url: string): { method: string; url: string }[] => [
  { method: 'POST', url: `${url}${BEACON_PATH}` },
  { method: 'POST', url: `${url}${SESSION_PATH}` },
];

const byUrl = (requests: readonly { method: string; url: string }[]) =>
  [...requests].sort((a, b) => a.url.localeCompare(b.url));

function pageHealthOf(outcome: Outcome | undefined): PageHealth {
  const health = attachedJson<PageHealth>(outcome?.results.at(-1)?.attachments ?? [], PAGE_HEALTH_ATTACHMENT);
  assert.ok(health, `${outcome?.title ?? 'the check'} attached its page health`);
  return health;
}

const requestsTo = (emulator: RunningEmulator, host: HostEntry) =>
  emulator.requests.filter((request) => request.host === host.id);

describe('apps that write as they load, in production and in staging', () => {
  let production: RunningEmulator;
  let staging: RunningEmulator;
  let readOnly: RunResult;
  let writable: RunResult;
  const book = HOSTS.find((host) => host.id === 'book')!;

  before(async () => {
    production = await startTestEmulator({ environment: 'production', scenario: { hosts: WRITES_ON_LOAD } });
    staging = await startTestEmulator({ scenario: { hosts: { [book.id]: { writesOnLoad: true } } } });
    [readOnly, writable] = await Promise.all([
      runSuite({ args: ['--project=production', '--grep', '@app'], env: overridesFor('production', production.urls) }),
      runSuite({
        args: ['--project=staging', '--grep', '@app'],
        env: { ...overridesFor('staging', staging.urls), SMOKE_HOSTS: book.id },
      }),
    ]);
  });
  after(() => Promise.all([production.close(), staging.close()]));

  it('passes every browser check in production: the pages went on as if their writes were accepted', () => {
    const checks = readOnly.outcomes.filter((outcome) => outcome.project === 'production');
    const all = describeOutcomes(readOnly.outcomes);
    assert.deepEqual(
      checks.map((outcome) => outcome.title).sort(),
      BROWSER_CHECKS.map((check) => check.title).sort(),
      `every browser check ran:\n${all}`,
    );
    for (const outcome of checks) {
      assert.equal(outcome.status, 'expected', `${outcome.title} passes:\n${all}`);
      assert.ok(outcome.record?.outcome === 'pass' || outcome.record?.outcome === 'degraded', all);
    }
  });

  it('lists what each page would have written, method and URL, as held back', () => {
    for (const host of APPS) {
      const outcome = readOnly.outcomes.find((candidate) => candidate.title === `${host.id} app renders`);
      const health = pageHealthOf(outcome);
      const url = production.urls[host.id]!;
      assert.deepEqual(
        byUrl(health.heldBack),
        LOADING_APPS.includes(host) ? byUrl(writesOf(url)) : [],
        `${host.id}'s held-back requests: ${JSON.stringify(health.heldBack)}`,
      );
      assert.ok(!JSON.stringify(health).includes('startedAt'), `${host.id}'s page health holds no request body`);
    }
  });

  it('sent production nothing but reads, though every writing bundle was served', () => {
    for (const host of LOADING_APPS) {
      assert.ok(
        requestsTo(production, host).some((request) => request.method === 'GET' && request.path === BUNDLE_PATH),
        `${host.id}'s bundle, which writes as it loads, was served: ${JSON.stringify(requestsTo(production, host))}`,
      );
    }
    const writes = production.requests.filter((request) => !READS.has(request.method));
    assert.deepEqual(writes, [], `production received only ${READ_METHODS.join(', ')}`);
  });

  it('lets the same page write to staging, which is not read-only', () => {
    const outcome = writable.outcomes.find((candidate) => candidate.title === `${book.id} app renders`);
    assert.equal(outcome?.status, 'expected', describeOutcomes(writable.outcomes));
    assert.deepEqual(pageHealthOf(outcome).heldBack, [], 'nothing held back in staging');
    const writes = requestsTo(staging, book).filter((request) => !READS.has(request.method));
    assert.deepEqual(
      byUrl(writes.map(({ method, path }) => ({ method, url: path }))),
      byUrl(writesOf('')),
      `staging received the page's beacon and session record: ${JSON.stringify(requestsTo(staging, book))}`,
    );
  });
});
