/**
 * `<id> grpc answers`: a probe method, called without a token, comes back with a status from the
 * server itself (`UNAUTHENTICATED`, `OK`), in time: the service is up. `UNAVAILABLE`, `INTERNAL`,
 * `UNKNOWN` from the server fail as `status`, as does an answer that is not gRPC.
 */
import type { GrpcHost } from '../catalog/hosts.ts';
import { GRPC_CONTRACT, callProbes } from '../checks/grpc-probes.ts';
import { REQUEST_BOUNDS, planned, type CallKind, type PlannedBase } from '../checks/kind.ts';

type Planned = PlannedBase<'grpc-answers', GrpcHost>;

export const grpcAnswers: CallKind<'grpc-answers', Planned> = {
  name: 'grpc-answers',
  passes: 'the first probe method the server implements answers, without a token, with a status from the server',
  opensPage: false,
  plan: (host) => (host.kind === 'grpc' ? [planned(host, 'grpc-answers', 'grpc answers')] : []),
  // One call, judged as one request is.
  bounds: REQUEST_BOUNDS,
  contract: GRPC_CONTRACT,
  run: (check) => callProbes(check, GRPC_CONTRACT, false),
};
