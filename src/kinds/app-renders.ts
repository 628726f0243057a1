/**
 * `<id> app renders`: Chromium opens the app as a visitor would. The main document answers below
 * 400 after redirects and the page stays in the environment (its IAM login counts); no uncaught
 * error and no failed first-party script or stylesheet; the page shows something. Its web vitals
 * are recorded, and one past web.dev's poor bound passes the check as degraded, naming it.
 */
import type { AppHost } from '../catalog/hosts.ts';
import { NO_CONTRACT, PAGE_LOAD_BOUNDS, planned, type PageKind, type PlannedBase } from '../checks/kind.ts';
import { RENDER_TIMEOUT_MS } from '../checks/page.ts';

type Planned = PlannedBase<'app-renders', AppHost>;

/**
 * Runs in the page: visible text, or a visible image, drawing or video, in the body. A title alone
 * does not count: a build whose bundle fails still has the title of its HTML shell.
 */
function hasVisibleContent(): boolean {
  const body = document.body as HTMLElement | null;
  if (!body) return false;
  if (body.innerText.trim().length > 0) return true;
  return [...body.querySelectorAll('img, svg, canvas, video')].some((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
}

export const appRenders: PageKind<'app-renders', Planned> = {
  name: 'app-renders',
  passes: `opens below 400 in Chromium, lands on the app or IAM's login, no uncaught error or failed first-party script or stylesheet, shows something within ${RENDER_TIMEOUT_MS / 1000} s; degraded when a web vital (LCP, CLS, FCP, TTFB) is past web.dev's poor bound`,
  opensPage: true,
  plan: (host) => (host.kind === 'app' ? [planned(host, 'app-renders', 'app renders', { opensPage: true })] : []),
  bounds: PAGE_LOAD_BOUNDS,
  contract: NO_CONTRACT,
  async run(check, { page, open, failOnProblem, vitals }) {
    const { loadMs } = await open(check.target.url);
    await check.step('render', async () => {
      try {
        // An app's bundle runs before its load event, so most pages show something by then: one
        // evaluation settles it, and only a page still blank (or navigating) is polled.
        const shown = await page.evaluate(hasVisibleContent).catch(() => false);
        if (!shown) await page.waitForFunction(hasVisibleContent, undefined, { timeout: RENDER_TIMEOUT_MS });
      } catch {
        failOnProblem();
        throw check.fail(
          'content',
          `the page stayed blank ${RENDER_TIMEOUT_MS / 1000} s after loading (title ${JSON.stringify(await page.title())}, nothing visible in the body)`,
        );
      }
    });
    failOnProblem();
    check.judgeLatency('the page load', loadMs);
    // Read once the page shows something: the largest paint so far is the one a visitor waited for.
    await check.step('vitals', async () => check.judgeVitals(await vitals()));
  },
};
