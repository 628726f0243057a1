/**
 * One check per host of the environment, and one per public document an API serves. App checks
 * are generated first: they are the slow ones (a browser page each), so starting them first lets the
 * quick API checks fill the workers' gaps at the end instead of delaying the apps.
 */
import { settings } from '../src/settings.ts';
import { test } from '../fixtures/index.ts';

const hosts = settings().hosts;

for (const host of hosts.filter((entry) => entry.kind === 'app')) {
  test.describe(() => {
    test.use({ hostId: host.id });

    test(`${host.id} app renders`, { tag: ['@app', `@${host.id}`] }, async ({ app }) => {
      await app.expectRenders();
    });
  });
}

for (const host of hosts.filter((entry) => entry.kind === 'api')) {
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

    if (host.authenticatedPing) {
      test(`${host.id} authenticated ping`, { tag: ['@api', `@${host.id}`] }, async ({ auth }) => {
        await auth.expectPing();
      });
    }
  });
}
