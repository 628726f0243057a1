/**
 * The warm-up of a sleeping environment, run as a setup project before its checks: every host is
 * polled at once until it wakes, within SMOKE_WARMUP_TIMEOUT_S. Hosts that never wake make their own
 * checks fail at once; only an environment in which nothing woke fails here. Wake times go to the
 * report and to a file the checks of later workers read.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { test as setup } from '../fixtures/index.ts';
import { assertSomeHostWoke, classifyAnswer, classifyFailure, wakeTimeLine, warmUp } from '../src/checks/warmup.ts';
import {
  firstContactOf,
  WARMUP_ATTACHMENT,
  warmupRecordPath,
  writeWarmupRecord,
} from '../src/checks/warmup-handover.ts';
import { sendHttp } from '../src/net/http.ts';
import { targetsToWake } from '../src/plan/plan.ts';
import { ANNOTATION } from '../src/checks/failure.ts';

/** Room beyond the budget for the last probe to return and the record to be written. */
const SETUP_MARGIN_MS = 30_000;

setup('wake the environment', async ({ environment, settings }, testInfo) => {
  setup.setTimeout(settings.warmupTimeoutMs + SETUP_MARGIN_MS);
  const targets = targetsToWake(environment, settings);
  const woken = await warmUp(
    environment.name,
    targets,
    settings.warmupTimeoutMs,
    {
      async probe(target, timeoutMs) {
        // No redirects: a redirect is already an answer from an awake service.
        const sent = await sendHttp(environment, { url: target.url, redirects: 'none', timeoutMs });
        return sent.ok ? classifyAnswer(sent.answer.status, sent.answer.statusText) : classifyFailure(sent);
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
