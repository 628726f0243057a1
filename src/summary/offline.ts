/**
 * Whether a run says anything of an environment's hosts. A runner cut off from the network sees
 * every host go unanswered (dns, connect, timeout), just as a total outage of Wink would look; the
 * control probe (`src/checks/control.ts`) tells the two apart. When the control went unanswered
 * too, the run's verdict is the monitor's: each check keeps its row and its facts, but is not
 * judged (`skipped`), so the history, the alerts and the status page learn nothing of the hosts
 * from the run. When the control answered, the same failures are Wink's.
 */
import type { EnvironmentName } from '../catalog/catalog.ts';
import { NO_ANSWER_FAULTS, controlAnswered, type ControlRecord } from '../checks/control.ts';
import type { OfflineEnvironment, SummaryRow } from './summary.ts';

/** The note of a check the run did not judge, its runner being cut off. */
export const NOT_JUDGED = 'not judged: the runner could not reach the network';

/**
 * A failure with no answer from the host at all: a request's dns, connect or timeout, or a host the
 * warm-up could not wake whose last probe got no answer either.
 */
function wentUnanswered(row: SummaryRow): boolean {
  if (row.verdict !== 'fail') return false;
  const fault = row.fault === 'asleep' ? row.wake?.lastFault : row.fault;
  return fault !== undefined && NO_ANSWER_FAULTS.has(fault);
}

/**
 * The rows as judged, and the environments whose run was the monitor's failure: every control went
 * unanswered, and every check was skipped for it or went unanswered too. An environment without a control probe
 * (`local`, SMOKE_CONTROL_URL=none) is never judged so.
 */
export function judgeReachability(
  rows: readonly SummaryRow[],
  controls: ReadonlyMap<EnvironmentName, readonly ControlRecord[]>,
): { readonly rows: readonly SummaryRow[]; readonly offline: readonly OfflineEnvironment[] } {
  const offline = [...controls]
    .filter(([environment, records]) => {
      const ofEnvironment = rows.filter((row) => row.environment === environment);
      const ran = ofEnvironment.filter((row) => row.verdict !== 'skipped');
      // The workers skip every check of a runner whose control went unanswered (fixtures/control.ts):
      // none ran then. One that did run (a shard's control answered) must have gone unanswered too.
      return !controlAnswered(records) && ofEnvironment.length > 0 && ran.every(wentUnanswered);
    })
    .map(([environment, records]) => ({ environment, controls: records }));
  const cutOff = new Set(offline.map((entry) => entry.environment));
  return {
    rows: rows.map((row) => (cutOff.has(row.environment) ? { ...row, verdict: 'skipped', note: NOT_JUDGED } : row)),
    offline,
  };
}
