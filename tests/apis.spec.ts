/**
 * One check per API host (it answers: no 5xx, no connection error, no timeout) and one per public
 * document it serves (valid JSON of the documented shape).
 */
import { HOSTS } from '../src/catalog.ts';
import { documentProblem } from '../src/documents.ts';
import { test } from '../fixtures/index.ts';

for (const host of HOSTS.filter((entry) => entry.kind === 'api')) {
  test.describe(() => {
    test.use({ hostId: host.id });
    const tag = ['@api', `@${host.id}`];

    test(`${host.id} api answers`, { tag }, async ({ api, check }) => {
      const { response } = await api.get('/');
      // A 4xx still proves the service answered (Spring answers `/` with 401 or 404); a 5xx does not.
      if (response.status() >= 500) {
        throw check.fail('status', `answered HTTP ${response.status()} ${response.statusText()}`);
      }
    });

    for (const document of host.documents ?? []) {
      test(`${host.id} serves ${document.path}`, { tag }, async ({ api, check }) => {
        const { response } = await api.get(document.path, { accept: 'application/json' });
        if (response.status() !== 200) {
          throw check.fail(
            'status',
            `GET ${document.path} answered HTTP ${response.status()} ${response.statusText()}; expected 200 with the ${document.format} document`,
          );
        }
        let body: unknown;
        try {
          body = await response.json();
        } catch {
          const start = (await response.text()).slice(0, 60);
          throw check.fail('content', `GET ${document.path} answered 200 but not JSON (starts ${JSON.stringify(start)})`);
        }
        const problem = documentProblem(document.format, body);
        if (problem) throw check.fail('content', `GET ${document.path}: ${problem}`);
      });
    }
  });
}
