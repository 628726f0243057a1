import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog.ts';
import { PageError, compareWithCatalog, driftCount, parseEnvironmentsPage } from '../../src/drift.ts';

const root = path.resolve(import.meta.dirname, '../..');
/** The three revisions of the published page (Spanish, French, Estonian), copied from shared/seeds. */
const seed = (name: string) => path.join(root, 'selftest', 'pages', name);

/** A page in the shape of the published one, built from the catalog, with edits applied. */
function page(options: { headers?: [string, string, string]; rows?: string[]; extra?: string[] } = {}): string {
  const [feature, staging, production] = options.headers ?? ['Feature', 'Staging', 'Production'];
  const rows =
    options.rows ??
    HOSTS.filter((host) => !host.retired).map(
      (host) => `| ${host.docsName.split(' / ')[0]} | ${host.urls.staging} | ${host.urls.production} |`,
    );
  return [
    '---',
    'title: Environments',
    'sidebar:',
    '  order: 8',
    '---',
    'Intro.',
    '',
    `| ${feature} | ${staging} | ${production}`,
    '| ------- | ------- | ---------- |',
    ...rows,
    ...(options.extra ?? []),
    '',
  ].join('\n');
}
const compare = (text: string) => compareWithCatalog(parseEnvironmentsPage(text));

function catalogCheck(...args: string[]) {
  // 30 s: the check reads a few small files; tsx starts in about 0.3 s.
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/catalog-check.ts', ...args], {
    timeout: 30_000,
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('catalog drift on the published revisions', () => {
  it('finds the two hosts the older Spanish and French pages lack, and the two they still list', () => {
    for (const name of ['000_be3e7cefd86a58eb.txt', '002_5710dd07f1e02769.txt']) {
      const report = compare(fs.readFileSync(seed(name), 'utf8'));
      assert.deepEqual(report.absentFromPage, ['booking-engine', 'my-account'], name);
      assert.deepEqual(report.listedButRetiredInCatalog, ['payment-api', 'corporate'], name);
      assert.deepEqual([report.missingFromCatalog, report.retiredOnPage, report.urlMismatches], [[], [], []], name);
    }
  });

  it('agrees with the newest, Estonian page, whose commented-out row retires the payment API', () => {
    const report = compare(fs.readFileSync(seed('004_5edd0a636f999bf7.txt'), 'utf8'));
    assert.equal(driftCount(report), 0);
    assert.deepEqual(report.retiredInBoth, [
      { id: 'payment-api', onPage: 'commented out' },
      { id: 'corporate', onPage: 'absent' },
    ]);
  });

  it('exits 1 on drift, 0 on agreement, with a readable report and --json', () => {
    const drift = catalogCheck(seed('000_be3e7cefd86a58eb.txt'));
    assert.equal(drift.code, 1);
    assert.match(
      drift.stdout,
      /000_be3e7cefd86a58eb\.txt: 4 differences from the catalog\n {2}in the catalog, absent from the page: booking-engine\n/,
    );
    const agree = catalogCheck('--json', seed('004_5edd0a636f999bf7.txt'));
    assert.equal(agree.code, 0);
    const [result] = JSON.parse(agree.stdout) as { differences: number }[];
    assert.equal(result?.differences, 0);
  });
});

describe('catalog drift on written pages', () => {
  it('agrees with a page built from the current catalog', () => {
    assert.equal(
      driftCount(
        compare(page({ extra: [`<!-- | Payment | ${HOSTS[3]!.urls.staging} | ${HOSTS[3]!.urls.production} | -->`] })),
      ),
      0,
    );
  });

  it('reports a newly added host, with its name and URLs', () => {
    const report = compare(
      page({ extra: ['| Reports | https://staging-reports.wink.travel | https://reports.wink.travel |'] }),
    );
    assert.equal(report.missingFromCatalog.length, 1);
    assert.deepEqual(report.missingFromCatalog[0]?.urls, {
      staging: 'https://staging-reports.wink.travel',
      production: 'https://reports.wink.travel',
    });
    assert.equal(report.missingFromCatalog[0]?.name, 'Reports');
  });

  it('reports a changed URL, matching the row by its other URL', () => {
    const text = page().replace('https://staging-studio.wink.travel', 'https://studio.staging.wink.travel');
    assert.deepEqual(compare(text).urlMismatches, [
      {
        id: 'studio',
        environment: 'staging',
        page: 'https://studio.staging.wink.travel',
        catalog: 'https://staging-studio.wink.travel',
      },
    ]);
  });

  it('counts rows in comments, one line or a block, as retired', () => {
    const text = page()
      .replace(/^(\| Agent .*)$/m, '<!-- $1 -->')
      .replace(/^(\| Studio .*)$/m, '<!--\n$1\n-->');
    assert.deepEqual(compare(text).retiredOnPage, ['agent', 'studio']);
  });

  it('reads a page whose headers are not in Latin script, and columns in either order', () => {
    const japanese = compare(page({ headers: ['機能', 'ステージング', '本番'] }));
    assert.equal(driftCount(japanese), 0);
    const swapped = HOSTS.filter((host) => !host.retired).map(
      (host) => `| Сервис | ${host.urls.production} | ${host.urls.staging} |`,
    );
    assert.equal(driftCount(compare(page({ headers: ['Функция', 'Продакшн', 'Стейджинг'], rows: swapped }))), 0);
  });

  it('rejects a malformed table, naming the line', () => {
    const broken = page().replace(/^(\| Extranet .*)\|$/m, '$1| extra |');
    assert.throws(
      () => parseEnvironmentsPage(broken),
      (error: Error) =>
        error instanceof PageError && /^line \d+: a table row has 4 cells, its header has 3$/.test(error.message),
    );
    assert.throws(() => parseEnvironmentsPage('# Environments\n\nNo tables here.\n'), PageError);
    assert.throws(() => parseEnvironmentsPage('| a | b |\n| https://x | https://y |\n'), /no separator line/);
  });

  it('exits 2 with one line on a file it cannot read or parse', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-'));
    const malformed = path.join(dir, 'malformed.md');
    fs.writeFileSync(malformed, page().replace(/^(\| Extranet .*)\|$/m, '$1| extra |'));
    const result = catalogCheck(malformed, path.join(dir, 'missing.md'));
    assert.equal(result.code, 2);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      `${malformed}: cannot parse: line 15: a table row has 4 cells, its header has 3`,
      `${path.join(dir, 'missing.md')}: cannot read: ENOENT`,
    ]);
  });
});
