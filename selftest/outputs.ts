/**
 * What a person reads a run in, per check: Playwright's list (its mark), the terminal's table,
 * summary.md and the HTML report (its outcome, and the report's own title). Each check is to say one
 * outcome in all four, in the word the table gives it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { RunResult } from './harness.ts';

/** A test as the HTML report holds it, in the data index.html embeds. */
export interface HtmlTest {
  readonly projectName: string;
  readonly title: string;
  readonly outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped';
  readonly annotations: readonly { readonly type: string; readonly description?: string }[];
  /** One per try; none for a test that never started. */
  readonly results: readonly unknown[];
}

export interface HtmlReport {
  /** The title the report shows above everything else. */
  readonly title: string | undefined;
  readonly tests: readonly HtmlTest[];
}

/** The HTML report of a self-test's run, from the zip its index.html embeds: what the page shows. */
export function readHtmlReport(result: RunResult): HtmlReport {
  const html = fs.readFileSync(path.join(result.outputDir, 'html-report', 'index.html'), 'utf8');
  const embedded = /<template id="playwrightReportBase64">data:application\/zip;base64,([A-Za-z0-9+/=]+)</.exec(html);
  assert.ok(embedded, 'the HTML report embeds its data');
  const files = unzipSync(Buffer.from(embedded[1]!, 'base64'));
  const json = (name: string): unknown => JSON.parse(strFromU8(files[name]!));
  const report = json('report.json') as { readonly options?: { readonly title?: string } };
  const tests = Object.keys(files)
    .filter((name) => name !== 'report.json')
    .flatMap((name) => (json(name) as { readonly tests: readonly HtmlTest[] }).tests);
  return { title: report.options?.title, tests };
}

/** Each word of the table, and what Playwright's HTML report and its list give the same check. */
const PLAYWRIGHT_OF_WORD: Readonly<Record<string, { readonly outcome: HtmlTest['outcome']; readonly mark: string }>> = {
  pass: { outcome: 'expected', mark: '✓' },
  degraded: { outcome: 'expected', mark: '✓' },
  flaky: { outcome: 'flaky', mark: '✓' },
  fail: { outcome: 'unexpected', mark: '✘' },
  skipped: { outcome: 'skipped', mark: '-' },
};

/** Playwright's word, in its list's last lines, for the tests of each outcome. */
const PLAYWRIGHT_COUNT_OF: Readonly<Record<HtmlTest['outcome'], string>> = {
  expected: 'passed',
  unexpected: 'failed',
  flaky: 'flaky',
  skipped: 'skipped',
};

/** The word of each check in the terminal's table of `environment`, by the check's title. */
function tableWords(stdout: string, environment: string): Map<string, string> {
  const lines = stdout.split('\n');
  const start = lines.indexOf(`${environment}:`);
  const headerAt = lines.findIndex((line, index) => index > start && /^host +check +verdict +HTTP/.test(line));
  assert.ok(start >= 0 && headerAt > start, `a table of ${environment}:\n${stdout}`);
  const header = lines[headerAt]!;
  const [checkAt, verdictAt, httpAt] = ['check', 'verdict', 'HTTP'].map((title) => header.indexOf(title));
  const words = new Map<string, string>();
  let host = '';
  for (const line of lines.slice(headerAt + 2)) {
    if (line === '') break;
    host =
      line
        .slice(0, checkAt)
        .trim()
        .replace(/[*~]+$/, '') || host;
    words.set(`${host} ${line.slice(checkAt, verdictAt).trim()}`, line.slice(verdictAt, httpAt).trim());
  }
  return words;
}

/** The word of each check in summary.md's table, for `environment`. */
function markdownWords(markdown: string, environment: string): Map<string, string> {
  const words = new Map<string, string>();
  let host = '';
  for (const line of markdown.split('\n').filter((text) => text.startsWith(`| ${environment} | `))) {
    const [, cellHost, , check, word] = line.split(' | ');
    host = cellHost!.replace(/[*~]+$/, '') || host;
    words.set(`${host} ${check}`, word!);
  }
  return words;
}

/** `{ pass: 16, skipped: 3 }` from `wink-smoke: 16 pass, 3 skipped (2 reported only) in 4.1 s`. */
function countsLine(stdout: string): Record<string, number> {
  const line = /^wink-smoke: (.+) in [\d.]+ s$/m.exec(stdout)?.[1];
  assert.ok(line, `the counts line:\n${stdout}`);
  return Object.fromEntries(
    [...line.matchAll(/(\d+) ([a-z]+)(?: \(\d+ reported only\))?(?:, |$)/g)].map((match) => [
      match[2]!,
      Number(match[1]),
    ]),
  );
}

/**
 * Every check of `project` says one outcome in every output: its word in the terminal's table and in
 * summary.md is the same, and is the word of what Playwright's HTML report and list give it (a mark
 * per test, a count per word at the end). Returns the words the run used, for the caller to hold to
 * the outcomes it set up.
 */
export function assertOneWordEach(result: RunResult, project: string): Set<string> {
  const stdout = result.stdout;
  const markdown = fs.readFileSync(path.join(result.outputDir, 'results', 'summary.md'), 'utf8');
  const table = tableWords(stdout, project);
  const md = markdownWords(markdown, project);
  const html = readHtmlReport(result).tests.filter((test) => test.projectName === project);
  assert.ok(html.length > 0, `the HTML report has ${project}'s checks`);
  assert.equal(table.size, html.length, `a table row per check:\n${stdout}`);
  const words = new Set<string>();
  for (const test of html) {
    const word = table.get(test.title);
    assert.ok(word, `${test.title} has a row in the table:\n${stdout}`);
    words.add(word);
    assert.equal(md.get(test.title), word, `${test.title}: summary.md says as the table`);
    const playwright = PLAYWRIGHT_OF_WORD[word];
    assert.ok(playwright, `${test.title}: "${word}" is a word of the table`);
    assert.equal(test.outcome, playwright.outcome, `${test.title}: the HTML report says ${word} as the table`);
    // A line per try, `  ✘   4 [production] › tests/checks.spec.ts:14:5 › <title> @app @<id> (775ms)`;
    // the failures' headers below name the test too, with no mark.
    const listed = stdout
      .split('\n')
      .filter(
        (line) =>
          /^ {2}[✓✘-] +\d+ \[/.test(line) && line.includes(`[${project}] › `) && line.includes(` › ${test.title} @`),
      );
    // A test that never started (a step it depends on failed) has no line: Playwright counts it as
    // "did not run", and its report as skipped.
    if (listed.length === 0 && test.results.length === 0) assert.equal(word, 'skipped', `${test.title} never started`);
    else
      assert.equal(
        listed.at(-1)?.trimStart()[0],
        playwright.mark,
        `${test.title}: the list says ${word}:\n${listed.join('\n')}`,
      );
  }
  // The counts: the table's, each word's rows; Playwright's, when every test of the run is a check.
  const counted = countsLine(stdout);
  for (const word of words)
    assert.equal(counted[word], [...table.values()].filter((each) => each === word).length, word);
  if (result.outcomes.every((outcome) => outcome.project === project)) {
    for (const [outcome, said] of Object.entries(PLAYWRIGHT_COUNT_OF)) {
      const tests = html.filter((test) => test.outcome === outcome).length;
      const count = new RegExp(`^ +(\\d+) ${said}\\b`, 'm').exec(stdout)?.[1];
      assert.equal(Number(count ?? 0), tests, `Playwright's "${said}" counts the checks the table gives its words`);
    }
  }
  return words;
}
