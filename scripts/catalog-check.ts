/**
 * `npm run catalog:check -- [--json] <file>...`: compares environments pages with the catalog.
 * Exit 0 when every page agrees, 1 when one drifts, 2 when one cannot be read or parsed.
 */
import fs from 'node:fs';
import {
  PageError,
  compareWithCatalog,
  driftCount,
  formatDrift,
  parseEnvironmentsPage,
  type DriftReport,
} from '../src/catalog/drift.ts';
import { parseCommandLine, refuse } from './command-line.ts';

type Result = { file: string; report: DriftReport } | { file: string; error: string };

function check(file: string): Result {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { file, error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  try {
    return { file, report: compareWithCatalog(parseEnvironmentsPage(text)) };
  } catch (error) {
    if (error instanceof PageError) return { file, error: `cannot parse: ${error.message}` };
    throw error;
  }
}

const COMMAND_LINE = {
  script: 'catalog:check',
  usage: 'usage: npm run catalog:check -- [--json] <environments page>...',
  summary:
    'Compares each environments page with the catalog: exit 0 when all agree, 1 when one drifts, 2 when one cannot be read.',
  options: { json: { type: 'boolean', default: false } },
  allowPositionals: true,
} as const;
const { values, positionals } = parseCommandLine(COMMAND_LINE);
if (positionals.length === 0) refuse(COMMAND_LINE, 'no file given', 'one environments page or more');
const results = positionals.map(check);
if (values.json) {
  console.log(
    JSON.stringify(
      results.map((result) => ('report' in result ? { ...result, differences: driftCount(result.report) } : result)),
      null,
      2,
    ),
  );
} else {
  for (const result of results)
    console.log('report' in result ? formatDrift(result.file, result.report) : `${result.file}: ${result.error}`);
}
const unreadable = results.some((result) => 'error' in result);
const drifted = results.some((result) => 'report' in result && driftCount(result.report) > 0);
process.exitCode = unreadable ? 2 : drifted ? 1 : 0;
