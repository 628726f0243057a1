/**
 * A check carried out without Playwright: `RunningCheck` with a fake runner that keeps what the check
 * said (its steps, notes and skip), skips by throwing, and memoises `once` as a worker does. The unit
 * tests of the kinds and of the domain's history reuse call this rather than each keeping a runner.
 */
import { RunningCheck, carryOut } from '../src/checks/check-run.ts';
import type { Runner } from '../src/checks/runner.ts';
import type { Settings } from '../src/config/settings.ts';
import { kindOf, type PlannedCheck } from '../src/kinds/registry.ts';
import type { RealEnvironmentName } from '../src/catalog/catalog.ts';
import { resolveEnvironment } from '../src/targets/targets.ts';

class Skipped extends Error {}

/** What the check said while it ran. */
export interface Said {
  readonly steps: string[];
  readonly notes: string[];
  skipped: string | undefined;
}

/** Carries out `planned` in `environment`; its record, what it said, the check and what it threw. */
export async function carryCheck(
  planned: PlannedCheck,
  environment: RealEnvironmentName,
  settings: Settings,
  doors: Pick<Runner, 'certificate' | 'domainAnswers'>,
) {
  const said: Said = { steps: [], notes: [], skipped: undefined };
  const memo = new Map<string, Promise<unknown>>();
  const runner: Runner = {
    note: (type, description) => void said.notes.push(`${type}: ${description}`),
    step: async (name, body) => {
      said.steps.push(name);
      return body();
    },
    skip(reason) {
      said.skipped = reason;
      throw new Skipped(reason);
    },
    skipping: () => said.skipped !== undefined,
    attach: () => Promise.resolve(),
    once: <T>(key: string, produce: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, produce());
      return memo.get(key) as Promise<T>;
    },
    token: () => undefined,
    ...doors,
  };
  const check = new RunningCheck(
    {
      kind: kindOf(planned),
      planned,
      environment: resolveEnvironment(environment, settings),
      settings,
      silenced: undefined,
    },
    runner,
  );
  const thrown = await carryOut(check, undefined).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  const status = said.skipped !== undefined ? 'skipped' : thrown ? 'failed' : 'passed';
  return { record: check.record({ status, message: thrown?.message ?? '' }), said, check, thrown };
}
