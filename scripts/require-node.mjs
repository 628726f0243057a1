/**
 * Stops a command run on a Node older than the project's with one line: the Node it needs, the one
 * it found, and how to get the right one. An older Node cannot load a `.ts` file (it fails with
 * ERR_UNKNOWN_FILE_EXTENSION), so this runs before any: first in every npm script that starts Node
 * (`node scripts/require-node.mjs && ...`), and as the first import of playwright.config.ts, which
 * Playwright loads through its own transform on any Node, for `npx playwright test`.
 *
 * Plain JavaScript and Node's own modules, written for any Node still in use: nothing newer than
 * ES2020 and `import.meta.url` (Node 12).
 */
import fs from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

/** The major version `.nvmrc` names: the one place the project says which Node it runs on. */
const needed = Number(fs.readFileSync(new URL('../.nvmrc', import.meta.url), 'utf8').trim());
const running = process.versions.node;

if (Number(running.split('.')[0]) < needed) {
  process.stderr.write(
    `wink-smoke: needs Node ${needed} or newer (.nvmrc), and this is Node ${running}: run \`nvm install\` here (it reads .nvmrc), or get Node ${needed} from https://nodejs.org/en/download\n`,
  );
  process.exit(2);
}
