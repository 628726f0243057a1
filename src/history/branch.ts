/**
 * Keeps the run history on a branch of its own (`history`), as Upptime keeps its data: a CI job
 * with `contents: write` appends a run's new lines to the branch's files and pushes. Two
 * environments' runs that finish together push at once; the later push is rejected, so each
 * attempt starts again from the branch's new tip (a fresh shallow fetch), replays the append (a
 * rebase that cannot conflict: lines are only ever added at the ends of files) and pushes again,
 * a bounded number of times. A run already on the branch is not appended twice, so a re-run job
 * adds nothing.
 *
 * Node's built-ins and `history.ts` only, so that `node scripts/history.ts` runs without `npm ci`
 * (Node 24 strips the types): a run that died in `npm ci` still gets its line.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MONTH_FILE } from './history.ts';

export interface PublishOptions {
  /** New lines, as a run's SMOKE_HISTORY_DIR holds them: `<environment>/<YYYY-MM>.jsonl`. */
  readonly linesDir: string;
  /** The repository: a URL or a path. */
  readonly remote: string;
  readonly branch: string;
  /** Pushes tried before giving up. */
  readonly attempts: number;
  readonly message: string;
  /** Added to git's environment: credentials travel here (GIT_CONFIG_*), never in arguments. */
  readonly gitEnv?: Readonly<Record<string, string>>;
  /** Waits between attempts; the tests pass one that does not. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each push, after the append: where a test makes another publisher win the race. */
  readonly beforePush?: (attempt: number) => Promise<void>;
  readonly log?: (line: string) => void;
}

export interface PublishResult {
  /** Pushes tried (0 when nothing was new). */
  readonly attempts: number;
  /** Lines appended to the branch. */
  readonly appended: number;
  /** Lines left out because their run is on the branch already. */
  readonly alreadyThere: number;
}

const COMMITTER = [
  '-c',
  'user.name=github-actions[bot]',
  '-c',
  'user.email=41898282+github-actions[bot]@users.noreply.github.com',
];

/** The wait before attempt n + 1: 1, 2, 4, 8 ... s, up to 30 s, spread by ±50% so racers part. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.5 + random());
}

/** A line's identity for de-duplication: a run line's id, and every line's `at`. */
interface ParsedLine {
  readonly text: string;
  readonly type: string;
  readonly at: string;
  readonly run: string | undefined;
}

function parseLines(text: string): ParsedLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line): ParsedLine[] => {
      try {
        const parsed = JSON.parse(line) as { type?: unknown; at?: unknown; run?: unknown };
        if (typeof parsed.type !== 'string' || typeof parsed.at !== 'string') return [];
        return [
          {
            text: line,
            type: parsed.type,
            at: parsed.at,
            run: typeof parsed.run === 'string' ? parsed.run : undefined,
          },
        ];
      } catch {
        // A line cut short by a crash mid-write is not carried onto the branch.
        return [];
      }
    });
}

/** The new files: `<environment>/<YYYY-MM>.jsonl` relative to the folder. */
function newFiles(linesDir: string): string[] {
  if (!fs.existsSync(linesDir)) return [];
  return fs
    .readdirSync(linesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[a-z0-9-]+$/.test(entry.name))
    .flatMap((entry) =>
      fs
        .readdirSync(path.join(linesDir, entry.name))
        .filter((name) => MONTH_FILE.test(name))
        .map((name) => path.join(entry.name, name)),
    )
    .sort();
}

/**
 * Appends each file's new lines to the same file under `target`, leaving out the lines of runs
 * whose run line is there already. Returns the counts.
 */
function appendNewLines(linesDir: string, target: string): { appended: number; alreadyThere: number } {
  let appended = 0;
  let alreadyThere = 0;
  for (const file of newFiles(linesDir)) {
    const incoming = parseLines(fs.readFileSync(path.join(linesDir, file), 'utf8'));
    const destination = path.join(target, file);
    const existing = fs.existsSync(destination) ? fs.readFileSync(destination, 'utf8') : '';
    const knownRuns = new Set(
      parseLines(existing).flatMap((line) => (line.type === 'run' && line.run ? [line.run] : [])),
    );
    // The `at` of every run already there: its check lines go with it.
    const knownAts = new Set(
      incoming.flatMap((line) => (line.type === 'run' && line.run && knownRuns.has(line.run) ? [line.at] : [])),
    );
    const fresh = incoming.filter((line) => !knownAts.has(line.at));
    alreadyThere += incoming.length - fresh.length;
    if (fresh.length === 0) continue;
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    fs.appendFileSync(destination, `${separator}${fresh.map((line) => line.text).join('\n')}\n`);
    appended += fresh.length;
  }
  return { appended, alreadyThere };
}

/** Bound on one git command: a fetch or push of a small branch takes seconds; two minutes means hung. */
const GIT_TIMEOUT_MS = 120_000;

function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  return execFileSync('git', args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: GIT_TIMEOUT_MS,
  });
}

/** Whether the remote has the branch: `git ls-remote --exit-code` exits 2 when it has not. */
function branchExists(cwd: string, branch: string, env: NodeJS.ProcessEnv): boolean {
  try {
    git(cwd, ['ls-remote', '--exit-code', '--heads', 'origin', branch], env);
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 2) return false;
    throw error;
  }
}

/** Git's verdict from what it wrote to stderr: `! [rejected] ... (fetch first)`, `fatal: ...`. */
function verdictOf(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr || (error as Error).message;
  const lines = stderr.split('\n').map((line) => line.trim());
  return lines.find((line) => /^(!|fatal:|error:)/.test(line)) ?? lines.find((line) => line !== '') ?? 'failed';
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function publishHistory(options: PublishOptions): Promise<PublishResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const sleep = options.sleep ?? realSleep;
  // No user or system git config: the same behaviour on a laptop and on a runner.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    ...options.gitEnv,
  };
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-history-'));
    try {
      git(work, ['init', '-q', '-b', options.branch], env);
      git(work, ['remote', 'add', 'origin', options.remote], env);
      if (branchExists(work, options.branch, env)) {
        // The tip only: appending needs the files, not their past.
        git(work, ['fetch', '-q', '--depth=1', 'origin', options.branch], env);
        git(work, ['reset', '-q', '--hard', 'FETCH_HEAD'], env);
      }
      const { appended, alreadyThere } = appendNewLines(options.linesDir, work);
      if (appended === 0) {
        log(`history: nothing new for ${options.branch} (${alreadyThere} lines already there)`);
        return { attempts: attempt - 1, appended, alreadyThere };
      }
      git(work, ['add', '-A'], env);
      git(work, [...COMMITTER, 'commit', '-q', '-m', options.message], env);
      await options.beforePush?.(attempt);
      git(work, ['push', '-q', 'origin', `HEAD:refs/heads/${options.branch}`], env);
      log(`history: appended ${appended} lines to ${options.branch} (attempt ${attempt})`);
      return { attempts: attempt, appended, alreadyThere };
    } catch (error) {
      // A rejected push (another run pushed first) or a network failure: again from the new tip.
      if (attempt === options.attempts)
        throw new Error(`gave up after ${attempt} attempts: ${verdictOf(error)}`, { cause: error });
      const wait = backoffMs(attempt);
      log(
        `history: attempt ${attempt} failed (${verdictOf(error)}); again from the new tip in ${(wait / 1000).toFixed(1)} s`,
      );
      await sleep(wait);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  throw new Error(`history: no attempt was made (attempts=${options.attempts})`);
}

/**
 * Git's environment for an https remote with a GitHub token: an Authorization header, as
 * actions/checkout sets it, given through GIT_CONFIG_* so it appears in no argument and no file.
 */
export function tokenEnv(remote: string, token: string | undefined): Record<string, string> {
  if (!token || !remote.startsWith('https://')) return {};
  const origin = new URL(remote).origin;
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
  };
}
