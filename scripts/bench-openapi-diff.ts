/**
 * `npm run bench:openapi-diff [-- --resources 60 --repeat 5]`: what contract watch costs on a
 * document of Wink's size: its bytes, digest and gzipped snapshot, and the time api-smart-diff takes
 * to compare it with the next release's version of it (one operation removed, one added, one
 * parameter made required). Prints figures; asserts nothing.
 */
import { documentDigest, operationChanges, packDocument, describeChange } from '../src/checks/openapi-diff.ts';
import { realSizeDocument } from '../emulator/openapi.ts';
import { parseCommandLine, refuse } from './command-line.ts';

const COMMAND_LINE = {
  script: 'bench:openapi-diff',
  usage: 'usage: npm run bench:openapi-diff -- [--resources <1-500>] [--repeat <1-20>]',
  summary: 'Times the OpenAPI comparison of contract watch on a document of Wink size, and prints figures.',
  options: { resources: { type: 'string', default: '60' }, repeat: { type: 'string', default: '5' } },
} as const;
const { values } = parseCommandLine(COMMAND_LINE);
const resources = Number(values.resources);
const repeat = Number(values.repeat);
if (!Number.isInteger(resources) || resources < 1 || resources > 500) {
  refuse(COMMAND_LINE, `--resources ${JSON.stringify(values.resources)} is not valid`, 'a whole number from 1 to 500');
}
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
  refuse(COMMAND_LINE, `--repeat ${JSON.stringify(values.repeat)} is not valid`, 'a whole number from 1 to 20');
}

const today = realSizeDocument(resources);
const next = realSizeDocument(resources, true);
const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const timed = (work: () => void): number => {
  const times: number[] = [];
  for (let run = 0; run < repeat; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
};

let changes: ReturnType<typeof operationChanges> = [];
const diffMs = timed(() => {
  changes = operationChanges(today, next);
});
const digestMs = timed(() => void documentDigest(today));
const operations = Object.values(today['paths'] as Record<string, object>).reduce(
  (sum, item) => sum + Object.keys(item).length,
  0,
);
console.log(`document: ${(JSON.stringify(today).length / 1024).toFixed(0)} KB, ${operations} operations`);
console.log(
  `snapshot in the history: ${(packDocument(today).length / 1024).toFixed(1)} KB (gzip, base64), written only when the digest changes`,
);
console.log(`digest (every run): ${digestMs.toFixed(1)} ms`);
console.log(`comparison with the next release (api-smart-diff), median of ${repeat}: ${diffMs.toFixed(0)} ms`);
console.log(`found: ${changes.map(describeChange).join('; ')}`);
console.log(`peak RSS: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
