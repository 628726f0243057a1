/**
 * The control probe of a real environment, a setup project beside the warm-up: SMOKE_CONTROL_URL,
 * somewhere outside Wink the runner always reaches, is asked for anything at all. The test never
 * fails on the answer: it records it, and when every host then goes unanswered too, the summary
 * makes the run the monitor's failure rather than an outage of Wink (`src/run/offline.ts`).
 */
import { test as setup } from '../fixtures/index.ts';
import {
  CONTROL_ATTACHMENT,
  CONTROL_TIMEOUT_MS,
  describeProbe,
  probeControls,
  type ControlProbe,
} from '../src/checks/control.ts';
import { ANNOTATION } from '../src/checks/failure.ts';
import { describeNetworkError } from '../src/shared/faults.ts';

/** Room beyond the probes' bound for the record to be attached. */
const SETUP_MARGIN_MS = 10_000;

setup('reach the network', async ({ environment, settings, request }, testInfo) => {
  setup.setTimeout(CONTROL_TIMEOUT_MS + SETUP_MARGIN_MS);
  const record = await probeControls(environment.name, settings.controlUrls, async (url): Promise<ControlProbe> => {
    try {
      // HEAD, no redirects: any answer, even a redirect or an error page, proves the way out.
      const response = await request.head(url, {
        timeout: CONTROL_TIMEOUT_MS,
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      return { url, answered: true, status: response.status() };
    } catch (error) {
      return { url, answered: false, ...describeNetworkError(error) };
    }
  });
  await testInfo.attach(CONTROL_ATTACHMENT, { body: JSON.stringify(record, null, 2), contentType: 'application/json' });
  testInfo.annotations.push(
    ...record.probes.map((probe) => ({ type: ANNOTATION.control, description: describeProbe(probe) })),
  );
});
