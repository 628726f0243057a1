/**
 * Catalog drift: reads an environments page as published (Markdown with front matter, a servers
 * table and an applications table, in any language) and compares it with the catalog.
 *
 * Rows are matched by their URLs, never by the words in them or in the headers, since the page is
 * translated. Which column is staging and which production is learned from the URLs the catalog
 * knows (for a table of only new hosts: a `staging` host name, else the page's usual order). A row
 * inside an HTML comment counts as retired.
 */
import { HOSTS, REAL_ENVIRONMENTS, type RealEnvironmentName } from './catalog.ts';
import { type HostEntry } from './hosts.ts';

/** The page cannot be read as an environments page; the message is one line. */
export class PageError extends Error {
  override name = 'PageError';
}

export interface PageRow {
  /** The row's first cell, in the page's language. */
  readonly name: string;
  readonly urls: Readonly<Partial<Record<RealEnvironmentName, string>>>;
  /** Inside an HTML comment: the page has taken the row out. */
  readonly retired: boolean;
  /** 1-based line in the file. */
  readonly line: number;
}

const URL_PATTERN = /https?:\/\/[^\s|<>)\]"']+/;

function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

const isSeparator = (cells: readonly string[]): boolean => cells.every((cell) => /^:?-{3,}:?$/.test(cell));

const normalise = (url: string): string => url.replace(/\/+$/, '');

interface RawTable {
  readonly width: number;
  readonly rows: { cells: string[]; retired: boolean; line: number }[];
}

/** Splits the page into tables of cells, noting which lines lie inside HTML comments. */
function readTables(text: string): RawTable[] {
  const lines = text.split(/\r?\n/);
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
    if (end < 0) throw new PageError('the front matter opened by --- on line 1 is never closed');
    start = end + 1;
  }
  const tables: RawTable[] = [];
  let current: RawTable | undefined;
  let header: { cells: string[]; line: number } | undefined;
  let inComment = false;
  for (let index = start; index < lines.length; index++) {
    let line = lines[index]!;
    let retired = inComment;
    // Comments open and close within or across lines: `<!-- | row | -->`, or a block of rows.
    if (line.includes('<!--')) {
      retired = true;
      inComment = !line.includes('-->', line.indexOf('<!--'));
    } else if (inComment && line.includes('-->')) {
      inComment = false;
    }
    const hadMarker = /<!--|-->/.test(line);
    line = line.replace(/<!--|-->/g, '').trim();
    if (hadMarker && line === '') continue; // a comment marker alone on its line is not the end of a table
    if (!line.startsWith('|')) {
      current = undefined;
      header = undefined;
      continue;
    }
    const cells = cellsOf(line);
    if (!current) {
      if (!header) {
        header = { cells, line: index + 1 };
        continue;
      }
      if (!isSeparator(cells)) {
        throw new PageError(`line ${header.line}: a table row with no separator line (| --- |) under it`);
      }
      current = { width: header.cells.length, rows: [] };
      tables.push(current);
      continue;
    }
    if (cells.length !== current.width) {
      throw new PageError(`line ${index + 1}: a table row has ${cells.length} cells, its header has ${current.width}`);
    }
    current.rows.push({ cells, retired, line: index + 1 });
  }
  return tables;
}

/**
 * Which column of a table holds which environment's URLs. Each URL column leans towards staging
 * for every URL the catalog has as a staging URL or whose host name starts with `staging`, and
 * towards production for every catalog production URL. The column leaning most to staging is
 * staging, the one leaning least is production; with nothing to lean on, the page's usual order.
 */
function environmentColumns(table: RawTable): Map<number, RealEnvironmentName> {
  const lean = new Map<number, number>();
  for (const row of table.rows) {
    row.cells.forEach((cell, column) => {
      const url = URL_PATTERN.exec(cell)?.[0];
      if (!url) return;
      const known = (environment: RealEnvironmentName): boolean =>
        HOSTS.some((host) => host.urls[environment] === normalise(url));
      const towardsStaging = known('staging') || /^https?:\/\/staging[-.]/.test(url) ? 1 : 0;
      lean.set(column, (lean.get(column) ?? 0) + towardsStaging - (known('production') ? 1 : 0));
    });
  }
  const columns = [...lean.keys()].sort((a, b) => a - b);
  const byLean = [...columns].sort((a, b) => lean.get(b)! - lean.get(a)!);
  const [staging, production] =
    columns.length > 1 && lean.get(byLean[0]!) !== lean.get(byLean.at(-1)!) ? [byLean[0]!, byLean.at(-1)!] : columns;
  const assigned = new Map<number, RealEnvironmentName>();
  if (staging !== undefined) assigned.set(staging, 'staging');
  if (production !== undefined) assigned.set(production, 'production');
  return assigned;
}

/** Every host row of the page's tables: a row is a host when it has a URL. */
export function parseEnvironmentsPage(text: string): PageRow[] {
  const rows: PageRow[] = [];
  for (const table of readTables(text)) {
    const columns = environmentColumns(table);
    for (const row of table.rows) {
      const urls: Partial<Record<RealEnvironmentName, string>> = {};
      for (const [column, environment] of columns) {
        const url = URL_PATTERN.exec(row.cells[column] ?? '')?.[0];
        if (url) urls[environment] = normalise(url);
      }
      if (Object.keys(urls).length === 0) continue;
      const name = row.cells.find((cell) => !URL_PATTERN.test(cell)) ?? '';
      rows.push({ name, urls, retired: row.retired, line: row.line });
    }
  }
  if (rows.length === 0) throw new PageError('no table row with a URL: not an environments page');
  return rows;
}

export interface UrlMismatch {
  readonly id: string;
  readonly environment: RealEnvironmentName;
  readonly page: string | undefined;
  readonly catalog: string;
}

export interface DriftReport {
  /** On the page (and not retired there), unknown to the catalog. */
  readonly missingFromCatalog: readonly PageRow[];
  /** In the catalog as current, and nowhere on the page. */
  readonly absentFromPage: readonly string[];
  /** Taken out of the page (commented out) while the catalog still has them as current. */
  readonly retiredOnPage: readonly string[];
  /** Listed on the page while the catalog marks them retired. */
  readonly listedButRetiredInCatalog: readonly string[];
  readonly urlMismatches: readonly UrlMismatch[];
  /** Retired in the catalog and commented out or absent on the page: in agreement, for information. */
  readonly retiredInBoth: readonly { readonly id: string; readonly onPage: 'commented out' | 'absent' }[];
  /** Hosts the page never lists (the Elements CDN), left alone, with where the catalog has them from. */
  readonly offPage: readonly { readonly id: string; readonly from: string }[];
}

export function driftCount(report: DriftReport): number {
  return (
    report.missingFromCatalog.length +
    report.absentFromPage.length +
    report.retiredOnPage.length +
    report.listedButRetiredInCatalog.length +
    report.urlMismatches.length
  );
}

function catalogHostOf(row: PageRow, hosts: readonly HostEntry[]): HostEntry | undefined {
  return hosts.find((host) =>
    REAL_ENVIRONMENTS.some((environment) => row.urls[environment] === host.urls[environment]),
  );
}

export function compareWithCatalog(rows: readonly PageRow[], hosts: readonly HostEntry[] = HOSTS): DriftReport {
  const matched = new Map<string, PageRow[]>();
  const missingFromCatalog: PageRow[] = [];
  for (const row of rows) {
    const host = catalogHostOf(row, hosts);
    if (!host) {
      if (!row.retired) missingFromCatalog.push(row);
      continue;
    }
    matched.set(host.id, [...(matched.get(host.id) ?? []), row]);
  }
  const report = {
    missingFromCatalog,
    absentFromPage: [] as string[],
    retiredOnPage: [] as string[],
    listedButRetiredInCatalog: [] as string[],
    urlMismatches: [] as UrlMismatch[],
    retiredInBoth: [] as DriftReport['retiredInBoth'][number][],
    offPage: [] as DriftReport['offPage'][number][],
  };
  for (const host of hosts) {
    if (host.offPage !== undefined && !matched.has(host.id)) {
      report.offPage.push({ id: host.id, from: host.offPage });
      continue;
    }
    const hostRows = matched.get(host.id) ?? [];
    const current = hostRows.filter((row) => !row.retired);
    if (current.length === 0) {
      if (host.retired)
        report.retiredInBoth.push({ id: host.id, onPage: hostRows.length > 0 ? 'commented out' : 'absent' });
      else if (hostRows.length > 0) report.retiredOnPage.push(host.id);
      else report.absentFromPage.push(host.id);
    } else if (host.retired) {
      report.listedButRetiredInCatalog.push(host.id);
    }
    const row = current[0] ?? hostRows[0];
    if (!row) continue;
    for (const environment of REAL_ENVIRONMENTS) {
      if (row.urls[environment] !== host.urls[environment]) {
        report.urlMismatches.push({
          id: host.id,
          environment,
          page: row.urls[environment],
          catalog: host.urls[environment],
        });
      }
    }
  }
  return report;
}

/** The report as a person reads it: one line a finding. */
export function formatDrift(file: string, report: DriftReport): string {
  const count = driftCount(report);
  const lines = [
    count === 0
      ? `${file}: agrees with the catalog`
      : `${file}: ${count} difference${count === 1 ? '' : 's'} from the catalog`,
  ];
  for (const row of report.missingFromCatalog) {
    lines.push(
      `  on the page, missing from the catalog: "${row.name}" (line ${row.line}) ${row.urls.staging ?? '-'} ${row.urls.production ?? '-'}`,
    );
  }
  for (const id of report.absentFromPage) lines.push(`  in the catalog, absent from the page: ${id}`);
  for (const id of report.retiredOnPage)
    lines.push(`  retired on the page (commented out), current in the catalog: ${id}`);
  for (const id of report.listedButRetiredInCatalog)
    lines.push(`  listed on the page, marked retired in the catalog: ${id}`);
  for (const mismatch of report.urlMismatches) {
    lines.push(
      `  ${mismatch.environment} URL of ${mismatch.id}: page ${mismatch.page ?? '(none)'}, catalog ${mismatch.catalog}`,
    );
  }
  for (const host of report.offPage)
    lines.push(`  not on the page by design, no action: ${host.id} (from ${host.from})`);
  if (report.retiredInBoth.length > 0) {
    const hosts = report.retiredInBoth.map((host) => `${host.id} (${host.onPage} on the page)`);
    lines.push(`  retired in the catalog and on the page, no action: ${hosts.join(', ')}`);
  }
  return lines.join('\n');
}
