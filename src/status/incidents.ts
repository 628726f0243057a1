/**
 * An incident is a streak of runs that found a host down or degraded, from the first such run to the
 * first run that found it up again (open while none has). Runs that did not observe the host neither
 * extend nor end it. Its severity is the worst its runs found. A streak of runs that observed no host
 * at all (the run died, or its warm-up failed) is an incident of the environment.
 */
import type { HistoryRun } from '../history/runs.ts';
import { runRef, type Finding, type HostObservation, type RunRef } from './observation.ts';

export type IncidentSeverity = 'down' | 'degraded' | 'unchecked';

export interface Incident {
  /** The host; undefined for an incident of the environment (`unchecked`: runs that observed no host). */
  readonly host: string | undefined;
  /** `down` when any of its runs found the host down, else `degraded`. */
  readonly severity: IncidentSeverity;
  /** The first run that found it. */
  readonly from: RunRef;
  /** The last run that found it. */
  readonly last: RunRef;
  /** The run that found the host up again (or observed a host again); undefined while it lasts. */
  readonly to: RunRef | undefined;
  /** How many runs found it. */
  readonly runs: number;
  /** Its distinct faults and causes, first seen first (at most `MAX_FINDINGS`). */
  readonly findings: readonly Finding[];
  /** Set when the host is retired now. */
  readonly retired: boolean;
}

/** An incident lists at most this many distinct causes: a long incident's causes often differ only in numbers. */
const MAX_FINDINGS = 3;

function addFinding(findings: Finding[], finding: Finding): void {
  if (findings.length >= MAX_FINDINGS) return;
  if (findings.some((known) => known.fault === finding.fault && known.cause === finding.cause)) return;
  findings.push(finding);
}

/** A host's incidents: its streaks of down or degraded runs, oldest first. */
export function incidentsOf(host: string, observations: readonly HostObservation[], retired: boolean): Incident[] {
  const incidents: Incident[] = [];
  let open: { from: RunRef; last: RunRef; runs: number; down: boolean; findings: Finding[] } | undefined;
  const close = (to: RunRef | undefined): void => {
    if (!open) return;
    incidents.push({
      host,
      severity: open.down ? 'down' : 'degraded',
      from: open.from,
      last: open.last,
      to,
      runs: open.runs,
      findings: open.findings,
      retired,
    });
    open = undefined;
  };
  for (const observation of observations) {
    if (observation.state === 'up') {
      close(observation.run);
      continue;
    }
    open ??= { from: observation.run, last: observation.run, runs: 0, down: false, findings: [] };
    open.last = observation.run;
    open.runs += 1;
    open.down ||= observation.state === 'down';
    for (const finding of observation.findings) addFinding(open.findings, finding);
  }
  close(undefined);
  return incidents;
}

/** Why a run observed no host, from its run line. */
export function whyNothing(run: HistoryRun): string {
  const line = run.line;
  if (!line) return 'the run recorded no check';
  const problems = line.problems?.join('; ');
  if (line.status === 'died') return problems ? `the run died: ${problems}` : 'the run died before any check';
  return problems ?? `the run ended ${line.status} before any check ran`;
}

/** The environment's own incidents: streaks of runs that observed no host. */
export function uncheckedIncidents(runs: readonly HistoryRun[], observedAny: ReadonlySet<HistoryRun>): Incident[] {
  const incidents: Incident[] = [];
  let open: { from: RunRef; last: RunRef; runs: number; findings: Finding[] } | undefined;
  for (const run of runs) {
    if (observedAny.has(run)) {
      if (open) incidents.push({ host: undefined, severity: 'unchecked', ...open, to: runRef(run), retired: false });
      open = undefined;
      continue;
    }
    open ??= { from: runRef(run), last: runRef(run), runs: 0, findings: [] };
    open.last = runRef(run);
    open.runs += 1;
    addFinding(open.findings, {
      check: 'run',
      verdict: 'fail',
      fault: run.line?.status ?? 'died',
      cause: whyNothing(run),
    });
  }
  if (open) incidents.push({ host: undefined, severity: 'unchecked', ...open, to: undefined, retired: false });
  return incidents;
}
