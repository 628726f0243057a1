/**
 * `npm run bench:openapi-diff [-- --change remove-operation --repeat 3 --library]`: what contract
 * watch costs on Wink's published documents (emulator/documents). For each, one release change:
 * the document's size, its digest (every run), its gzipped snapshot (a run where the digest
 * changed), and the CPU time (user and system) of the comparison with the changed document, and
 * with `--library` of api-smart-diff's comparison of the whole documents, which the narrowed one
 * must equal. Then the total for all documents against the budget. Prints figures; asserts nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  documentDigest,
  operationChanges,
  operationChangesByLibrary,
  packDocument,
  type OperationChange,
} from '../src/checks/openapi-diff.ts';
import { HTTP_METHODS } from '../src/checks/openapi-narrow.ts';
import { parseCommandLine, refuse } from './command-line.ts';
import { RELEASE_CHANGES, readWinkDocument, winkDocumentNames, type ReleaseChange } from './wink-documents.ts';

/** Contract watch compares every document of a release in one run: all of Wink's, one change each, within 2 s of CPU. */
const BUDGET_MS = 2000;

const CHANGES = Object.keys(RELEASE_CHANGES) as ReleaseChange[];
const COMMAND_LINE = {
  script: 'bench:openapi-diff',
  usage: `usage: npm run bench:openapi-diff -- [--change <${CHANGES.join('|')}>] [--repeat <1-20>] [--library]`,
  summary:
    "Times contract watch's comparison on each of Wink's OpenAPI documents after one release change, and prints figures.",
  options: {
    change: { type: 'string', default: 'remove-operation' },
    repeat: { type: 'string', default: '3' },
    library: { type: 'boolean', default: false },
  },
} as const;
const { values } = parseCommandLine(COMMAND_LINE);
const change = values.change as ReleaseChange;
const repeat = Number(values.repeat);
if (!CHANGES.includes(change)) {
  refuse(COMMAND_LINE, `--change ${JSON.stringify(values.change)} is not a change`, `one of ${CHANGES.join(', ')}`);
}
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
  refuse(COMMAND_LINE, `--repeat ${JSON.stringify(values.repeat)} is not valid`, 'a whole number from 1 to 20');
}

const median = (times: number[]): number => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
/** The median CPU time of `repeat` runs of `work`, in ms: the process's user and system time, not the wall clock. */
const cpuMs = (work: () => void): number =>
  median(
    Array.from({ length: repeat }, () => {
      const started = process.cpuUsage();
      work();
      const { user, system } = process.cpuUsage(started);
      return (user + system) / 1000;
    }),
  );
const kb = (text: string): string => (text.length / 1024).toFixed(0);

const names = winkDocumentNames();
// The first comparison compiles the code it runs: one, untimed, so that no document's figure pays for it.
const warmUp = RELEASE_CHANGES[change](readWinkDocument(names.at(-1)!));
operationChanges(warmUp.before, warmUp.after);
const columns = ['document', 'JSON KB', 'operations', 'digest ms', 'snapshot KB', 'compare CPU ms', 'changes found'];
console.log(`change: ${change}; JSON KB as written compactly; CPU times are medians of ${repeat}`);
console.log([...columns, ...(values.library ? ['api-smart-diff whole CPU ms', 'same'] : [])].join('\t'));
const totals = { narrowed: 0, library: 0 };
for (const name of names) {
  const { before, after } = RELEASE_CHANGES[change](readWinkDocument(name));
  let found: OperationChange[] = [];
  const narrowedMs = cpuMs(() => void (found = operationChanges(before, after)));
  const operations = Object.values(before.paths).flatMap((item) =>
    Object.keys(item).filter((key) => HTTP_METHODS.has(key)),
  );
  const row = [
    name,
    kb(JSON.stringify(before)),
    operations.length,
    cpuMs(() => void documentDigest(before)).toFixed(0),
    kb(packDocument(before)),
    narrowedMs.toFixed(0),
    found.length,
  ];
  totals.narrowed += narrowedMs;
  if (values.library) {
    let whole = found;
    const libraryMs = cpuMs(() => void (whole = operationChangesByLibrary(before, after)));
    totals.library += libraryMs;
    row.push(libraryMs.toFixed(0), isDeepStrictEqual(whole, found) ? 'yes' : 'NO');
  }
  console.log(row.join('\t'));
}
const held = totals.narrowed <= BUDGET_MS ? 'held' : 'exceeded';
console.log(
  `total compare CPU for ${names.length} documents: ${totals.narrowed.toFixed(0)} ms; budget ${BUDGET_MS} ms: ${held}`,
);
if (values.library) console.log(`total api-smart-diff CPU on the whole documents: ${totals.library.toFixed(0)} ms`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
