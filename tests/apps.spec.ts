/** One check per app: opened in Chromium as a visitor would, it answers, stays in its environment and renders. */
import { HOSTS } from '../src/catalog.ts';
import { test } from '../fixtures/index.ts';

for (const host of HOSTS.filter((entry) => entry.kind === 'app')) {
  test.describe(() => {
    test.use({ hostId: host.id });

    test(`${host.id} app renders`, { tag: ['@app', `@${host.id}`] }, async ({ app }) => {
      await app.expectRenders();
    });
  });
}
