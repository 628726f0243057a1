import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import {
  PageError,
  compareWithCatalog,
  driftCount,
  parseEnvironmentsPage,
  type DriftReport,
} from '../../src/catalog/drift.ts';

const root = path.resolve(import.meta.dirname, '../..');
/**
 * The revisions of the published page, oldest first: the three seeds (Spanish, French, Estonian), copied
 * byte for byte from shared/seeds, then three reconstructed from WINK.md's facts about the later ones
 * (German 2026-05, Japanese 2026-07, English newest).
 */
const revision = (name: string) => path.join(root, 'selftest', 'pages', name);

/** A page in the shape of the published one, built from the catalog, with edits applied. */
function page(options: { headers?: [string, string, string]; rows?: string[]; extra?: string[] } = {}): string {
  const [feature, staging, production] = options.headers ?? ['Feature', 'Staging', 'Production'];
  const rows =
    options.rows ??
    HOSTS.filter((host) => !host.retired && host.offPage === undefined).map(
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
  // 30 s: the check reads a few small files; Node starts in well under a second.
  const result = spawnSync(process.execPath, ['scripts/catalog-check.ts', ...args], {
    timeout: 30_000,
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A report with nothing in it but the findings given. */
const report = (findings: Partial<DriftReport>): DriftReport => ({
  missingFromCatalog: [],
  absentFromPage: [],
  retiredOnPage: [],
  listedButRetiredInCatalog: [],
  urlMismatches: [],
  retiredInBoth: [],
  // No page lists the Elements CDN: the catalog has it from Wink's wink-elements loader.
  offPage: HOSTS.flatMap((host) => (host.offPage === undefined ? [] : [{ id: host.id, from: host.offPage }])),
  ...findings,
});
const absent = (...ids: string[]) => ids.map((id) => ({ id, onPage: 'absent' as const }));
const commentedOut = (id: string) => ({ id, onPage: 'commented out' as const });

/** The seed apps the 2026-07 revision dropped, in catalog order. */
const droppedIn2026_07 = ['agent', 'booking-engine', 'extranet', 'payment', 'studio'];

/** What each revision says against the catalog, which follows the newest one. */
const REVISIONS: readonly { file: string; says: string; report: DriftReport }[] = [
  ...['000_be3e7cefd86a58eb.txt', '002_5710dd07f1e02769.txt'].map((file) => ({
    file,
    says: 'none of the newer hosts; payment API, Corporate and the seed apps still listed',
    report: report({
      absentFromPage: ['partner', 'portal', 'book'],
      listedButRetiredInCatalog: ['payment-api', 'agent', 'corporate', 'extranet', 'payment', 'studio'],
      retiredInBoth: absent('booking-engine', 'my-account'),
    }),
  })),
  {
    file: '004_5edd0a636f999bf7.txt',
    says: 'none of the newer hosts; the seed apps still listed, My Account on its own host',
    report: report({
      absentFromPage: ['partner', 'portal', 'book'],
      listedButRetiredInCatalog: ['agent', 'booking-engine', 'extranet', 'my-account', 'payment', 'studio'],
      retiredInBoth: [commentedOut('payment-api'), ...absent('corporate')],
    }),
  },
  {
    file: '005_2026-05.md',
    // Its "My Account" row has Portal's URLs, so it is Portal's row: rows are matched by URL, not name.
    says: 'no partner or book yet; the seed apps still listed; My Account at app.wink.travel is Portal',
    report: report({
      absentFromPage: ['partner', 'book'],
      listedButRetiredInCatalog: droppedIn2026_07,
      retiredInBoth: [commentedOut('payment-api'), ...absent('corporate', 'my-account')],
    }),
  },
  {
    file: '006_2026-07.md',
    says: 'no partner yet',
    report: report({
      absentFromPage: ['partner'],
      retiredInBoth: [
        commentedOut('payment-api'),
        ...absent('agent', 'corporate', 'booking-engine', 'extranet', 'my-account', 'payment', 'studio'),
      ],
    }),
  },
  {
    file: '007_newest.md',
    says: 'what the catalog says',
    report: report({
      retiredInBoth: [
        commentedOut('payment-api'),
        ...absent('agent', 'corporate', 'booking-engine', 'extranet', 'my-account', 'payment', 'studio'),
      ],
    }),
  },
];

describe('catalog drift on the published revisions', () => {
  for (const { file, says, report: expected } of REVISIONS) {
    it(`${file}: ${says}`, () => {
      assert.deepEqual(compare(fs.readFileSync(revision(file), 'utf8')), expected);
    });
  }

  it('agrees with the newest revision only, which lists every current host of the catalog', () => {
    const counts = REVISIONS.map(({ file }) => driftCount(compare(fs.readFileSync(revision(file), 'utf8'))));
    assert.deepEqual(counts, [9, 9, 9, 7, 1, 0]);
    const newest = parseEnvironmentsPage(fs.readFileSync(revision('007_newest.md'), 'utf8'));
    assert.deepEqual(newest.find((row) => row.name === 'Partner (gRPC)')?.urls, {
      staging: 'https://staging-partner.wink.travel',
      production: 'https://partner.wink.travel',
    });
  });

  it('keeps the revisions in order by name, each file in the directory covered', () => {
    const files = fs.readdirSync(path.join(root, 'selftest', 'pages')).sort();
    assert.deepEqual(
      files,
      REVISIONS.map(({ file }) => file),
    );
  });

  it('exits 1 on drift, 0 on agreement, with a readable report and --json', () => {
    const drift = catalogCheck(revision('000_be3e7cefd86a58eb.txt'));
    assert.equal(drift.code, 1);
    assert.match(
      drift.stdout,
      /000_be3e7cefd86a58eb\.txt: 9 differences from the catalog\n {2}in the catalog, absent from the page: partner\n/,
    );
    const one = catalogCheck(revision('006_2026-07.md'));
    assert.equal(one.code, 1);
    assert.match(
      one.stdout,
      /006_2026-07\.md: 1 difference from the catalog\n {2}in the catalog, absent from the page: partner\n/,
    );
    const agree = catalogCheck('--json', revision('007_newest.md'));
    assert.equal(agree.code, 0);
    const [result] = JSON.parse(agree.stdout) as { differences: number }[];
    assert.equal(result?.differences, 0);
  });
});

describe('catalog drift on written pages', () => {
  it('agrees with a page built from the current catalog', () => {
    const paymentApi = HOSTS.find((host) => host.id === 'payment-api')!;
    const text = page({ extra: [`<!-- | Payment | ${paymentApi.urls.staging} | ${paymentApi.urls.production} | -->`] });
    assert.match(
      text,
      /^\| Partner \(gRPC\) \| https:\/\/staging-partner\.wink\.travel \| https:\/\/partner\.wink\.travel \|$/m,
    );
    assert.equal(driftCount(compare(text)), 0);
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
    const text = page().replace('https://partner.wink.travel', 'https://grpc.wink.travel');
    assert.deepEqual(compare(text).urlMismatches, [
      {
        id: 'partner',
        environment: 'production',
        page: 'https://grpc.wink.travel',
        catalog: 'https://partner.wink.travel',
      },
    ]);
  });

  it('reports an app listed under new URLs as a new row, and the host the catalog knows as absent', () => {
    const text = page().replace(
      /^\| Portal .*$/m,
      '| Portal | https://staging-portal.wink.travel | https://portal.wink.travel |',
    );
    const report = compare(text);
    assert.deepEqual(
      [report.missingFromCatalog.map((row) => [row.name, row.urls]), report.absentFromPage, report.urlMismatches],
      [
        [['Portal', { staging: 'https://staging-portal.wink.travel', production: 'https://portal.wink.travel' }]],
        ['portal'],
        [],
      ],
    );
  });

  it('counts a retired host listed again as listed, and its commented-out row as agreeing', () => {
    const myAccount = HOSTS.find((host) => host.id === 'my-account')!;
    const row = `| My Account | ${myAccount.urls.staging} | ${myAccount.urls.production} |`;
    assert.deepEqual(compare(page({ extra: [row] })).listedButRetiredInCatalog, ['my-account']);
    const commented = compare(page({ extra: [`<!-- ${row} -->`] }));
    assert.equal(driftCount(commented), 0);
    assert.deepEqual(
      commented.retiredInBoth.find((host) => host.id === 'my-account'),
      { id: 'my-account', onPage: 'commented out' },
    );
  });

  it('counts rows in comments, one line or a block, as retired', () => {
    const text = page()
      .replace(/^(\| Portal .*)$/m, '<!-- $1 -->')
      .replace(/^(\| Partner .*)$/m, '<!--\n$1\n-->');
    assert.deepEqual(compare(text).retiredOnPage, ['partner', 'portal']);
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
    const broken = page().replace(/^(\| Booking engine .*)\|$/m, '$1| extra |');
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
    fs.writeFileSync(malformed, page().replace(/^(\| Booking engine .*)\|$/m, '$1| extra |'));
    const result = catalogCheck(malformed, path.join(dir, 'missing.md'));
    assert.equal(result.code, 2);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      `${malformed}: cannot parse: line 15: a table row has 4 cells, its header has 3`,
      `${path.join(dir, 'missing.md')}: cannot read: ENOENT`,
    ]);
  });
});
