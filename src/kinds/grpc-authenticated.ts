/** `<id> grpc authenticated call`: with credentials only, a probe method called with a token from IAM comes back OK, in time. */
import type { GrpcHost } from '../catalog/hosts.ts';
import { GRPC_CONTRACT, callProbes } from '../checks/grpc-probes.ts';
import { REQUEST_BOUNDS, planned, type CallKind, type PlannedBase } from '../checks/kind.ts';

type Planned = PlannedBase<'grpc-authenticated', GrpcHost>;

export const grpcAuthenticated: CallKind<'grpc-authenticated', Planned> = {
  name: 'grpc-authenticated',
  passes: 'with credentials only: the first probe method the server implements answers OK to a token from IAM',
  opensPage: false,
  plan: (host) =>
    host.kind === 'grpc'
      ? [planned(host, 'grpc-authenticated', 'grpc authenticated call', { needsCredentials: true })]
      : [],
  bounds: REQUEST_BOUNDS,
  contract: GRPC_CONTRACT,
  run: (check) => callProbes(check, GRPC_CONTRACT, true),
};
