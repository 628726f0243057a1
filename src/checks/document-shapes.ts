/**
 * The shape a host's public documents must have. A document that is JSON but not of this shape
 * means the service behind the host is not the one the clients expect (a default page, a proxy's
 * error in JSON, a broken build), which a status check alone would miss.
 */
import { z } from 'zod';
import type { PublicDocument } from '../catalog/hosts.ts';
import { firstIssue } from '../shared/zod-issue.ts';

const SHAPES = {
  openapi: z.looseObject({
    openapi: z.string().regex(/^3\./, 'expected an OpenAPI 3 version such as "3.1.0"'),
    info: z.looseObject({ title: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  }),
  'oidc-discovery': z.looseObject({
    issuer: z.url(),
    token_endpoint: z.url(),
    jwks_uri: z.url().optional(),
  }),
} as const satisfies Record<PublicDocument['format'], z.ZodType>;

/** `field "info.title": <what is expected>`, or what is expected alone when the body itself is wrong. */
function fieldProblem(error: z.ZodError): string {
  const { path, message } = firstIssue(error);
  return `${path ? `field "${path}": ` : ''}${message}`;
}

/** What is wrong with a parsed document, in one line, or undefined when it has the right shape. */
export function documentProblem(format: PublicDocument['format'], body: unknown): string | undefined {
  const result = SHAPES[format].safeParse(body);
  if (result.success) return undefined;
  return `not a valid ${format} document: ${fieldProblem(result.error)}`;
}

/** A springdoc group as its list names it: the group and the path of its document. */
export interface ListedGroup {
  readonly name: string;
  readonly url: string;
}

/** springdoc's `/v3/api-docs/swagger-config`: the UI's settings, with `urls[]` naming every group. */
const GROUP_LIST = z.looseObject({
  urls: z.array(z.looseObject({ name: z.string().min(1), url: z.string().min(1) })),
});

/** The groups a springdoc group list names, or what is wrong with it in one line. */
export function readGroupList(
  body: unknown,
): { readonly groups: readonly ListedGroup[] } | { readonly problem: string } {
  const result = GROUP_LIST.safeParse(body);
  if (result.success) return { groups: result.data.urls.map(({ name, url }) => ({ name, url })) };
  return { problem: `not a springdoc group list: ${fieldProblem(result.error)}` };
}
