/**
 * One test per check of the plan (`src/plan/plan.ts`): its title, its tags, and its kind's body
 * (`src/kinds/`), carried out through the fixtures' adapter. A retired host's failure is reported
 * without failing the run.
 */
import { settings } from '../src/config/settings.ts';
import { checksOfRun } from '../src/plan/plan.ts';
import { bodyOf, test } from '../fixtures/index.ts';

const current = settings();
for (const planned of checksOfRun(current)) {
  test.describe(() => {
    test.use({ planned });
    test(planned.title, { tag: [...planned.tags] }, bodyOf(planned));
  });
}
