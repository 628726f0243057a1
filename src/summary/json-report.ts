/**
 * The one reader of Playwright's JSON report (`--reporter=json`), for the self-tests' harness and
 * the benchmark: every test of every project, flattened, with its tries and its check record.
 */
import fs from 'node:fs';
import type { JSONReport, JSONReportSuite, JSONReportTest, JSONReportTestResult } from '@playwright/test/reporter';
import { findRecord, type CheckRecord } from '../checks/record.ts';

export interface ReportedTest {
  readonly project: string;
  readonly title: string;
  /** Playwright's verdict: expected (passed), unexpected (failed), flaky or skipped (did not run). */
  readonly status: JSONReportTest['status'];
  /** Every try, first to last. */
  readonly results: readonly JSONReportTestResult[];
  /** The test's annotations, each once: runtime ones appear on the test and on its last try. */
  readonly annotations: readonly { readonly type: string; readonly description?: string }[];
  /** The error messages of the last try. */
  readonly errors: readonly string[];
  /** The check's record, from its last try; undefined for setup tests and checks that never started. */
  readonly record: CheckRecord | undefined;
}

function flatten(suite: JSONReportSuite): ReportedTest[] {
  const own = suite.specs.flatMap((spec) =>
    spec.tests.map((test): ReportedTest => {
      const last = test.results.at(-1);
      const seen = new Set<string>();
      const annotations = [...test.annotations, ...(last?.annotations ?? [])].filter((annotation) => {
        const key = `${annotation.type}\u0000${annotation.description ?? ''}`;
        return !seen.has(key) && seen.add(key);
      });
      return {
        project: test.projectName,
        title: spec.title,
        status: test.status,
        results: test.results,
        annotations,
        errors: (last?.errors ?? []).map((error) => error.message ?? ''),
        record: findRecord(last?.attachments ?? []),
      };
    }),
  );
  return [...own, ...(suite.suites ?? []).flatMap(flatten)];
}

export interface ReadReport {
  readonly report: JSONReport;
  readonly tests: readonly ReportedTest[];
}

/** The report in `file`, or undefined when the run wrote none (it died before the reporters ran). */
export function readJsonReport(file: string): ReadReport | undefined {
  if (!fs.existsSync(file)) return undefined;
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as JSONReport;
  return { report, tests: report.suites.flatMap(flatten) };
}
