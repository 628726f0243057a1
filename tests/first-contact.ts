/**
 * The runner's first step, as Playwright's globalSetup: it runs before the tests are listed or any
 * worker starts. Each host of a sleeping environment that this run wakes is sent one request, so
 * that its wake (about a minute on staging, from the first connection) starts with the run, not
 * seconds later, once the warm-up's worker has started. The answers are not awaited nor read: the
 * warm-up judges the wake and times it from this contact, which the workers learn through
 * FIRST_CONTACT_VARIABLE. Each request is bounded by the warm-up's probe bound.
 */
import { isEnvironmentName } from '../src/catalog/catalog.ts';
import { PROBE_TIMEOUT_MS } from '../src/checks/warmup.ts';
import { FIRST_CONTACT_VARIABLE, WAKES_VARIABLE } from '../src/checks/warmup-handover.ts';
import { settings } from '../src/config/settings.ts';
import { sendHttp } from '../src/net/http.ts';
import { targetsToWake } from '../src/plan/plan.ts';
import { resolveEnvironment } from '../src/targets/targets.ts';

export default function firstContact(): void {
  const current = settings();
  const contacts: Record<string, number> = {};
  for (const name of (process.env[WAKES_VARIABLE] ?? '').split(',').filter(isEnvironmentName)) {
    contacts[name] = Date.now();
    const environment = resolveEnvironment(name, current);
    for (const target of targetsToWake(environment, current)) {
      // No redirects followed, nothing read: the connection is what wakes a host. Its answer, or
      // its failure, is the warm-up's to learn; nothing here waits for it.
      void sendHttp(environment, { url: target.url, redirects: 'none', read: 'discard', timeoutMs: PROBE_TIMEOUT_MS });
    }
  }
  process.env[FIRST_CONTACT_VARIABLE] = JSON.stringify(contacts);
}
