/**
 * The gRPC kinds' shared body: the host's probe methods are called in the catalog's order. A method
 * the server answers with a status of the kind's contract rule (`UNIMPLEMENTED`) is gone, and the
 * next one is tried; the first one the server implements decides. Without a token, any status the
 * server itself sends proves the service is up; with one, the call must be OK. A passing call after
 * a probe that is gone is a contract change: the service works, the catalog's first probe no longer
 * does. The token travels only as call metadata, never into a cause, an annotation or an attachment.
 */
import type { GrpcHost } from '../catalog/hosts.ts';
import type { GrpcAnswer } from '../net/grpc.ts';
import type { FaultClass } from '../shared/faults.ts';
import { isGone, type Check, type ContractRule, type PlannedBase } from './kind.ts';

/** What the call proves: `ok` with the status for a service that is up, else the fault and cause. */
export type GrpcJudgement =
  | { readonly ok: true; readonly code: number; readonly codeName: string; readonly latencyMs: number }
  | { readonly ok: false; readonly fault: FaultClass; readonly cause: string };

/** The gRPC kinds' contract rule: the server runs, and says the method is gone. */
export const GRPC_CONTRACT: ContractRule = { answers: ['UNIMPLEMENTED'] };

/**
 * Statuses a server sends when it is not serving, whoever calls: overloaded or starting
 * (`UNAVAILABLE`), failing (`INTERNAL`, `UNKNOWN`, `DATA_LOSS`) or timing out behind itself
 * (`DEADLINE_EXCEEDED`).
 */
const NOT_SERVING: ReadonlySet<string> = new Set([
  'UNAVAILABLE',
  'INTERNAL',
  'UNKNOWN',
  'DATA_LOSS',
  'DEADLINE_EXCEEDED',
]);
const TOKEN_REFUSED: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'PERMISSION_DENIED']);

/**
 * Judges an answer. A status of the contract rule is a contract change: the server runs, the method
 * is gone. Without a token, any other status the server sent proves the service is up:
 * `UNAUTHENTICATED` is what a healthy Partner API answers, and `PERMISSION_DENIED`,
 * `RESOURCE_EXHAUSTED` or `OK` all come from a running gRPC service. With a token, only `OK` passes.
 */
export function judgeGrpcAnswer(
  answer: GrpcAnswer,
  options: { readonly authenticated: boolean; readonly contract?: ContractRule },
): GrpcJudgement {
  if (!answer.answered) return { ok: false, fault: answer.fault, cause: answer.cause };
  const status = `${answer.codeName} (${answer.code})${answer.details ? `: ${answer.details}` : ''}`;
  if (isGone(options.contract ?? GRPC_CONTRACT, answer.codeName))
    return {
      ok: false,
      fault: 'contract',
      cause: `gRPC ${answer.method} answered ${status}: the method is not implemented`,
    };
  const passed = { ok: true as const, code: answer.code, codeName: answer.codeName, latencyMs: answer.latencyMs };
  if (!options.authenticated) {
    if (!NOT_SERVING.has(answer.codeName)) return passed;
    return { ok: false, fault: 'status', cause: `gRPC ${answer.method} answered ${status}` };
  }
  if (answer.codeName === 'OK') return passed;
  if (TOKEN_REFUSED.has(answer.codeName)) {
    return {
      ok: false,
      fault: 'status',
      cause: `the Partner API refused the token: gRPC ${answer.method} answered ${status}`,
    };
  }
  return { ok: false, fault: 'status', cause: `gRPC ${answer.method} with a token answered ${status}` };
}

/** The probes in order, until one the server implements decides; with a token when `authenticated`. */
export async function callProbes(
  check: Check<PlannedBase<string, GrpcHost>>,
  contract: ContractRule,
  authenticated: boolean,
): Promise<void> {
  const token = authenticated ? await check.token() : undefined;
  /** The probes the server no longer implements, each with its answer. */
  const gone: string[] = [];
  for (const method of check.planned.host.grpcProbes) {
    const verdict = await check.step(`gRPC ${method}${authenticated ? ' with the token' : ''}`, async () => {
      const judged = judgeGrpcAnswer(await check.grpc(method, token), { authenticated, contract });
      if (!judged.ok && judged.fault !== 'contract') throw check.fail(judged.fault, judged.cause);
      return judged;
    });
    if (!verdict.ok) {
      gone.push(verdict.cause);
      continue;
    }
    check.detail(`${method} answered ${verdict.codeName} (${verdict.code})`);
    check.judgeLatency(`gRPC ${method}`, verdict.latencyMs);
    if (gone.length > 0)
      throw check.fail('contract', `${gone.join('; ')}; ${method} answered ${verdict.codeName} instead`);
    return;
  }
  throw check.fail('contract', `no probe method is implemented: ${gone.join('; ')}`);
}
