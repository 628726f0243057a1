/**
 * One check per app: open it in Chromium as a visitor would. The main document answers below 400
 * after redirects and stays in the environment (IAM's login counts); no uncaught page error and no
 * first-party script or stylesheet fails; the page really renders. Load time is recorded.
 */
import { HOSTS } from '../src/catalog.ts';
import { environmentOriginOf, foreignEnvironmentOf } from '../src/scope.ts';
import { ANNOTATION, describeNetworkError } from '../src/verdict.ts';
import { test } from '../fixtures/index.ts';

/**
 * After the load event, how long a single-page app may take to put something on screen. Bundles
 * render right after they run; 10 s covers one slow configuration fetch before the first paint.
 */
const RENDER_TIMEOUT_MS = 10_000;

/** Runs in the page: visible text, or a visible image, drawing or video, in the body. */
function hasVisibleContent(): boolean {
  const body = document.body as HTMLElement | null;
  if (!body) return false;
  if (body.innerText.trim().length > 0) return true;
  return [...body.querySelectorAll('img, svg, canvas, video')].some((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
}

for (const host of HOSTS.filter((entry) => entry.kind === 'app')) {
  test.describe(() => {
    test.use({ hostId: host.id });

    test(`${host.id} app renders`, { tag: ['@app', `@${host.id}`] }, async ({ page, pageHealth, check, environment, settings }) => {
      const { target } = check;
      const started = performance.now();
      let response;
      try {
        response = await page.goto(target.url, { waitUntil: 'load', timeout: settings.appTimeoutMs });
      } catch (error) {
        const { fault, cause } = describeNetworkError(error);
        throw check.fail(fault, cause);
      }
      check.note(ANNOTATION.loadTime, String(Math.round(performance.now() - started)));
      if (!response) throw check.fail('content', 'the navigation produced no document');
      check.note(ANNOTATION.status, String(response.status()));
      if (response.status() >= 400) {
        throw check.fail('status', `answered HTTP ${response.status()} ${response.statusText()} at ${page.url()}`);
      }

      const landed = page.url();
      if (new URL(landed).origin !== new URL(target.url).origin) {
        const foreign = foreignEnvironmentOf(landed, environment);
        if (foreign) throw check.fail('isolation', `redirected to ${foreign}'s ${landed}`);
        if (!environmentOriginOf(landed, environment)) {
          throw check.fail('status', `redirected out of ${environment.name} to ${landed}`);
        }
        check.note('landed', landed); // e.g. IAM's login page of the same environment
      }

      const early = pageHealth.firstProblem();
      if (early) throw check.fail(early.fault, early.cause);
      try {
        await page.waitForFunction(hasVisibleContent, undefined, { timeout: RENDER_TIMEOUT_MS });
      } catch {
        const late = pageHealth.firstProblem();
        if (late) throw check.fail(late.fault, late.cause);
        const title = await page.title();
        throw check.fail('content', `the page stayed blank ${RENDER_TIMEOUT_MS / 1000} s after loading (title ${JSON.stringify(title)}, nothing visible in the body)`);
      }
      const problem = pageHealth.firstProblem();
      if (problem) throw check.fail(problem.fault, problem.cause);
    });
  });
}
