/** One check per API host (it answers), and one per public document it serves (JSON of its shape). */
import { settings } from '../src/settings.ts';
import { test } from '../fixtures/index.ts';

for (const host of settings().hosts.filter((entry) => entry.kind === 'api')) {
  test.describe(() => {
    test.use({ hostId: host.id });

    test(`${host.id} api answers`, { tag: ['@api', `@${host.id}`] }, async ({ api }) => {
      await api.expectAnswers();
    });

    for (const document of host.documents ?? []) {
      test(`${host.id} serves ${document.path}`, { tag: ['@api', `@${host.id}`] }, async ({ api }) => {
        await api.expectDocument(document);
      });
    }
  });
}
