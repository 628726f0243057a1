/**
 * The README and .env.example name every host and every variable the code reads; docs/checks.md
 * gives the catalog's facts with their sources, and the kinds of check as the registry declares them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { envExampleText } from '../../src/config/env-example.ts';
import { SECRET_VARIABLES, TEXT_VARIABLES, VARIABLES, overrideVariables } from '../../src/config/variables.ts';
import { KINDS } from '../../src/kinds/registry.ts';
import { registeredDomains } from '../../src/checks/rdap.ts';

const root = path.resolve(import.meta.dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const configurationPage = fs.readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
const checksPage = fs.readFileSync(path.join(root, 'docs/checks.md'), 'utf8');
const docsPages = fs
  .readdirSync(path.join(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => fs.readFileSync(path.join(root, 'docs', name), 'utf8'));
const envExample = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
const variables = [...Object.keys(VARIABLES), ...Object.keys(TEXT_VARIABLES), ...Object.keys(SECRET_VARIABLES)];

describe('documentation', () => {
  it('npm run env:example lists every variable, with the default of each numeric one', () => {
    const written = envExampleText();
    for (const [name, variable] of Object.entries(VARIABLES))
      assert.ok(written.includes(`${name}=${variable.default}`), name);
    for (const name of [...Object.keys(TEXT_VARIABLES), ...Object.keys(SECRET_VARIABLES), ...overrideVariables()])
      assert.ok(written.includes(`${name}=`), name);
  });

  it('.env.example is as npm run env:example writes it', () => {
    assert.equal(envExample, envExampleText(), 'run npm run env:example');
  });

  it('npm run env:example sets no value', () => {
    const set = envExampleText()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    assert.deepEqual(set, []);
  });

  it('docs/configuration.md gives each variable a row in one settings table, and no other page does', () => {
    const others = [readme, ...docsPages.filter((page) => page !== configurationPage)].flatMap((page) =>
      page.split('\n'),
    );
    for (const name of variables) {
      const rows = configurationPage.split('\n').filter((line) => line.startsWith(`| \`${name}\` `));
      assert.equal(rows.length, 1, `${name} is a row of ${rows.length} tables`);
      assert.equal(others.filter((line) => line.startsWith(`| \`${name}\` `)).length, 0, `${name} has a row elsewhere`);
    }
  });

  it('reads in ten minutes: under 2,000 words, every tag, --help, and what a run writes where', () => {
    const words = readme.split(/\s+/).filter((word) => word !== '').length;
    assert.ok(words < 2000, `the README has ${words} words`);
    for (const tag of ['@app', '@api', '@grpc', '@cdn', '@<id>', '@domain', '@<name>'])
      assert.ok(readme.includes(`\`${tag}\``), tag);
    assert.ok(readme.includes('--help'));
    for (const output of [
      'playwright-report/',
      'test-results/',
      'history/<environment>/<YYYY-MM>.jsonl',
      'status-page/',
    ])
      assert.ok(readme.includes(output), output);
  });

  it('the README names every host with its URLs, and docs/configuration.md every variable', () => {
    for (const name of variables) assert.ok(configurationPage.includes(name), name);
    assert.ok(readme.includes('<ENV>_<ID>_URL'));
    for (const host of HOSTS) {
      const row = readme.split('\n').find((line) => new RegExp(`^\\| \`${host.id}\` +\\|`).test(line));
      assert.ok(row, `a README row for ${host.id}`);
      assert.ok(row.includes(host.urls.staging) && row.includes(host.urls.production), `${host.id} URLs in the README`);
    }
    // Each MCP server in both environments, as the catalog has it.
    for (const host of HOSTS)
      if (host.kind === 'api' && host.mcp)
        for (const url of Object.values(host.urls))
          assert.ok(readme.includes(`${url}${host.mcp}`), `${host.id}'s MCP server ${url}${host.mcp} in the README`);
    // Derived from the hosts, as the domain checks are: a host on a new domain needs its line.
    for (const domain of registeredDomains(HOSTS))
      assert.ok(readme.includes(`\`${domain}\``), `${domain} in the README`);
  });

  it("docs/checks.md's table of facts gives each source of the catalog, with its date", () => {
    const rows = checksPage.split('\n').filter((line) => line.startsWith('| `'));
    for (const host of HOSTS) {
      for (const source of host.sources ?? []) {
        const row = rows.find(
          (line) => line.startsWith(`| \`${host.id}\``) && line.includes(source.fact) && line.includes(source.date),
        );
        assert.ok(row?.includes(source.source), `${host.id}: ${source.fact} (${source.source}, ${source.date})`);
      }
    }
  });

  it("docs/checks.md's table of kinds has a row for each kind of the registry, as the kind declares it", () => {
    const cells = (line: string) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
    // The table under its marker, to the first line that is not a row.
    const table = checksPage.slice(checksPage.indexOf('<!-- kinds:')).split('\n').slice(2);
    const rows = table
      .slice(
        0,
        table.findIndex((line) => !line.startsWith('|')),
      )
      .filter((line) => /^\| `[a-z-]+` +\|/.test(line))
      .map(cells);
    assert.deepEqual(
      rows.map(([name]) => name),
      KINDS.map((kind) => `\`${kind.name}\``),
      "one row per kind, in the registry's order",
    );
    for (const kind of KINDS) {
      const contract = [kind.contract.answers.join(', '), kind.contract.also].filter(Boolean).join('; or ') || '-';
      assert.deepEqual(
        rows.find(([name]) => name === `\`${kind.name}\``),
        [`\`${kind.name}\``, kind.passes, `\`${kind.bounds.degraded}\`, \`${kind.bounds.fail}\``, contract],
        kind.name,
      );
    }
  });
});
