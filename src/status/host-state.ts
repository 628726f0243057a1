/**
 * A host's state over runs: the one definition the status page (`status.ts`) and the alerts
 * (`src/alerts/state.ts`) both read, so that a host is down in one exactly when it is in the other.
 * Each run that ran any of a host's checks either failed it (a check failed) or passed it.
 *
 * - `down` after `alertAfter` failing runs in a row (SMOKE_ALERT_AFTER), until `recoverAfter`
 *   passing runs in a row (SMOKE_RECOVER_AFTER);
 * - `degraded` while it answers, but not well (a check slow, passing on retry only, or no longer
 *   serving a documented surface), or fails for fewer runs in a row than make it down;
 * - `up` otherwise; `retired` once the current environments page no longer lists it, whatever it does.
 *
 * A check's state follows the same rules on its own runs.
 */
import type { AlertPolicy } from '../config/policies.ts';
import { VARIABLES } from '../config/variables.ts';

export type State = 'up' | 'degraded' | 'down' | 'retired';

/** The thresholds, when none are given: the settings' defaults. */
export const DEFAULT_THRESHOLDS: Pick<AlertPolicy, 'alertAfter' | 'recoverAfter'> = {
  alertAfter: VARIABLES.SMOKE_ALERT_AFTER.default,
  recoverAfter: VARIABLES.SMOKE_RECOVER_AFTER.default,
};

/** What one run said of a host (or a check): whether it failed, and whether it answered but not well. */
export interface RunVerdict {
  readonly at: string;
  readonly failed: boolean;
  readonly unwell: boolean;
  readonly retired: boolean;
}

/** Failing and passing streaks, and the state they add up to: one host's or one check's. */
export class StateOverRuns {
  failing = 0;
  passing = 0;
  failingSince = '';
  passingSince = '';
  down = false;
  downSince = '';
  state: State = 'up';
  /** When the host entered its state (for `down`, its first failing run). */
  stateSince = '';

  private readonly thresholds: Pick<AlertPolicy, 'alertAfter' | 'recoverAfter'>;

  constructor(thresholds: Pick<AlertPolicy, 'alertAfter' | 'recoverAfter'> = DEFAULT_THRESHOLDS) {
    this.thresholds = thresholds;
  }

  /** Counts one run; returns when the recovery began if this run made a down host recover. */
  observe(verdict: RunVerdict): string | undefined {
    const recoveredAt = this.count(verdict.failed, verdict.at);
    const state: State = verdict.retired
      ? 'retired'
      : this.down
        ? 'down'
        : verdict.failed || verdict.unwell
          ? 'degraded'
          : 'up';
    // `since` moves only when the state changes.
    if (state !== this.state || this.stateSince === '')
      this.stateSince = state === 'down' ? this.downSince : verdict.at;
    this.state = state;
    return recoveredAt;
  }

  private count(failed: boolean, at: string): string | undefined {
    if (failed) {
      if (this.failing === 0) this.failingSince = at;
      this.failing += 1;
      this.passing = 0;
      if (!this.down && this.failing >= this.thresholds.alertAfter) {
        this.down = true;
        this.downSince = this.failingSince;
      }
      return undefined;
    }
    if (this.passing === 0) this.passingSince = at;
    this.passing += 1;
    this.failing = 0;
    if (this.down && this.passing >= this.thresholds.recoverAfter) {
      this.down = false;
      return this.passingSince;
    }
    return undefined;
  }
}

/** The state after each run, oldest first: a host's states over its runs. */
export function statesOver(
  verdicts: readonly RunVerdict[],
  thresholds: Pick<AlertPolicy, 'alertAfter' | 'recoverAfter'> = DEFAULT_THRESHOLDS,
): { readonly state: State; readonly since: string }[] {
  const host = new StateOverRuns(thresholds);
  return verdicts.map((verdict) => {
    host.observe(verdict);
    return { state: host.state, since: host.stateSince };
  });
}
