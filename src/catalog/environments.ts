/**
 * The environments the suite knows, with no dependency at all: the history's command line
 * (`scripts/history.ts`) runs with plain Node before `npm ci`, and the catalog needs zod.
 */

/** The two real server environments Wink runs. */
export const REAL_ENVIRONMENTS = ['staging', 'production'] as const;
export type RealEnvironmentName = (typeof REAL_ENVIRONMENTS)[number];

/** `local` is the emulator that ships with the project: the same checks, on loopback. */
export const ENVIRONMENTS = [...REAL_ENVIRONMENTS, 'local'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** A name from outside (a project, a command-line argument, a folder) that is one of the environments. */
export function isEnvironmentName(name: string | undefined): name is EnvironmentName {
  return (ENVIRONMENTS as readonly (string | undefined)[]).includes(name);
}
