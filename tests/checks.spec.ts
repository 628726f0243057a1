/**
 * One test per check of the plan (`src/plan.ts`): its title, its tags and the fixture method that
 * carries it out. Each test asks only for the fixture its kind needs, so an API check never
 * starts a browser.
 */
import { settings } from '../src/settings.ts';
import { checkPlan, type PlannedCheck } from '../src/plan.ts';
import { test } from '../fixtures/index.ts';

function define(planned: PlannedCheck): void {
  const details = { tag: [...planned.tags] };
  switch (planned.kind) {
    case 'app-renders':
      return test(planned.title, details, async ({ app }) => app.expectRenders());
    case 'api-answers':
      return test(planned.title, details, async ({ api }) => api.expectAnswers());
    case 'document':
      return test(planned.title, details, async ({ api }) => api.expectDocument(planned.document!));
    case 'authenticated-ping':
      return test(planned.title, details, async ({ auth }) => auth.expectPing());
  }
}

for (const planned of checkPlan(settings().hosts)) {
  test.describe(() => {
    test.use({ planned });
    define(planned);
  });
}
