/**
 * The page a browser kind is given: Chromium's page, watched as it loads. The watch collects
 * uncaught errors, first-party scripts and stylesheets that failed, and requests to another
 * environment, which are never sent; in a read-only environment, what the page would write there
 * (`holdsBack`) is answered in the browser and never sent. `open` goes to a URL as a visitor would
 * and holds the landing to the environment's rules: its own host, or IAM's login page.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { identityProviderOf } from '../catalog/hosts.ts';
import { describeNetworkError, type FaultClass } from '../shared/faults.ts';
import { holdsBack } from '../targets/guard.ts';
import { environmentOriginOf, foreignEnvironmentOf, isFirstParty } from '../targets/scope.ts';
import { ANNOTATION } from './failure.ts';
import type { Check, WatchedPage } from './kind.ts';
import type { PageHealth, PageRequest } from './record.ts';
import { readVitals, vitalsInitScript, VITALS_CHANGED_GLOBAL, VITALS_GLOBAL, type WebVitals } from './vitals.ts';

/**
 * After the load event, how long a single-page app may take to put something on screen. Bundles
 * render right after they run; 10 s covers one slow configuration fetch before the first paint.
 */
export const RENDER_TIMEOUT_MS = 10_000;

/** Assets whose failure leaves a single-page app blank or unstyled. */
const CRITICAL_RESOURCES: ReadonlySet<string> = new Set(['script', 'stylesheet']);

interface PageProblem {
  readonly fault: FaultClass;
  readonly cause: string;
}

type Seen = {
  -readonly [K in 'pageErrors' | 'failedAssets' | 'foreignRequests' | 'heldBack']: PageHealth[K][number][];
};

/** Listens to the page for errors, failed first-party assets and other environments. */
function listen(page: Page, check: Check, seen: Seen, problems: PageProblem[]): void {
  const { environment } = check;
  page.on('pageerror', (error) => {
    seen.pageErrors.push(error.message);
    problems.push({ fault: 'page-error', cause: `uncaught error in the page: ${error.message}` });
  });
  const assetFailed = (url: string, type: string, reason: string): void => {
    if (!CRITICAL_RESOURCES.has(type) || !isFirstParty(url, environment)) return;
    seen.failedAssets.push({ url, type, reason });
    problems.push({ fault: 'page-error', cause: `its ${type} ${url} failed to load (${reason})` });
  };
  page.on('requestfailed', (request) => {
    assetFailed(request.url(), request.resourceType(), request.failure()?.errorText ?? 'failed');
    // A redirect into the other environment that failed before the route saw it (a loopback-only
    // browser resolves no other name): where it was going is the fault, not the failure to get there.
    const other = request.isNavigationRequest() ? foreignEnvironmentOf(request.url(), environment) : undefined;
    if (other && !seen.foreignRequests.some((foreign) => foreign.url === request.url())) {
      seen.foreignRequests.push({ url: request.url(), environment: other });
      problems.push({ fault: 'isolation', cause: `the page was redirected to ${other}'s ${request.url()}` });
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      assetFailed(response.url(), response.request().resourceType(), `HTTP ${response.status()}`);
    }
  });
}

/**
 * Routes what must not leave the browser: a request to the other environment is recorded and never
 * sent (a staging check must not load production, and an emulated run must not leave this machine);
 * what the page would write to a read-only environment (an analytics POST, a session record, a
 * beacon) is answered 204 No Content, on the context so that every page and worker of the app is
 * covered, and the page goes on as if it was accepted. Method and URL are kept; the body, which may
 * hold what the page knows of the visitor, is not. Elsewhere nothing is held back. Requests to the
 * environment's own hosts are routed to add the check's `traceparent`; others are not routed for nothing.
 */
async function route(page: Page, context: BrowserContext, check: Check, seen: Seen, problems: PageProblem[]) {
  const { environment } = check;
  await page.route(
    (url) => foreignEnvironmentOf(url.href, environment) !== undefined,
    async (intercepted) => {
      const url = intercepted.request().url();
      const other = foreignEnvironmentOf(url, environment)!;
      seen.foreignRequests.push({ url, environment: other });
      const what = intercepted.request().isNavigationRequest() ? 'was redirected to' : 'requested';
      problems.push({ fault: 'isolation', cause: `the page ${what} ${other}'s ${url}` });
      await intercepted.abort('blockedbyclient');
    },
  );
  // The check's trace goes to the environment's own hosts only: a third party learns nothing of it.
  await page.route(
    (url) => environmentOriginOf(url.href, environment) !== undefined,
    (intercepted) =>
      intercepted.fallback({ headers: { ...intercepted.request().headers(), traceparent: check.trace.traceparent } }),
  );
  if (!environment.traits.readOnly) return;
  await context.route('**/*', async (intercepted) => {
    const request = intercepted.request();
    if (!holdsBack(environment, request.method(), request.url())) return intercepted.fallback();
    seen.heldBack.push({ method: request.method(), url: request.url() } satisfies PageRequest);
    await intercepted.fulfill({ status: 204 });
  });
}

/** The main frame's redirects as the navigation follows them. */
function followRedirects(page: Page): string[] {
  const redirects: string[] = [];
  page.on('response', (response) => {
    const status = response.status();
    if (status < 300 || status >= 400) return;
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame())
      redirects.push(response.url());
  });
  return redirects;
}

/** Whether `landed` is where an app may land: its own origin, or IAM's login page; fails otherwise. */
function judgeLanding(check: Check, landed: URL): void {
  const { environment, target } = check;
  if (landed.origin === new URL(target.url).origin) return;
  const foreign = foreignEnvironmentOf(landed.href, environment);
  if (foreign) throw check.fail('isolation', `redirected to ${foreign}'s ${landed.href}`);
  if (!environmentOriginOf(landed.href, environment)) {
    throw check.fail('status', `redirected out of ${environment.name} to ${landed.href}`);
  }
  const provider = identityProviderOf(environment.targets);
  const loginPage = provider ? new URL(provider.host.identityProvider.loginPath, provider.url) : undefined;
  // Sign-in always starts at IAM: an app may send a visitor to its login page, nowhere else.
  if (!loginPage || landed.origin !== loginPage.origin || landed.pathname !== loginPage.pathname) {
    const expected = loginPage ? `, not IAM's login page ${loginPage.href}` : '';
    throw check.fail('status', `redirected to ${landed.origin}${landed.pathname}${expected}`);
  }
  check.note(ANNOTATION.landed, landed.href);
  check.detail(`sent to IAM's login page ${landed.origin}${landed.pathname}`);
}

/**
 * How long the vitals must stay unchanged before they are read: LCP and CLS grow as late content
 * paints or shifts the page, and a visitor who waits sees them. 1.5 s of quiet since the last
 * change catches a hero image that arrives a second after the first paint. Counted from the change
 * itself (the collector times each), not from when the check starts to wait: the time the check
 * spent on the page's load and render already counts.
 */
const VITALS_QUIET_MS = 1_500;
/** Bound on that wait: a page that never stops shifting (an animation) is read as it is then. */
const VITALS_WAIT_MS = 6_000;

/**
 * Runs in the page: whether the vitals have not changed for `quietMs` (since navigation, if never).
 * A first paint the collector has not heard of yet is no quiet: its observer's callback is on its
 * way, and a page whose load took longer than the quiet would otherwise be read without it.
 */
function vitalsQuiet({ name, changedAt, quietMs }: { name: string; changedAt: string; quietMs: number }): boolean {
  const page = window as unknown as Record<string, unknown>;
  const painted = performance.getEntriesByName('first-contentful-paint').length > 0;
  if (painted && (page[name] as { fcpMs?: number } | undefined)?.fcpMs === undefined) return false;
  const at = page[changedAt];
  return performance.now() - (typeof at === 'number' ? at : 0) >= quietMs;
}

/** The page's vitals once they have settled, or after the bound. */
async function settledVitals(page: Page): Promise<WebVitals> {
  await page
    .waitForFunction(
      vitalsQuiet,
      { name: VITALS_GLOBAL, changedAt: VITALS_CHANGED_GLOBAL, quietMs: VITALS_QUIET_MS },
      { timeout: VITALS_WAIT_MS, polling: 100 },
    )
    .catch(() => undefined);
  // A page gone by now (a late redirect) has no vitals to give, and that fails nothing.
  const raw = await page
    .evaluate((name) => (window as unknown as Record<string, unknown>)[name], VITALS_GLOBAL)
    .catch(() => undefined);
  return readVitals(raw);
}

let script: string | undefined;
/** The web-vitals library and its collector, read from node_modules once per worker. */
const vitalsScript = (): string => (script ??= vitalsInitScript());

/** Starts watching `page` for `check`: before it goes anywhere. */
export async function watchPage(page: Page, context: BrowserContext, check: Check): Promise<WatchedPage> {
  const problems: PageProblem[] = [];
  const seen: Seen = { pageErrors: [], failedAssets: [], foreignRequests: [], heldBack: [] };
  listen(page, check, seen, problems);
  await page.addInitScript(vitalsScript());
  await route(page, context, check, seen, problems);
  const redirects = followRedirects(page);
  const failOnProblem = (): void => {
    const problem = problems[0];
    if (problem) throw check.fail(problem.fault, problem.cause);
  };
  const navigate = (url: string) =>
    check.step('navigation', async () => {
      try {
        return await page.goto(url, { waitUntil: 'load', timeout: check.settings.appTimeoutMs });
      } catch (error) {
        failOnProblem(); // a navigation blocked on its way into the other environment
        const { fault, cause } = describeNetworkError(error);
        const chain =
          redirects.length > 0
            ? `; redirects: ${redirects.slice(0, 6).join(' -> ')}${redirects.length > 6 ? ' -> ...' : ''}`
            : '';
        throw check.fail(fault, `${cause}${chain}`);
      }
    });
  return {
    page,
    failOnProblem,
    async open(url) {
      const started = performance.now();
      const response = await navigate(url);
      const loadMs = Math.round(performance.now() - started);
      check.note(ANNOTATION.loadTime, String(loadMs));
      if (!response) throw check.fail('content', 'the navigation produced no document');
      check.answered(response.status());
      check.note(ANNOTATION.status, String(response.status()));
      if (response.status() >= 400) {
        throw check.fail('status', `answered HTTP ${response.status()} ${response.statusText()} at ${page.url()}`);
      }
      const landed = new URL(page.url());
      judgeLanding(check, landed);
      // A failed bundle or an uncaught error is the root cause of a blank page: report it first.
      failOnProblem();
      return { loadMs, landed };
    },
    vitals: () => settledVitals(page),
    health: () => ({ url: check.target.url, finalUrl: page.url(), redirects, ...seen }),
  };
}
