/**
 * The check kinds, one module each, in the order a host's checks run. This list is the one the plan
 * (`src/plan/plan.ts`), the fixtures, the bench and the docs' table of checks read: adding a kind is
 * its module, its entry here, its tests and its row in docs/checks.md.
 */
import type { AnyKind, PlannedOfKind } from '../checks/kind.ts';
import { apiAnswers } from './api-answers.ts';
import { apiGroups } from './api-groups.ts';
import { apiReference } from './api-reference.ts';
import { appRenders } from './app-renders.ts';
import { asset } from './asset.ts';
import { authenticatedPing } from './authenticated-ping.ts';
import { document } from './document.ts';
import { domainExpiry } from './domain-expiry.ts';
import { grpcAnswers } from './grpc-answers.ts';
import { grpcAuthenticated } from './grpc-authenticated.ts';
import { health } from './health.ts';
import { loginPage } from './login-page.ts';
import { mcpMetadata } from './mcp-metadata.ts';
import { mcpRequiresToken } from './mcp-requires-token.ts';
import { mcpTools } from './mcp-tools.ts';
import { oauthMetadata } from './oauth-metadata.ts';

export const KINDS = [
  appRenders,
  loginPage,
  apiAnswers,
  health,
  oauthMetadata,
  apiGroups,
  document,
  apiReference,
  authenticatedPing,
  mcpMetadata,
  mcpRequiresToken,
  mcpTools,
  grpcAnswers,
  grpcAuthenticated,
  asset,
  domainExpiry,
] as const satisfies readonly AnyKind[];

export type Kind = (typeof KINDS)[number];
export type CheckKind = Kind['name'];

/**
 * One check of one host, by kind: each kind carries exactly the facts its body needs, so no check
 * looks up an optional field of its host and throws when it is missing.
 */
export type PlannedCheck = PlannedOfKind<Kind>;

const BY_NAME: ReadonlyMap<string, Kind> = new Map(KINDS.map((kind) => [kind.name, kind]));

/** The kind that carries out a planned check. */
export function kindOf(planned: { readonly kind: string }): Kind {
  const kind = BY_NAME.get(planned.kind);
  if (!kind) throw new Error(`no check kind '${planned.kind}' in src/kinds/registry.ts`);
  return kind;
}
