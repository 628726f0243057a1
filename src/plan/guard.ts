/**
 * Production is read-only: the suite's own code sends it only GET and HEAD, plus the token request
 * to IAM and the catalog's read-only gRPC probes. Those requests pass through `assertAllowed`:
 * Playwright's `request` (wrapped by `guardRequestContext`), the credential calls and the gRPC
 * calls (`assertGrpcAllowed`). The requests an app page makes in the browser do not pass here.
 */
import type { APIRequestContext } from '@playwright/test';
import { identityProviderOf } from '../catalog/hosts.ts';
import type { ResolvedEnvironment, Target } from './targets.ts';

export class ReadOnlyViolation extends Error {
  override name = 'ReadOnlyViolation';
}

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** Throws unless the request is allowed in the environment. `tokenEndpoint` is IAM's, when known. */
export function assertAllowed(
  environment: ResolvedEnvironment,
  method: string,
  url: string,
  tokenEndpoint?: string,
): void {
  if (!environment.traits.readOnly || SAFE_METHODS.has(method.toUpperCase())) return;
  const iam = identityProviderOf(environment.targets);
  const isTokenRequest =
    method.toUpperCase() === 'POST' &&
    tokenEndpoint !== undefined &&
    url === tokenEndpoint &&
    iam !== undefined &&
    new URL(url).origin === new URL(iam.url).origin;
  if (!isTokenRequest) {
    throw new ReadOnlyViolation(
      `${environment.name} is read-only: the suite may send it GET and HEAD only; refused ${method.toUpperCase()} ${url}`,
    );
  }
}

/**
 * Throws unless a gRPC call may go to the environment's host: in a read-only environment, only one
 * of the host's catalog `grpcProbes`, read-only calls (Wink's `Diagnostics/Echo`, `Accounts/ListAccounts`).
 */
export function assertGrpcAllowed(environment: ResolvedEnvironment, target: Target, method: string): void {
  if (!environment.traits.readOnly) return;
  if (target.host.kind === 'grpc' && target.host.grpcProbes.includes(method)) return;
  throw new ReadOnlyViolation(
    `${environment.name} is read-only: the suite may call only ${target.host.id}'s probe over gRPC; refused ${method} at ${target.url}`,
  );
}

const METHOD_OF: Readonly<Record<string, string>> = {
  get: 'GET',
  head: 'HEAD',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};

/** Playwright's request context, with every call checked by `assertAllowed` before it is sent. */
export function guardRequestContext(context: APIRequestContext, environment: ResolvedEnvironment): APIRequestContext {
  return new Proxy(context, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const name = String(property);
      const method = METHOD_OF[name];
      if (!method && name !== 'fetch') return (value as (...args: unknown[]) => unknown).bind(target);
      // Async like the methods it wraps: a refused request is a rejected promise, as a failed one is.
      return async (urlOrRequest: unknown, options?: { method?: string }) => {
        const url = typeof urlOrRequest === 'string' ? urlOrRequest : (urlOrRequest as { url(): string }).url();
        assertAllowed(environment, method ?? options?.method ?? 'GET', url);
        return (value as (...args: unknown[]) => Promise<unknown>).call(target, urlOrRequest, options);
      };
    },
  });
}
