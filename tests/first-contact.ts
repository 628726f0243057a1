/**
 * The runner's first step, as Playwright's globalSetup: it runs before the tests are listed or any
 * worker starts, and before any reporter prints.
 *
 * Each host of a sleeping environment that this run wakes is sent one request, so that its wake
 * (about a minute on staging, from the first connection) starts with the run, not seconds later,
 * once the warm-up's worker has started. The answers are not awaited nor read: the warm-up judges
 * the wake and times it from this contact, which the workers learn through FIRST_CONTACT_VARIABLE.
 * Each request is bounded by the warm-up's probe bound.
 *
 * Beside it, the control probe of each real environment the run names (`src/checks/control.ts`),
 * awaited (each URL bounded by CONTROL_TIMEOUT_MS) and left in a file of the run's output folder for
 * the workers. When no control answered, the runner is cut off: the run says so here, first, and
 * the workers skip every check of the environment unsent (`fixtures/control.ts`), and the HTML
 * report's title says so too.
 */
import type { FullConfig } from '@playwright/test';
import { isEnvironmentName, type EnvironmentName } from '../src/catalog/catalog.ts';
import {
  controlAnswered,
  controlRecordPath,
  offlineLine,
  probeControls,
  probeOne,
  PROBES_VARIABLE,
  writeControlRecord,
} from '../src/checks/control.ts';
import { PROBE_TIMEOUT_MS } from '../src/checks/warmup.ts';
import { FIRST_CONTACT_VARIABLE, WAKES_VARIABLE } from '../src/checks/warmup-handover.ts';
import { settings, type Settings } from '../src/config/settings.ts';
import { sendHttp } from '../src/net/http.ts';
import { targetsToWake } from '../src/plan/plan.ts';
import { resolveEnvironment } from '../src/targets/targets.ts';
import type { SmokeOptions } from '../fixtures/index.ts';

const namesIn = (variable: string): EnvironmentName[] =>
  (process.env[variable] ?? '').split(',').filter(isEnvironmentName);

/**
 * Puts `notice` in the HTML report's own title, after the title it has. Playwright's HTML reporter
 * reads PLAYWRIGHT_HTML_TITLE as it writes the report, at the end of the run, in this process; the
 * config's title was fixed before the runner knew it was cut off.
 */
function titleReport(config: FullConfig, notice: string): void {
  const html = config.reporter.find(([name]) => name === 'html');
  const configured = (html?.[1] as { title?: string } | undefined)?.title;
  const title = process.env.PLAYWRIGHT_HTML_TITLE || configured;
  process.env.PLAYWRIGHT_HTML_TITLE = title ? `${title} · ${notice}` : notice;
}

/** Probes `name`'s controls and leaves the record where its projects' workers look. */
async function probeControl(config: FullConfig, name: EnvironmentName, current: Settings): Promise<void> {
  const environment = resolveEnvironment(name, current);
  try {
    const record = await probeControls(name, current.controlUrls, (url) => probeOne(environment, url));
    // Every project of an environment shares the run's output folder unless --output splits them.
    const folders = new Set(
      config.projects
        .filter((project) => (project.use as Partial<SmokeOptions>).environmentName === name)
        .map((project) => project.outputDir),
    );
    for (const folder of folders) writeControlRecord(controlRecordPath(folder, name), record);
    if (!controlAnswered([record])) {
      const notice = `${name}: ${offlineLine([record])}; no check of ${name} is judged`;
      console.log(`wink-smoke: ${notice}`);
      titleReport(config, notice);
    }
  } catch (error) {
    // The probe's own trouble is said, never made a check's failure: the run then has no control,
    // as one with SMOKE_CONTROL_URL=none.
    console.error(`wink-smoke: ${name}'s control probe was not sent: ${String(error)}`);
  }
}

export default async function firstContact(config: FullConfig): Promise<void> {
  const current = settings();
  const contacts: Record<string, number> = {};
  for (const name of namesIn(WAKES_VARIABLE)) {
    contacts[name] = Date.now();
    const environment = resolveEnvironment(name, current);
    for (const target of targetsToWake(environment, current)) {
      // No redirects followed, nothing read: the connection is what wakes a host. Its answer, or
      // its failure, is the warm-up's to learn; nothing here waits for it.
      void sendHttp(environment, { url: target.url, redirects: 'none', read: 'discard', timeoutMs: PROBE_TIMEOUT_MS });
    }
  }
  process.env[FIRST_CONTACT_VARIABLE] = JSON.stringify(contacts);
  await Promise.all(namesIn(PROBES_VARIABLE).map((name) => probeControl(config, name, current)));
}
