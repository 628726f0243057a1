/**
 * Maintenance windows and mutes, from a file in the repository (`maintenance.json`, or the one
 * `SMOKE_MAINTENANCE_FILE` names). During one, a host's checks still run and report, each record
 * marked `silenced` with the window or mute and its reason, and its failures are reported only: they
 * fail neither the run nor its verdict, and nobody is alerted (`src/alerts/state.ts` reads the mark).
 * A window is planned work, from a time to a time; a mute silences a known problem until a time, or
 * until someone removes it.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { ENVIRONMENTS, type EnvironmentName } from '../catalog/catalog.ts';
import { type HostEntry } from '../catalog/hosts.ts';
import type { RetiredPolicy } from './policies.ts';
import { didYouMean } from '../shared/typos.ts';
import { IN_WORDS, fieldsOf, firstIssue, firstIssueLine } from '../shared/zod-issue.ts';

/** What a silenced check's record and history line carry: which kind of silence, and why. */
export interface Silence {
  readonly kind: 'maintenance' | 'mute';
  readonly reason: string;
  /** When it ends (ISO 8601); unset for a mute without an end. */
  readonly until?: string;
}

/** A time with its offset, so that a window means the same instant on every runner. */
const instant = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 time with offset, e.g. 2026-03-01T22:00:00Z',
});

/** The fields of a window and of a mute, each with what it must hold. */
function entryFields(hostIds: readonly string[]) {
  const host = z.string().refine((id) => id === '*' || hostIds.includes(id), {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a host of the catalog; ${didYouMean(String(issue.input), hostIds, 'a host id of the catalog, or "*" for every host')}`,
  });
  const environment = z.enum(ENVIRONMENTS).optional();
  const reason = z.string().trim().min(1, 'expected the reason, in words');
  return {
    windows: { environment, host, from: instant, to: instant, reason },
    mutes: { environment, host, until: instant.optional(), reason },
  };
}

function fileSchema(hostIds: readonly string[]) {
  const fields = entryFields(hostIds);
  return fieldsOf({
    windows: z
      .array(
        fieldsOf(fields.windows).refine((window) => Date.parse(window.from) < Date.parse(window.to), {
          error: 'expected "from" before "to"',
        }),
      )
      .default([]),
    mutes: z.array(fieldsOf(fields.mutes)).default([]),
  });
}

/**
 * `host, from, to and reason (environment is optional)`: what an entry of the list holds, from its
 * fields, for the message about one that lacks a required field (and for docs/alerts.md, which says the same).
 */
export function entryFieldsInWords(list: 'windows' | 'mutes'): string {
  const fields = Object.entries<z.ZodType>(entryFields([])[list]);
  const and = new Intl.ListFormat('en', { type: 'conjunction' });
  const required = fields.filter(([, schema]) => !schema.isOptional()).map(([name]) => name);
  const optional = fields.filter(([, schema]) => schema.isOptional()).map(([name]) => name);
  return `${and.format(required)} (${and.format(optional)} ${optional.length === 1 ? 'is' : 'are'} optional)`;
}

export type Maintenance = z.infer<ReturnType<typeof fileSchema>>;

export const NO_MAINTENANCE: Maintenance = { windows: [], mutes: [] };

/**
 * Reads and validates the file; throws an Error whose message is one line naming the file, the
 * entry and what is expected. `label` names the file as the user gave it.
 */
export function readMaintenance(file: string, label: string, hostIds: readonly string[]): Maintenance {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${label} is not a readable JSON file: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  const parsed = fileSchema(hostIds).safeParse(raw, IN_WORDS);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    const [list, index, field] = issue.where;
    if (issue.missing && (list === 'windows' || list === 'mutes') && typeof field === 'string') {
      const kind = list === 'windows' ? 'window' : 'mute';
      throw new Error(
        `${label}: ${list}[${String(index)}] has no "${field}"; expected every ${kind} to have ${entryFieldsInWords(list)}`,
      );
    }
    throw new Error(`${label}: ${firstIssueLine(parsed.error)}`);
  }
  return parsed.data;
}

/** The window or mute silencing this host of this environment at this instant, if any; windows first. */
export function silenceOf(
  maintenance: Maintenance,
  environment: EnvironmentName,
  host: string,
  at: Date,
): Silence | undefined {
  const applies = (entry: { readonly environment?: EnvironmentName | undefined; readonly host: string }): boolean =>
    (entry.environment === undefined || entry.environment === environment) &&
    (entry.host === '*' || entry.host === host);
  const time = at.getTime();
  const window = maintenance.windows.find(
    (entry) => applies(entry) && Date.parse(entry.from) <= time && time < Date.parse(entry.to),
  );
  if (window) return { kind: 'maintenance', reason: window.reason, until: window.to };
  const mute = maintenance.mutes.find(
    (entry) => applies(entry) && (entry.until === undefined || time < Date.parse(entry.until)),
  );
  if (mute) return { kind: 'mute', reason: mute.reason, ...(mute.until === undefined ? {} : { until: mute.until }) };
  return undefined;
}

/** `maintenance until 2026-03-01T23:00:00Z: database migration`: the mark for people. */
export function describeSilence(silence: Silence): string {
  return `${silence.kind === 'maintenance' ? 'maintenance' : 'muted'}${silence.until ? ` until ${silence.until}` : ''}: ${silence.reason}`;
}

/**
 * Why a failure of a host's check is reported only, if it is: a silence in force first, then a
 * retired host under SMOKE_RETIRED=report. The check says so when it fails; the summary, for a host
 * whose checks never started because nothing woke.
 */
export function reportedOnlyBecause(
  host: HostEntry,
  silenced: Silence | undefined,
  retired: RetiredPolicy,
): string | undefined {
  if (silenced) return describeSilence(silenced);
  return host.retired && retired === 'report' ? `retired host (${host.retired})` : undefined;
}
