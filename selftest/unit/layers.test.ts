/**
 * The lint's import rules (`.dependency-cruiser.mjs`, run by `npm run lint`): a tree with a deliberate
 * upward import, a type-only cycle, a file loose in src/, a kind importing another kind and HTTP
 * spoken past src/net/ fails with the rule's name; the same tree with its imports pointing down passes. The tree is a copy in a folder of its own, never src/ itself.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT, SELFTEST_OUTPUT } from '../harness.ts';

const DEPCRUISE = path.join(PROJECT_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

/** Writes the files under a fresh folder and runs the project's rules over its src/. */
function cruise(name: string, files: Readonly<Record<string, string>>): { code: number | null; output: string } {
  const root = path.join(SELFTEST_OUTPUT, 'layers', name);
  fs.rmSync(root, { recursive: true, force: true });
  for (const [file, text] of Object.entries({
    ...files,
    'tsconfig.json': '{"compilerOptions":{"allowImportingTsExtensions":true}}',
  })) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const result = spawnSync(
    process.execPath,
    [DEPCRUISE, 'src', '--config', path.join(PROJECT_ROOT, '.dependency-cruiser.mjs'), '--output-type', 'err'],
    // A bound on a cruise of four files: it takes about a second.
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the layers of src/, as the lint checks them', () => {
  it('fail an upward import, naming the rule and both files', () => {
    const { code, output } = cruise('upward', {
      'src/shared/words.ts': "import { alert } from '../alerts/send.ts';\nexport const words = alert;\n",
      'src/alerts/send.ts': "export const alert = 'down';\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /layer-shared: src\/shared\/words\.ts → src\/alerts\/send\.ts/);
  });

  it('fail a cycle made of type imports only', () => {
    const { code, output } = cruise('cycle', {
      'src/plan/a.ts': "import type { B } from './b.ts';\nexport interface A { b?: B }\n",
      'src/plan/b.ts': "import type { A } from './a.ts';\nexport interface B { a?: A }\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /no-circular/);
  });

  it('fail a file loose at the top of src/', () => {
    const { code, output } = cruise('loose', {
      'src/loose.ts': "import { words } from './shared/words.ts';\nexport const loose = words;\n",
      'src/shared/words.ts': "export const words = 'up';\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /src-holds-folders/);
  });

  it('fail a check kind that imports another kind, or speaks HTTP, gRPC or TLS past src/net/', () => {
    const { code, output } = cruise('kinds', {
      'src/kinds/health.ts': "export const health = 'health';\n",
      'src/kinds/asset.ts':
        "import http from 'node:http';\nimport { health } from './health.ts';\nexport const asset = [http, health];\n",
      'src/kinds/registry.ts':
        "import { asset } from './asset.ts';\nimport { health } from './health.ts';\nexport const KINDS = [asset, health];\n",
      'src/net/http.ts': "import http from 'node:http';\nexport const door = http;\n",
      'src/checks/certificate.ts': "import tls from 'node:tls';\nexport const read = tls;\n",
      'src/net/tls.ts': "import tls from 'node:tls';\nexport const door = tls;\n",
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /kind-stands-alone: src\/kinds\/asset\.ts → src\/kinds\/health\.ts/);
    assert.match(output, /one-door-per-protocol: src\/kinds\/asset\.ts → (node:)?http/);
    assert.match(output, /one-door-per-protocol: src\/checks\/certificate\.ts → (node:)?tls/);
    // The registry lists the kinds, and the doors are where HTTP and TLS are spoken: none is a violation.
    assert.doesNotMatch(output, /src\/kinds\/registry\.ts →|src\/net\/(http|tls)\.ts →/);
  });

  it('pass the same kind of tree with every import pointing down', () => {
    const { code, output } = cruise('downward', {
      'src/alerts/send.ts': "import { words } from '../shared/words.ts';\nexport const alert = words;\n",
      'src/shared/words.ts': "export const words = 'down';\n",
    });
    assert.equal(code, 0, output);
    assert.match(output, /no dependency violations/);
  });
});
