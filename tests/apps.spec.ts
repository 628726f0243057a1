/** One check per app: opened in Chromium as a visitor would, it answers, stays in its environment and renders. */
import { settings } from '../src/settings.ts';
import { test } from '../fixtures/index.ts';

for (const host of settings().hosts.filter((entry) => entry.kind === 'app')) {
  test.describe(() => {
    test.use({ hostId: host.id });

    test(`${host.id} app renders`, { tag: ['@app', `@${host.id}`] }, async ({ app }) => {
      await app.expectRenders();
    });
  });
}
