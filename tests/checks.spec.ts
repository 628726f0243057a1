/**
 * One test per check of the plan (`src/plan.ts`): its title, its tags and the fixture method that
 * carries it out. Each test asks only for the fixture its kind needs, so an API check never starts a
 * browser. `check.run` lets a retired host's failure be reported without failing the run.
 */
import { settings } from '../src/settings.ts';
import { checkPlan, type PlannedCheck } from '../src/plan.ts';
import { test } from '../fixtures/index.ts';

function define(planned: PlannedCheck): void {
  const details = { tag: [...planned.tags] };
  switch (planned.kind) {
    case 'app-renders':
      return test(planned.title, details, ({ check, app }) => check.run(() => app.expectRenders()));
    case 'login-page':
      return test(planned.title, details, ({ check, app }) => check.run(() => app.expectLoginPage()));
    case 'api-answers':
      return test(planned.title, details, ({ check, api }) => check.run(() => api.expectAnswers()));
    case 'health':
      return test(planned.title, details, ({ check, api }) => check.run(() => api.expectHealth()));
    case 'oauth-metadata':
      return test(planned.title, details, ({ check, api }) => check.run(() => api.expectMetadata()));
    case 'document':
      return test(planned.title, details, ({ check, api }) => check.run(() => api.expectDocument(planned.document!)));
    case 'authenticated-ping':
      return test(planned.title, details, ({ check, auth }) => check.run(() => auth.expectPing()));
    case 'grpc-answers':
      return test(planned.title, details, ({ check, grpc }) => check.run(() => grpc.expectAnswers()));
    case 'grpc-authenticated':
      return test(planned.title, details, ({ check, grpc }) => check.run(() => grpc.expectAuthenticatedCall()));
  }
}

const current = settings();
for (const planned of checkPlan(current.hosts, current.retired, current.selectedHosts)) {
  test.describe(() => {
    test.use({ planned });
    define(planned);
  });
}
