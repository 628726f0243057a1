/**
 * The warm-up of a sleeping environment, run as a setup project before its checks: every host is
 * polled at once until it wakes, within SMOKE_WARMUP_TIMEOUT_S. Hosts that never wake make their own
 * checks fail at once; only an environment in which nothing woke fails here. Wake times go to the
 * report and to a file the checks of later workers read.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { test as setup } from '../fixtures/index.ts';
import {
  assertSomeHostWoke,
  classifyAnswer,
  classifyError,
  firstContactOf,
  wakeTimeLine,
  warmUp,
  WARMUP_ATTACHMENT,
  warmupRecordPath,
  writeWarmupRecord,
} from '../src/checks/warmup.ts';
import { targetsToWake } from '../src/plan/plan.ts';
import { ANNOTATION } from '../src/checks/failure.ts';

/** Room beyond the budget for the last probe to return and the record to be written. */
const SETUP_MARGIN_MS = 30_000;

setup('wake the environment', async ({ environment, settings, request }, testInfo) => {
  setup.setTimeout(settings.warmupTimeoutMs + SETUP_MARGIN_MS);
  const targets = targetsToWake(environment, settings);
  const woken = await warmUp(
    environment.name,
    targets,
    settings.warmupTimeoutMs,
    {
      async probe(target, timeoutMs) {
        try {
          // No redirects: a redirect is already an answer from an awake service.
          const response = await request.get(target.url, {
            timeout: timeoutMs,
            maxRedirects: 0,
            failOnStatusCode: false,
          });
          return classifyAnswer(response.status(), response.statusText());
        } catch (error) {
          return classifyError(error);
        }
      },
      now: () => Date.now(),
      // Unreferenced: a pause cut short by another host's wake must not hold the worker open.
      sleep: (ms) => sleep(ms, undefined, { ref: false }),
      report: (line) => console.log(line),
    },
    // A retry is a wake of its own: the first attempt's contact is long past.
    testInfo.retry === 0 ? firstContactOf(environment.name, Date.now()) : undefined,
  );

  const record = { ...woken, credentialed: settings.credentials[environment.name] !== undefined };
  await writeWarmupRecord(warmupRecordPath(testInfo.project.outputDir, environment.name), record);
  await testInfo.attach(WARMUP_ATTACHMENT, { body: JSON.stringify(record, null, 2), contentType: 'application/json' });
  testInfo.annotations.push(
    ...record.hosts.map((host) => ({ type: ANNOTATION.wakeTime, description: wakeTimeLine(host) })),
  );
  assertSomeHostWoke(record);
});
