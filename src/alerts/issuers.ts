/**
 * Certificate issuer changes over a replay of the history: which hosts' certificates another issuer
 * signed than in their previous read, told once as `issuer-changed`, for information. Apart from the
 * alert state (`state.ts`) because it follows none of its rules: no streaks, no silences, no
 * announced state, only each host's last issuer, kept beside the hosts' states as the replay goes.
 */
import type { CheckLine } from '../history/history.ts';

/** A host's certificate issuer as last read before, and as this run read it. */
export interface IssuerChange {
  readonly host: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The hosts of a run whose certificate issuer differs from the one they last had, updating `issuers`
 * (host to issuer). A host read for the first time, or not read this run (plain http, unreachable,
 * untrusted: no issuer), is no change; a retired host is told of never. Silence does not hold it
 * back: it pages nobody, and a window is when certificates get replaced.
 */
export function issuerChanges(
  issuers: Map<string, string>,
  byHost: ReadonlyMap<string, readonly CheckLine[]>,
): IssuerChange[] {
  const changes: IssuerChange[] = [];
  for (const [host, hostChecks] of byHost) {
    // Every check of a host reads the same certificate, once per run: any one of them says it.
    const issuer = hostChecks.find((check) => check.issuer !== undefined)?.issuer;
    if (issuer === undefined || hostChecks.some((check) => check.retired === true)) continue;
    const from = issuers.get(host);
    issuers.set(host, issuer);
    if (from !== undefined && from !== issuer) changes.push({ host, from, to: issuer });
  }
  return changes;
}
