/**
 * GitHub's expressions (`${{ matrix.environment == 'staging' && secrets.X || '' }}`), evaluated by
 * GitHub's own library, `@actions/expressions`: its lexer, parser and evaluator, with the contexts
 * and the status functions a runner provides (`success()`, `failure()`, `cancelled()`, `always()`,
 * `hashFiles()`), which the library leaves to its host.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';

/** Every context a workflow may read; the ones not given evaluate as empty objects, as on GitHub. */
const CONTEXTS = [
  'github',
  'env',
  'vars',
  'job',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs',
];

/** What the status functions answer, and where `hashFiles` looks. */
export interface Status {
  /** Everything before (the job's steps, or the job's needs up the chain) succeeded. */
  readonly succeeded: boolean;
  /** Something before failed. */
  readonly failed: boolean;
  /** The workspace `hashFiles` globs in. */
  readonly workspace: string;
}

export type Contexts = Readonly<Partial<Record<(typeof CONTEXTS)[number], unknown>>>;

const FUNCTIONS = [
  { name: 'success', minArgs: 0, maxArgs: 0 },
  { name: 'failure', minArgs: 0, maxArgs: 0 },
  { name: 'cancelled', minArgs: 0, maxArgs: 0 },
  { name: 'always', minArgs: 0, maxArgs: 0 },
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
];

/** GitHub's hashFiles: the SHA-256 of the matching files' hashes, or '' when none matches. */
function hashFiles(workspace: string, patterns: readonly string[]): string {
  const files = patterns
    .flatMap((pattern) => fs.globSync(pattern, { cwd: workspace }))
    .map((file) => path.join(workspace, file))
    .filter((file) => fs.statSync(file).isFile())
    .sort();
  if (files.length === 0) return '';
  const all = createHash('sha256');
  for (const file of files) all.update(createHash('sha256').update(fs.readFileSync(file)).digest());
  return all.digest('hex');
}

function implementations(
  status: Status,
): Map<string, (typeof FUNCTIONS)[number] & { call: (...args: data.ExpressionData[]) => data.ExpressionData }> {
  const bool = (value: boolean) => () => new data.BooleanData(value);
  // The replay never cancels a run: cancelled() is false, so !cancelled() is always().
  const calls: Record<string, (...args: data.ExpressionData[]) => data.ExpressionData> = {
    success: bool(status.succeeded),
    failure: bool(status.failed),
    cancelled: bool(false),
    always: bool(true),
    hashfiles: (...args) =>
      new data.StringData(
        hashFiles(
          status.workspace,
          args.map((arg) => arg.coerceString()),
        ),
      ),
  };
  return new Map(
    FUNCTIONS.map((definition) => [
      definition.name.toLowerCase(),
      { ...definition, call: calls[definition.name.toLowerCase()]! },
    ]),
  );
}

function evaluate(expression: string, contexts: Contexts, status: Status): data.ExpressionData {
  const tree = new Parser(new Lexer(expression).lex().tokens, CONTEXTS, FUNCTIONS).parse();
  const known = Object.fromEntries(CONTEXTS.map((name) => [name, contexts[name] ?? {}]));
  const context = JSON.parse(JSON.stringify(known), data.reviver) as data.Dictionary;
  return new Evaluator(tree, context, implementations(status)).evaluate();
}

/** The plain value of an expression: a matrix's list from `fromJSON(...)`, a string, a number. */
export function valueOf(expression: string, contexts: Contexts, status: Status): unknown {
  return JSON.parse(JSON.stringify(evaluate(expression, contexts, status), data.replacer)) as unknown;
}

const EMBEDDED = /\$\{\{(.*?)\}\}/gs;

/** A value of the workflow with its `${{ }}` replaced; one that is a single expression keeps its type. */
export function interpolate(value: unknown, contexts: Contexts, status: Status): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(value);
  if (whole && !whole[1]!.includes('}}')) return valueOf(whole[1]!, contexts, status);
  return value.replace(EMBEDDED, (_, expression: string) => evaluate(expression, contexts, status).coerceString());
}

/** A string of the workflow (an env value, a script) with its expressions replaced, as text. */
export function interpolateText(value: unknown, contexts: Contexts, status: Status): string {
  const result = interpolate(value, contexts, status);
  if (result === null || result === undefined) return '';
  if (typeof result === 'string') return result;
  return typeof result === 'number' || typeof result === 'boolean' ? String(result) : JSON.stringify(result);
}

/** An `if:` condition: written with or without `${{ }}`, and `success()` when absent, as GitHub reads it. */
export function condition(written: unknown, contexts: Contexts, status: Status): boolean {
  if (written === undefined) return status.succeeded;
  if (typeof written === 'boolean') return written;
  const text = typeof written === 'string' ? written.trim() : JSON.stringify(written);
  const whole = /^\$\{\{(.*)\}\}$/s.exec(text);
  const expression = whole ? whole[1]! : text;
  // GitHub adds success() to a condition that names no status function.
  const statusNamed = /\b(success|failure|cancelled|always)\s*\(/.test(expression);
  const result = truthy(evaluate(expression, contexts, status));
  return statusNamed ? result : status.succeeded && result;
}
