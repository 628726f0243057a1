/**
 * The scheduled workflow as GitHub runs it (`npm run replay`): a sequence of replayed runs of
 * `.github/workflows/smoke.yml` into one state folder, against the emulator serving Wink's real
 * documents, asserted on what users see: the history branch, the messages the webhooks received,
 * the outage issues and the published page.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { JobResult } from '../../scripts/replay/workflow.ts';
import { readIssues, readMessages, worldFiles, type ReceivedMessage } from '../../scripts/replay/world.ts';
import { branchGrowth, largestBlob } from '../../scripts/bench-workflow.ts';
import type { HistoryLine } from '../../src/history/history.ts';
import { HOSTS as CATALOG } from '../../src/catalog/catalog.ts';
import { checkPlan } from '../../src/plan/plan.ts';
import { SELFTEST_OUTPUT, runScript, type ScriptResult } from '../harness.ts';

fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
const STATE = fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'replay-'));
const FILES = worldFiles(STATE);
const PRODUCTION_CRON = '7,37 * * * *';
const STAGING_CRON = '15 6,12,18 * * 1-5';
/** Two API hosts: inventory serves ten of Wink's documents (9.3 MB), integrations one. No browser is needed to replay the wiring. */
const HOSTS = 'inventory,integrations';
const OUTAGE = '{"hosts":{"inventory":{"fault":"health-down"}}}';
/** The next release: one operation of Wink's reference document gone, one new. */
const RELEASE =
  '{"hosts":{"inventory":{"operations":{"group":"reference","remove":["GET /reference-data/currency/list"],"add":["GET /reference-data/currency/rates"]}}}}';
const REMOVED = 'removed GET /reference-data/currency/list (breaking)';

interface Replayed extends ScriptResult {
  readonly jobs: readonly JobResult[];
}

/** One replay; each takes about 20 s here, so 4 minutes bound one whose run hangs. */
async function replay(args: readonly string[]): Promise<Replayed> {
  const result = await runScript('replay.ts', ['--state', STATE, '--hosts', HOSTS, ...args], {}, 240_000);
  const runs = fs.readdirSync(FILES.runsDir).map(Number);
  const newest = path.join(FILES.runsDir, String(Math.max(...runs)), 'replay.json');
  const jobs = fs.existsSync(newest) ? (JSON.parse(fs.readFileSync(newest, 'utf8')) as { jobs: JobResult[] }).jobs : [];
  return { ...result, jobs };
}

const scheduled = (cron: string, ...args: string[]) => replay(['--event', 'schedule', '--cron', cron, ...args]);

/** Every line of the history branch, by environment. */
function branch(): { lines: Map<string, HistoryLine[]> } {
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', FILES.remote, ...args], { encoding: 'utf8' });
  const lines = new Map<string, HistoryLine[]>();
  for (const file of git('ls-tree', '-r', '--name-only', 'history').trim().split('\n')) {
    const text = git('show', `history:${file}`);
    const environment = file.split('/')[0]!;
    lines.set(environment, [
      ...(lines.get(environment) ?? []),
      ...text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as HistoryLine),
    ]);
  }
  return { lines };
}

const runLines = (environment: string) => (branch().lines.get(environment) ?? []).filter((line) => line.type === 'run');
const kinds = (messages: readonly ReceivedMessage[]) =>
  messages
    .filter((message) => message.channel === 'webhook')
    .map((message) => (message.body as { event: { kind: string } }).event.kind);
const jobResult = (replayed: Replayed, job: string) =>
  replayed.jobs.filter((entry) => entry.job === job).map((entry) => entry.result);

describe('the scheduled workflow, replayed run after run', { timeout: 900_000 }, () => {
  let first: Replayed;
  let second: Replayed;
  let outage: Replayed;

  before(async () => {
    first = await replay(['--environment', 'production', '--shards', '2']);
    second = await scheduled(PRODUCTION_CRON);
  });

  it('runs every job of a dispatched two-shard run, and merges the shards into one run', () => {
    assert.equal(first.code, 0, first.stdout);
    assert.deepEqual(jobResult(first, 'smoke'), ['success', 'success']);
    for (const job of ['plan', 'report', 'alerts', 'status-page', 'pages'])
      assert.deepEqual(jobResult(first, job), ['success'], job);
    const [run] = runLines('production');
    // Every planned check, the authenticated ones too: skipped without credentials, still rows.
    const planned = checkPlan(CATALOG, 'report', new Set(HOSTS.split(',')));
    assert.equal(run?.type === 'run' && run.checks, planned.length, "inventory's and integrations' checks, each once");
    assert.ok(fs.existsSync(path.join(FILES.pagesDir, 'index.html')), 'the page was published');
    // Each shard's blob report carries its documents packed: Wink's 9.4 MB of them ride in well under 2 MB.
    assert.ok(largestBlob(FILES, 1) <= 2 * 1024 * 1024, `a shard's blob report is ${largestBlob(FILES, 1)} bytes`);
  });

  it('adds only digests and check lines on an unchanged healthy run, and sends nothing', () => {
    assert.equal(second.code, 0, second.stdout);
    const documents = (branch().lines.get('production') ?? []).filter((line) => line.type === 'document');
    const firstAt = runLines('production')[0]!.at;
    assert.ok(
      documents.filter((line) => line.at === firstAt).every((line) => line.snapshot),
      'the first run carries each document',
    );
    const later = documents.filter((line) => line.at !== firstAt);
    assert.equal(later.length, 11, "the second run read inventory's ten documents and integrations' one");
    assert.ok(
      later.every((line) => line.snapshot === undefined),
      'an unchanged document adds its digest only',
    );
    // Once a day is enough: the second run's smoke job took each domain's answer from the branch,
    // as the first run read it from RDAP, and asked RDAP nothing.
    const domainsOf = (at: string) =>
      (branch().lines.get('production') ?? [])
        .flatMap((line) => (line.type === 'check' && line.at === at && line.domain ? [line.domain] : []))
        .sort((a, b) => a.name.localeCompare(b.name));
    const read = domainsOf(firstAt);
    // The replay's production hosts are all on wink.travel.
    assert.deepEqual(
      read.map((domain) => domain.name),
      ['wink.travel'],
    );
    assert.deepEqual(domainsOf(runLines('production')[1]!.at), read, "the second run reused the first's answers");
    const growth = branchGrowth(FILES, 2);
    assert.ok(growth <= 16 * 1024, `an unchanged run added ${growth} bytes to the branch`);
    assert.deepEqual(readMessages(FILES), []);
    assert.deepEqual(readIssues(FILES), []);
  });

  it('alerts an outage once, opens one issue, and stays quiet while it lasts', async () => {
    outage = await scheduled(PRODUCTION_CRON, '--scenario', `production=${OUTAGE}`);
    assert.equal(outage.code, 1, 'the smoke job fails');
    assert.deepEqual(kinds(readMessages(FILES)), ['down']);
    assert.deepEqual(
      readIssues(FILES).map((issue) => issue.state),
      ['open'],
    );
    // The same outage again, while staging runs beside it: both race to publish to one branch.
    const [again, staging] = await Promise.all([
      scheduled(PRODUCTION_CRON, '--scenario', `production=${OUTAGE}`),
      scheduled(STAGING_CRON, '--scenario', `staging=${RELEASE}`),
    ]);
    assert.equal(again.code, 1, again.stdout);
    assert.equal(staging.code, 0, staging.stdout);
    assert.deepEqual(kinds(readMessages(FILES)), ['down'], 'nothing new while the outage lasts');
    assert.equal(readIssues(FILES).length, 1);
    assert.equal(runLines('production').length, 4, 'every production run is on the branch once');
    assert.equal(runLines('staging').length, 1, "staging's run too, though it raced");
  });

  it("tells staging's next release by operation, in the run's summary and on the page", () => {
    const runs = fs.readdirSync(FILES.runsDir).map(Number);
    const summaries = runs
      .map((run) =>
        path.join(FILES.runsDir, String(run), 'artifacts', 'smoke-staging-results', 'test-results', 'summary.md'),
      )
      .filter((file) => fs.existsSync(file));
    assert.equal(summaries.length, 1);
    assert.ok(fs.readFileSync(summaries[0]!, 'utf8').includes(REMOVED), 'the summary names the removed operation');
    assert.ok(
      fs.readFileSync(path.join(FILES.pagesDir, 'index.html'), 'utf8').includes('GET /reference-data/currency/list'),
    );
  });

  it('sends one recovered and one api-changed when production recovers and ships the release, then closes the issue', async () => {
    const shipped = await scheduled(PRODUCTION_CRON, '--scenario', `production=${RELEASE}`);
    assert.equal(shipped.code, 0, shipped.stdout);
    assert.deepEqual(kinds(readMessages(FILES)).sort(), ['api-changed', 'down', 'recovered']);
    assert.deepEqual(
      readIssues(FILES).map((issue) => issue.state),
      ['closed'],
    );
    // The published page's feed says the same, newest first.
    const feed = fs.readFileSync(path.join(FILES.pagesDir, 'production.atom'), 'utf8');
    const titles = [...feed.matchAll(/<title type="html"><!\[CDATA\[(.*?)\]\]><\/title>/g)].map((match) => match[1]);
    assert.deepEqual(titles.slice(0, 2), ['inventory up again', 'inventory down']);
  });

  it('records a run whose npm ci failed as died: the monitor is broken, not Wink, and nothing is sent twice', async () => {
    const died = await scheduled(PRODUCTION_CRON, '--break', 'smoke:npm ci');
    assert.equal(died.code, 1, died.stdout);
    assert.deepEqual(jobResult(died, 'smoke'), ['failure']);
    assert.deepEqual(jobResult(died, 'alerts'), ['success']);
    const last = runLines('production').at(-1);
    assert.equal(last?.type === 'run' && last.status, 'died');
    assert.deepEqual(kinds(readMessages(FILES)).sort(), ['api-changed', 'down', 'monitor-broken', 'recovered']);
    assert.deepEqual(
      readIssues(FILES).map((issue) => issue.state),
      ['closed', 'open'],
      'the outage issue stays closed; the monitor issue opens',
    );
  });
});
