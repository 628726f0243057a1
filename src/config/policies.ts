/**
 * The rules a run and its alerts follow, as the settings give them: here, below the settings and
 * the maintenance file that name them, and below the plan and the alerts that apply them.
 */

/** What to do with hosts the current environments page no longer lists (SMOKE_RETIRED). */
export const RETIRED_POLICIES = ['report', 'check', 'skip'] as const;
export type RetiredPolicy = (typeof RETIRED_POLICIES)[number];

/**
 * What a contract change does (SMOKE_CONTRACT): a host up but no longer serving a documented
 * surface is reported as `contract` and fails nothing (report), or fails like any check (check).
 */
export const CONTRACT_POLICIES = ['report', 'check'] as const;
export type ContractPolicy = (typeof CONTRACT_POLICIES)[number];

/** When a host counts as down, recovered, and is reminded of (SMOKE_ALERT_AFTER, SMOKE_RECOVER_AFTER, SMOKE_REMIND_H). */
export interface AlertPolicy {
  /** Failing runs in a row that make a host down. */
  readonly alertAfter: number;
  /** Passing runs in a row that make a down host recover. */
  readonly recoverAfter: number;
  /** A host still down is announced again this long after its last announcement; 0 never. */
  readonly remindMs: number;
}
