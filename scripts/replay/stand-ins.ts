/**
 * What the replay stands in for, in one table: each action the workflow uses, each `run:` step that
 * needs what this machine lacks, and the services around the workflow. A step that is neither run
 * as written nor named here fails the replay: nothing is skipped silently. docs/alerts.md's "Replaying
 * the workflow" section shows the same table (its unit test holds the two together).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** One thing GitHub has and this machine has not, and what the replay does instead. */
export interface StandIn {
  /** The action (`actions/checkout`), the exact `run:` text, or the service. */
  readonly for: string;
  readonly instead: string;
}

/** What a stand-in step gets: its `with:`, where it runs, and the replay's folders. */
export interface StandInStep {
  readonly with: Readonly<Record<string, string>>;
  readonly workspace: string;
  /** This checkout: what `actions/checkout` copies, and whose node_modules `npm ci` links. */
  readonly projectRoot: string;
  /** The run's artifacts, a folder each. */
  readonly artifactsDir: string;
  /** The repository the history branch lives in: a bare repository. */
  readonly remote: string;
  /** Where `deploy-pages` publishes. */
  readonly pagesDir: string;
  /** What is left of the step's bound (its `timeout-minutes`, within the job's): a stand-in is held to it too. */
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

/** A stand-in's result: the step's outputs; a failure throws with the reason. */
type Action = (step: StandInStep) => Readonly<Record<string, string>> | void;

/** The files of this checkout as git sees them (tracked, and new ones not ignored): what a clone holds, plus work not yet committed. */
function checkoutFiles(root: string): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
    .toString('utf8')
    .split('\0')
    .filter((file) => file !== '' && fs.existsSync(path.join(root, file)));
}

const checkout: Action = (step) => {
  const target = path.join(step.workspace, step.with.path ?? '');
  if (step.with.ref) {
    // GitHub fails a checkout of a branch that does not exist; so does git clone.
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', step.with.ref, step.remote, target], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: step.timeoutMs,
    });
    return;
  }
  for (const file of checkoutFiles(step.projectRoot)) {
    const from = path.join(step.projectRoot, file);
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    // A link stays a link, as git checks one out: copying it would copy what it points at, or fail on a folder.
    if (fs.lstatSync(from).isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), path.join(target, file));
    else fs.copyFileSync(from, path.join(target, file));
  }
};

const setupNode: Action = (step) => {
  const wanted = fs.readFileSync(path.join(step.workspace, step.with['node-version-file'] ?? '.nvmrc'), 'utf8').trim();
  const running = process.versions.node.split('.')[0];
  if (running !== wanted)
    throw new Error(`the workflow asks for Node ${wanted}; this machine runs ${process.versions.node}`);
  step.log(`node ${process.versions.node}, as ${step.with['node-version-file'] ?? '.nvmrc'} asks`);
};

/** The paths of a `path:` input: one a line, as upload-artifact reads them. */
const pathsOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * upload-artifact: the files under the paths, kept relative to their least common ancestor (a
 * single folder's contents at the artifact's root), as the action stores them; none found is a warning.
 */
function upload(step: StandInStep, name: string, paths: readonly string[]): void {
  const found = paths.map((entry) => path.join(step.workspace, entry)).filter((entry) => fs.existsSync(entry));
  const target = path.join(step.artifactsDir, name);
  if (fs.existsSync(target)) throw new Error(`an artifact named ${name} exists already in this run`);
  if (found.length === 0) {
    step.log(`warning: no files found at ${paths.join(', ')}: no artifact uploaded`);
    return;
  }
  const root =
    found.length === 1 && fs.statSync(found[0]!).isDirectory()
      ? found[0]!
      : commonAncestor(found.map((entry) => path.dirname(entry)));
  for (const entry of found) fs.cpSync(entry, path.join(target, path.relative(root, entry)), { recursive: true });
}

function commonAncestor(folders: readonly string[]): string {
  const split = folders.map((folder) => folder.split(path.sep));
  const common: string[] = [];
  for (let index = 0; split.every((parts) => parts[index] !== undefined && parts[index] === split[0]![index]); index++)
    common.push(split[0]![index]!);
  return common.join(path.sep) || path.sep;
}

const uploadArtifact: Action = (step) => upload(step, step.with.name ?? 'artifact', pathsOf(step.with.path));

/** download-artifact: by name (missing: the step fails), or every artifact matching a pattern (none: nothing). */
const downloadArtifact: Action = (step) => {
  const target = path.join(step.workspace, step.with.path ?? '');
  const existing = fs.existsSync(step.artifactsDir) ? fs.readdirSync(step.artifactsDir) : [];
  if (step.with.name) {
    if (!existing.includes(step.with.name)) throw new Error(`Artifact not found for name: ${step.with.name}`);
    fs.cpSync(path.join(step.artifactsDir, step.with.name), target, { recursive: true });
    return;
  }
  const matching = existing.filter((name) => path.matchesGlob(name, step.with.pattern ?? '*'));
  fs.mkdirSync(target, { recursive: true });
  for (const name of matching) {
    const into = step.with['merge-multiple'] === 'true' ? target : path.join(target, name);
    fs.cpSync(path.join(step.artifactsDir, name), into, { recursive: true });
  }
  step.log(`${matching.length} artifact(s) downloaded`);
};

const PAGES_ARTIFACT = 'github-pages';

const uploadPagesArtifact: Action = (step) => upload(step, PAGES_ARTIFACT, [step.with.path ?? '_site']);

const deployPages: Action = (step) => {
  const artifact = path.join(step.artifactsDir, PAGES_ARTIFACT);
  if (!fs.existsSync(artifact)) throw new Error('No artifact named github-pages was uploaded in this run');
  fs.rmSync(step.pagesDir, { recursive: true, force: true });
  fs.cpSync(artifact, step.pagesDir, { recursive: true });
  return { page_url: `file://${step.pagesDir}/` };
};

/** `npm ci` as a link to this checkout's install: the same lock file, installed once by .ci/run or by you. */
const npmCi: Action = (step) => {
  const modules = path.join(step.projectRoot, 'node_modules');
  if (!fs.existsSync(modules)) throw new Error(`${modules} is missing: run npm ci in ${step.projectRoot} first`);
  fs.symlinkSync(modules, path.join(step.workspace, 'node_modules'), 'dir');
};

/** The browser download, replaced by the project's own setup, which finds or installs a Chromium without downloading one. */
const browserSetup: Action = (step) => {
  execFileSync(process.execPath, ['scripts/setup.ts', 'browser'], {
    cwd: step.workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: step.timeoutMs,
  });
};

interface StandInEntry extends StandIn {
  readonly run: Action;
}

/** Actions by name (without `@version`), and `run:` steps by their exact text. */
export const STEP_STAND_INS: readonly StandInEntry[] = [
  {
    for: 'actions/checkout',
    instead:
      "a copy of this checkout's files (tracked and new, not ignored); with `ref:`, a clone of that branch of the replay's bare repository",
    run: checkout,
  },
  { for: 'actions/setup-node', instead: "this machine's Node, which must be the major `.nvmrc` names", run: setupNode },
  { for: 'actions/upload-artifact', instead: "a copy into the run's artifact folder", run: uploadArtifact },
  {
    for: 'actions/download-artifact',
    instead: "a copy out of the run's artifact folder, by name or pattern",
    run: downloadArtifact,
  },
  {
    for: 'actions/upload-pages-artifact',
    instead: 'the `github-pages` artifact, a copy of the folder',
    run: uploadPagesArtifact,
  },
  {
    for: 'actions/deploy-pages',
    instead: "a copy of the `github-pages` artifact into the replay's `pages/` folder",
    run: deployPages,
  },
  { for: 'npm ci', instead: "a link to this checkout's `node_modules`, installed from the same lock file", run: npmCi },
  {
    for: 'npx playwright install --with-deps --only-shell chromium',
    instead: "`npm run browser`, the project's own browser setup (Playwright's download is out of reach here)",
    run: browserSetup,
  },
];

/** What surrounds the workflow: the services its steps talk to. */
export const SERVICE_STAND_INS: readonly StandIn[] = [
  { for: "Wink's hosts", instead: 'the emulator playing each environment, on loopback (`<ENV>_<ID>_URL`)' },
  { for: 'github.com, the control probe', instead: 'a loopback server that answers every request' },
  {
    for: 'the repository and its `history` branch',
    instead: 'a bare repository in the replay folder (`GITHUB_SERVER_URL` is its parent)',
  },
  { for: "GitHub's issues API", instead: 'a loopback stand-in keeping the issues in `issues.json`' },
  {
    for: 'the webhook secrets (Slack, Teams, webhook)',
    instead: 'loopback receivers writing every message to `messages.jsonl`',
  },
  { for: 'GitHub Pages', instead: 'the `pages/` folder' },
  {
    for: 'concurrency groups',
    instead: "none needed: a replay's jobs run one at a time; replays run side by side race as runs do",
  },
];

/** The stand-in for a step, by its action or its exact `run:` text; undefined when it runs as written. */
export function standInFor(step: { readonly uses?: string; readonly run?: string }): StandInEntry | undefined {
  const key = step.uses ? step.uses.split('@')[0] : step.run?.trim();
  return STEP_STAND_INS.find((entry) => entry.for === key);
}
