/**
 * The run history: every run appends one line per check, plus one line for the run itself, to a
 * JSON Lines file per environment and month: `<SMOKE_HISTORY_DIR>/<environment>/<YYYY-MM>.jsonl`.
 * One line per fact diffs well in git (a run adds lines, never rewrites one), two environments'
 * runs never write the same file, and a month's file is the unit of rotation. The status page and
 * the alerts read it; the format is documented in docs/alerts.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EnvironmentName } from '../catalog/catalog.ts';
import type { ChannelVariable } from '../config/channels.ts';
import type { Silence } from '../config/maintenance.ts';
import type { OperationChange } from '../checks/openapi-diff.ts';
import type { Verdict } from '../checks/record.ts';
import type { WebVitals } from '../checks/vitals.ts';
import { DOMAIN_ANSWER_MAX_AGE_MS, type DomainAnswer } from '../checks/rdap.ts';

/** The run, once: when, how it ended, and where to read it. */
export interface RunLine {
  readonly type: 'run';
  /** Unique per run: the start time, plus GitHub's run id and attempt when there is one. */
  readonly run: string;
  readonly at: string;
  readonly environment: EnvironmentName;
  /**
   * Playwright's status (passed, failed, timedout, interrupted), `died` when no check reported, or
   * `offline` (RUNNER_OFFLINE) when every host and the control probe went unanswered.
   */
  readonly status: string;
  readonly durationMs?: number;
  readonly checks: number;
  /** Setup steps that failed, in words (the warm-up, the emulator), or why the run died. */
  readonly problems?: readonly string[];
  /** A link to the run (GitHub Actions), when there is one. */
  readonly link?: string;
}

/**
 * The status of a run whose runner could not reach the network: its hosts and its control probe all
 * went unanswered, so its checks say nothing of the hosts, and the monitor is what is broken.
 */
export const RUNNER_OFFLINE = 'offline';

/**
 * One check of one run: the record's facts that history needs, flat and short. Its run is the run
 * line with the same `at` in the same file; the file names the environment.
 */
export interface CheckLine {
  readonly type: 'check';
  readonly at: string;
  readonly host: string;
  /** The check's name without the host id, as in the summary. */
  readonly check: string;
  readonly verdict: Verdict;
  readonly httpStatus?: number;
  readonly latencyMs?: number;
  readonly certDays?: number;
  /**
   * Who issued the host's certificate, read and trusted (its organisation: `Let's Encrypt`), on the first line of
   * the host in its run only: a change from the host's previous one is told once (`issuer-changed`).
   * Added with issue 29: older lines lack it.
   */
  readonly issuer?: string;
  readonly wakeMs?: number;
  readonly fault?: string;
  readonly cause?: string;
  /**
   * Why a degraded check is degraded, in words, with the bound in force then (`GET / took 2410 ms,
   * over SMOKE_API_DEGRADED_MS=2000`). Added after the first version of the format: older lines
   * lack it.
   */
  readonly note?: string;
  /** An app check's web vitals (added with issue 31: older lines lack them). */
  readonly vitals?: WebVitals;
  /** A failed check's trace id, as it sent it in `traceparent` (added with issue 31). */
  readonly traceId?: string;
  /**
   * A domain check's RDAP answer, when it had one (added with issue 29): a later run within a day
   * reuses it instead of asking RDAP again. An unknown answer is never written, so never reused.
   */
  readonly domain?: DomainAnswer;
  readonly retired?: true;
  readonly reportedOnly?: true;
  /** A maintenance window or mute covered the host: its failure alerts nobody. */
  readonly silenced?: Silence;
}

/**
 * An OpenAPI document a run read, at most one per host and path: its digest every run; the document
 * itself (gzipped, `snapshot`) and what changed since the previous snapshot (`changes`) only in a
 * run where the digest changed, so an unchanged document costs a few dozen bytes a run.
 */
export interface DocumentLine {
  readonly type: 'document';
  readonly at: string;
  readonly host: string;
  /** The document's path on the host: `/v3/api-docs/reference`. */
  readonly path: string;
  readonly digest: string;
  readonly snapshot?: string;
  /** Operations added, removed and changed since the previous snapshot; absent on the first one. */
  readonly changes?: readonly OperationChange[];
}

/**
 * One send of one alert to one channel, by `notify`: which change (the run that showed it, and the
 * change's key in it), which channel, and whether the channel took it. The next `notify` sends
 * again what was not delivered, and nothing that was.
 */
export interface DeliveryLine {
  readonly type: 'delivery';
  /** When the send was tried: it says nothing of the run, which `run` names. */
  readonly at: string;
  /** The run that showed the change: its run line's `run`. */
  readonly run: string;
  /** Which change of that run: its kind, and its host when it has one (`down inventory`). */
  readonly change: string;
  readonly channel: ChannelVariable;
  readonly delivered: boolean;
  /** Why not, naming the channel's variable, never its URL. */
  readonly error?: string;
}

export type HistoryLine = RunLine | CheckLine | DocumentLine | DeliveryLine;

/** Where the lines of an environment's month go. */
function historyFile(directory: string, environment: string, at: Date): string {
  return path.join(directory, environment, `${at.toISOString().slice(0, 7)}.jsonl`);
}

/** Leaves undefined fields out, so each line holds only what was measured. */
export function compact<T extends object>(line: { readonly [K in keyof T]-?: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(line).filter(([, value]) => value !== undefined)) as T;
}

/**
 * A run's id and link from GitHub Actions' variables, when it runs there: the id is the start time,
 * plus the run id and attempt, so that a re-run of the same workflow run is a run of its own.
 */
export function runIdentity(
  startedAt: string,
  github: Readonly<Record<string, string | undefined>> = process.env,
): { readonly run: string; readonly link: string | undefined } {
  const id = github.GITHUB_RUN_ID;
  if (!id) return { run: startedAt, link: undefined };
  const server = github.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    run: `${startedAt}#${id}.${github.GITHUB_RUN_ATTEMPT ?? '1'}`,
    link: github.GITHUB_REPOSITORY ? `${server}/${github.GITHUB_REPOSITORY}/actions/runs/${id}` : undefined,
  };
}

/** A run that ended before any check reported (an install step, a bad configuration): its line. */
export function diedRunLine(
  environment: EnvironmentName,
  run: string,
  at: Date,
  reason: string,
  link?: string,
): RunLine {
  return compact({
    type: 'run',
    run,
    at: at.toISOString(),
    environment,
    status: 'died',
    checks: 0,
    problems: [reason],
    link,
  });
}

/** Appends one environment's lines to its file of the month each line's run started in. */
export function appendHistory(directory: string, environment: string, lines: readonly HistoryLine[]): void {
  const byFile = new Map<string, string[]>();
  for (const line of lines) {
    const file = historyFile(directory, environment, new Date(line.at));
    const texts = byFile.get(file) ?? [];
    if (texts.length === 0) byFile.set(file, texts);
    texts.push(JSON.stringify(line));
  }
  for (const [file, texts] of byFile) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${texts.join('\n')}\n`);
  }
}

/** A month's file of an environment's history: `2026-11.jsonl`. */
export const MONTH_FILE = /^\d{4}-\d{2}\.jsonl$/;

/** The month files of an environment's history, oldest first, from the month of `since` on. */
export function historyFiles(directory: string, environment: string, since?: Date): string[] {
  const folder = path.join(directory, environment);
  if (!fs.existsSync(folder)) return [];
  const firstFile = since === undefined ? '' : `${since.toISOString().slice(0, 7)}.jsonl`;
  return fs
    .readdirSync(folder)
    .filter((name) => MONTH_FILE.test(name) && name >= firstFile)
    .sort()
    .map((name) => path.join(folder, name));
}

/**
 * Every line of an environment's history, oldest month first; a line that does not parse is skipped.
 * With `since`, only the files of its month and later are read: a year's page need not read ten.
 */
export function readHistory(directory: string, environment: string, since?: Date): HistoryLine[] {
  return historyFiles(directory, environment, since).flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((text) => text.trim() !== '')
      .flatMap((text): HistoryLine[] => {
        try {
          return [JSON.parse(text) as HistoryLine];
        } catch {
          // A line cut short by a crash mid-write: the rest of the history still reads.
          return [];
        }
      }),
  );
}

/**
 * The document lines of an environment's history in each folder, the older folder first (the
 * history branch, then the run's own). Only document lines are parsed: a year of check lines is
 * skipped by its first bytes, since every line is written with its type first.
 */
export function readDocumentLines(directories: readonly string[], environment: string): DocumentLine[] {
  return directories.flatMap((directory) =>
    historyFiles(directory, environment).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((text) => text.startsWith(DOCUMENT_LINE_START))
        .flatMap((text): DocumentLine[] => {
          try {
            return [JSON.parse(text) as DocumentLine];
          } catch {
            return [];
          }
        }),
    ),
  );
}

/**
 * The newest RDAP answer per domain in an environment's history, in each folder (the history branch
 * and the run's own), read from the months a day back reaches. Only check lines that carry a domain
 * are parsed: the rest are passed over by a look at their text.
 */
export function readDomainAnswers(
  directories: readonly string[],
  environment: string,
  now: Date,
): Map<string, DomainAnswer> {
  const since = new Date(now.getTime() - DOMAIN_ANSWER_MAX_AGE_MS);
  const newest = new Map<string, DomainAnswer>();
  for (const file of directories.flatMap((directory) => historyFiles(directory, environment, since))) {
    for (const text of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!text.startsWith(CHECK_LINE_START) || !text.includes(DOMAIN_FIELD)) continue;
      let answer: DomainAnswer | undefined;
      try {
        answer = (JSON.parse(text) as CheckLine).domain;
      } catch {
        continue;
      }
      const known = answer && newest.get(answer.name);
      if (answer && (!known || Date.parse(answer.readAt) > Date.parse(known.readAt))) newest.set(answer.name, answer);
    }
  }
  return newest;
}

/** How a check line starts, and how its domain field does, as `appendHistory` writes them. */
const CHECK_LINE_START = '{"type":"check"';
const DOMAIN_FIELD = '"domain":{';

/** How every document line starts, as `appendHistory` writes it (`type` is its first field). */
const DOCUMENT_LINE_START = '{"type":"document"';

/** The environments whose history the directory holds. */
export function historyEnvironments(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
