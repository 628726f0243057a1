/**
 * One test per check of the plan (`src/plan/plan.ts`): its title, its tags, and the body its fixture
 * declares for its kind (`CHECK_BODIES`). Each body asks only for the fixture its kind needs, so an
 * API check never starts a browser. `check.run` lets a retired host's failure be reported without
 * failing the run.
 */
import { settings } from '../src/config/settings.ts';
import { runPlan } from '../src/plan/plan.ts';
import { CHECK_BODIES, test } from '../fixtures/index.ts';

const current = settings();
for (const planned of runPlan(current)) {
  test.describe(() => {
    test.use({ planned });
    test(planned.title, { tag: [...planned.tags] }, CHECK_BODIES[planned.kind]);
  });
}
