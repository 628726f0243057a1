/**
 * Runs the real suite (`playwright test`) in a child process and reads its verdicts from the JSON
 * reporter. Each run gets its own output folder, a clean environment (no inherited SMOKE_*, STAGING_*,
 * PRODUCTION_* variables) and a hard time limit, so a hung run fails the self-test instead of CI.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JSONReport, JSONReportSuite, JSONReportTest } from '@playwright/test/reporter';
import { ANNOTATION } from '../src/verdict.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const PLAYWRIGHT_CLI = path.join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');

export interface RunOptions {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The child is killed after this long; the self-test then fails on its exit code. */
  readonly timeoutMs?: number;
}

export interface Outcome {
  readonly project: string;
  readonly title: string;
  /** Playwright's verdict: expected (passed), unexpected (failed), flaky or skipped (did not run). */
  readonly status: JSONReportTest['status'];
  readonly annotations: readonly { type: string; description?: string }[];
  readonly errors: readonly string[];
  /** The `fault` annotation of a failed check. */
  readonly fault: string | undefined;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputDir: string;
  readonly report: JSONReport | undefined;
  readonly outcomes: readonly Outcome[];
  readonly wallMs: number;
}

/** The parent's environment minus anything that configures the suite. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(SMOKE_|STAGING_|PRODUCTION_|PLAYWRIGHT_|PW_|TEST_)/.test(name)) continue;
    env[name] = value;
  }
  return env;
}

function flatten(suite: JSONReportSuite, into: Outcome[]): void {
  for (const spec of suite.specs) {
    for (const test of spec.tests) {
      const last = test.results.at(-1);
      const annotations = [...test.annotations, ...(last?.annotations ?? [])];
      into.push({
        project: test.projectName,
        title: spec.title,
        status: test.status,
        annotations,
        errors: (last?.errors ?? []).map((error) => error.message ?? ''),
        fault: annotations.find((annotation) => annotation.type === ANNOTATION.fault)?.description,
      });
    }
  }
  for (const child of suite.suites ?? []) flatten(child, into);
}

export async function runSuite(options: RunOptions): Promise<RunResult> {
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-selftest-'));
  const reportFile = path.join(outputDir, 'report.json');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [PLAYWRIGHT_CLI, 'test', '--reporter=list,json', `--output=${path.join(outputDir, 'results')}`, ...options.args],
    {
      cwd: PROJECT_ROOT,
      env: { ...cleanEnv(), PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile, FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const limit = options.timeoutMs ?? 180_000;
  const killer = setTimeout(() => child.kill('SIGKILL'), limit);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(killer);
  const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as JSONReport) : undefined;
  const outcomes: Outcome[] = [];
  for (const suite of report?.suites ?? []) flatten(suite, outcomes);
  return { code, stdout, stderr, outputDir, report, outcomes, wallMs: Math.round(performance.now() - started) };
}

/** A readable line per outcome, for assertion messages. */
export function describeOutcomes(outcomes: readonly Outcome[]): string {
  return outcomes
    .map((outcome) => `[${outcome.project}] ${outcome.title}: ${outcome.status}${outcome.fault ? ` (${outcome.fault})` : ''}${outcome.errors[0] ? ` ${outcome.errors[0].split('\n')[0]}` : ''}`)
    .join('\n');
}
