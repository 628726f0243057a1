/**
 * The rules a run and its alerts follow, as the settings give them: here, below the settings and
 * the maintenance file that name them, and below the plan and the alerts that apply them.
 */

/** What to do with hosts the current environments page no longer lists (SMOKE_RETIRED). */
export const RETIRED_POLICIES = ['report', 'check', 'skip'] as const;
export type RetiredPolicy = (typeof RETIRED_POLICIES)[number];

/** When a host counts as down, recovered, and is reminded of (SMOKE_ALERT_AFTER, SMOKE_RECOVER_AFTER, SMOKE_REMIND_H). */
export interface AlertPolicy {
  /** Failing runs in a row that make a host down. */
  readonly alertAfter: number;
  /** Passing runs in a row that make a down host recover. */
  readonly recoverAfter: number;
  /** A host still down is announced again this long after its last announcement; 0 never. */
  readonly remindMs: number;
}
