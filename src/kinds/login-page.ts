/**
 * `iam login page renders`: IAM's security filter sends every unauthenticated path to its login
 * page (Wink's docs); its root must land there, and the page must show a sign-in form with a
 * password field.
 */
import { isIdentityProvider, type IdentityProviderHost } from '../catalog/hosts.ts';
import { NO_CONTRACT, PAGE_LOAD_BOUNDS, planned, type PageKind, type PlannedBase } from '../checks/kind.ts';
import { RENDER_TIMEOUT_MS } from '../checks/page.ts';

type Planned = PlannedBase<'login-page', IdentityProviderHost>;

export const loginPage: PageKind<'login-page', Planned> = {
  name: 'login-page',
  passes: "IAM's root lands on its login page, which shows a sign-in form with a password field",
  opensPage: true,
  plan: (host) =>
    isIdentityProvider(host) ? [planned(host, 'login-page', 'login page renders', { opensPage: true })] : [],
  // A browser's page load, judged as every page load is.
  bounds: PAGE_LOAD_BOUNDS,
  contract: NO_CONTRACT,
  async run(check, { page, open, failOnProblem }) {
    const { loginPath } = check.planned.host.identityProvider;
    const { loadMs, landed } = await open(check.target.url);
    if (landed.pathname !== loginPath) {
      throw check.fail(
        'status',
        `the root landed on ${landed.pathname}, not on the login page ${loginPath} every sign-in starts at`,
      );
    }
    await check.step('sign-in form', async () => {
      const form = page.locator('form').filter({ has: page.locator('input[type=password]') });
      try {
        await form.first().waitFor({ state: 'visible', timeout: RENDER_TIMEOUT_MS });
      } catch {
        failOnProblem();
        throw check.fail(
          'content',
          `the login page ${landed.pathname} shows no sign-in form with a password field ${RENDER_TIMEOUT_MS / 1000} s after loading (title ${JSON.stringify(await page.title())})`,
        );
      }
    });
    failOnProblem();
    check.detail(`landed on the login page ${landed.pathname} with a sign-in form`);
    check.judgeLatency('the page load', loadMs);
  },
};
