import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSettings } from '../../src/config/settings.ts';
import { resolveEnvironment, type Target } from '../../src/targets/targets.ts';
import { FIRST_CONTACT_FRESH_MS, FIRST_CONTACT_VARIABLE, firstContactOf } from '../../src/checks/warmup-handover.ts';
import {
  MIN_PROBE_TIMEOUT_MS,
  assertSomeHostWoke,
  classifyAnswer,
  classifyError,
  pollDelayMs,
  progressLine,
  warmUp,
  type ProbeOutcome,
} from '../../src/checks/warmup.ts';

const targets = resolveEnvironment('staging', parseSettings({})).targets;

/**
 * A virtual clock for concurrent pollers: a sleep resolves when the clock reaches its time, and the
 * driver moves the clock to the earliest pending wake-up once every poller is waiting. A probe sees
 * the host as it is when the probe is sent, and its answer takes `probeMs` (50 ms unless told).
 */
function fakeWorld(
  answer: (target: Target, at: number) => ProbeOutcome,
  probeMs: (target: Target) => number = () => 50,
) {
  let now = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => timers.push({ at: now + ms, resolve }));
  const lines: string[] = [];
  const probes: { id: string; at: number; timeoutMs: number }[] = [];
  return {
    lines,
    probes,
    deps: {
      now: () => now,
      sleep,
      probe: async (target: Target, timeoutMs: number) => {
        probes.push({ id: target.host.id, at: now, timeoutMs });
        const outcome = answer(target, now);
        await sleep(probeMs(target));
        return outcome;
      },
      report: (line: string) => lines.push(line),
    },
    async run<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      void work.finally(() => (settled = true)).catch(() => undefined);
      while (!settled) {
        await new Promise((resolve) => setImmediate(resolve)); // let every poller reach its next sleep
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (next) {
          now = next.at;
          next.resolve();
        }
      }
      return work;
    },
  };
}

describe('warm-up policy', () => {
  it('counts gateway errors as asleep and any other answer as awake', () => {
    assert.deepEqual(classifyAnswer(503, 'Service Unavailable'), {
      state: 'asleep',
      reason: 'HTTP 503 Service Unavailable',
    });
    assert.equal(classifyAnswer(502, '').state, 'asleep');
    assert.equal(classifyAnswer(504, '').state, 'asleep');
    for (const status of [200, 302, 401, 404, 500]) assert.equal(classifyAnswer(status, '').state, 'awake');
  });

  it('waits for refused connections but not for names that do not resolve', () => {
    assert.equal(classifyError(new Error('apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:1')).state, 'asleep');
    assert.equal(
      classifyError(new Error('apiRequestContext.get: getaddrinfo ENOTFOUND staging-x.wink.travel')).state,
      'unresolvable',
    );
  });

  it('backs off from 0.5 s by half each time, capped at 1 s', () => {
    assert.deepEqual([1, 2, 3, 4, 20].map(pollDelayMs), [500, 750, 1000, 1000, 1000]);
  });

  it('records when each host woke, and adds at most one poll interval to the wake time', async () => {
    const wakeAt = 60_000;
    const world = fakeWorld((target, at) =>
      target.host.id === 'studio' || at < wakeAt
        ? { state: 'asleep', reason: 'HTTP 503' }
        : { state: 'awake', status: 200 },
    );
    const record = await world.run(warmUp('staging', targets, 180_000, world.deps));
    const studio = record.hosts.find((host) => host.id === 'studio');
    assert.equal(studio?.state, 'asleep');
    assert.equal(studio?.lastError, 'HTTP 503');
    const awake = record.hosts.filter((host) => host.state === 'awake');
    assert.equal(awake.length, targets.length - 1);
    const latest = wakeAt + pollDelayMs(100) + 100;
    for (const host of awake) {
      assert.ok(
        host.wakeMs! >= wakeAt && host.wakeMs! <= latest,
        `${host.id} seen awake at ${host.wakeMs} ms; expected from its wake at ${wakeAt} ms to one poll interval and two 50 ms probes later, ${latest} ms`,
      );
    }
    assert.ok(
      record.elapsedMs <= 180_000 + 100,
      `ended at ${record.elapsedMs} ms; expected by the 180000 ms budget, give or take 100 ms`,
    );
    assert.doesNotThrow(() => assertSomeHostWoke(record));
  });

  it("times each wake, and spends the budget, from the runner's first contact before the warm-up started", async () => {
    // The runner contacted every host 2 s before the warm-up's first probe (at 0 on this clock).
    const contactedAt = -2_000;
    const wakeAfterContact = 8_000;
    const budget = 30_000;
    const world = fakeWorld((target, at) =>
      target.host.id === 'studio' || at < contactedAt + wakeAfterContact
        ? { state: 'asleep', reason: 'HTTP 503' }
        : { state: 'awake', status: 200 },
    );
    const record = await world.run(warmUp('staging', targets, budget, world.deps, contactedAt));
    assert.equal(record.contactedAt, contactedAt);
    const latest = wakeAfterContact + pollDelayMs(100) + 100;
    for (const host of record.hosts.filter((candidate) => candidate.state === 'awake')) {
      assert.ok(
        host.wakeMs! >= wakeAfterContact && host.wakeMs! <= latest,
        `${host.id} seen awake ${host.wakeMs} ms after the contact; expected from its wake ${wakeAfterContact} ms after it to ${latest} ms`,
      );
    }
    const lastProbe = Math.max(...world.probes.map((probe) => probe.at));
    assert.ok(
      lastProbe <= contactedAt + budget && record.elapsedMs <= budget + 100,
      `last probe at ${lastProbe} ms, ended ${record.elapsedMs} ms after the contact; expected within the ${budget} ms budget counted from the contact (${contactedAt + budget} ms on this clock)`,
    );
  });

  it("takes the runner's first contact only when it is this run's", () => {
    const now = 1_000_000;
    const env = (contacts: unknown) => ({ [FIRST_CONTACT_VARIABLE]: JSON.stringify(contacts) });
    assert.equal(firstContactOf('staging', now, env({ staging: now - 2_000 })), now - 2_000);
    assert.equal(
      firstContactOf('staging', now, env({ staging: now - FIRST_CONTACT_FRESH_MS - 1 })),
      undefined,
      'too old: an earlier run of the same runner',
    );
    assert.equal(firstContactOf('staging', now, env({ staging: now + 1 })), undefined, 'in the future');
    assert.equal(firstContactOf('staging', now, env({ production: now })), undefined, 'another environment');
    assert.equal(firstContactOf('staging', now, env({ staging: 'soon' })), undefined, 'not a time');
    assert.equal(firstContactOf('staging', now, { [FIRST_CONTACT_VARIABLE]: '{not json' }), undefined, 'not JSON');
    assert.equal(firstContactOf('staging', now, {}), undefined, 'no contact');
  });

  it('probes every waiting host at once when one wakes, so the last is seen within two answers of the first', async () => {
    const wakeAt = 60_000;
    // Answers of different speeds put the hosts' polls out of step, as on a real network.
    const probeMs = (target: Target): number => 50 + 10 * targets.indexOf(target);
    const world = fakeWorld(
      (_target, at) => (at < wakeAt ? { state: 'asleep', reason: 'HTTP 503' } : { state: 'awake', status: 200 }),
      probeMs,
    );
    const record = await world.run(warmUp('staging', targets, 180_000, world.deps));
    const wakeTimes = record.hosts.map((host) => host.wakeMs!);
    const slowestAnswer = Math.max(...targets.map(probeMs));
    // Two: a host whose probe was already on its way when the first woke gets its "asleep" answer,
    // then, at the next wake, a new probe. Without the hint, up to a poll interval (1 s) apart.
    assert.ok(
      Math.max(...wakeTimes) - Math.min(...wakeTimes) <= 2 * slowestAnswer,
      `seen awake between ${Math.min(...wakeTimes)} and ${Math.max(...wakeTimes)} ms; expected within ${2 * slowestAnswer} ms of each other`,
    );
    // At most one probe per host past its own schedule for each wake: bounded, not a storm.
    const afterWake = world.probes.filter((probe) => probe.at >= wakeAt).length;
    assert.ok(afterWake <= targets.length, `${afterWake} probes after the wake; expected ${targets.length} at most`);
  });

  it('spreads the polls of hosts in step, so a wake is seen within a fraction of the interval', async () => {
    // Wake instants across one poll interval, so that none can fall just after polls sent in step
    // by chance; and a second shape, in which iam wakes first and its hint puts the rest in step.
    for (const earlyIam of [false, true]) {
      for (let wakeAt = 60_000; wakeAt < 61_000; wakeAt += 97) {
        const world = fakeWorld((target, at) =>
          at < (earlyIam && target.host.id === 'iam' ? 10_000 : wakeAt)
            ? { state: 'asleep', reason: 'HTTP 503' }
            : { state: 'awake', status: 200 },
        );
        const record = await world.run(warmUp('staging', targets, 180_000, world.deps));
        assert.equal(world.probes.filter((probe) => probe.at === 0).length, targets.length, 'all contacted at once');
        for (const target of targets) {
          const times = world.probes.filter((probe) => probe.id === target.host.id).map((probe) => probe.at);
          const longestGap = Math.max(...times.slice(1).map((at, index) => at - times[index]!));
          assert.ok(
            longestGap <= pollDelayMs(100) + 50,
            `${target.host.id} waited ${longestGap} ms between probes; expected ${pollDelayMs(100) + 50} ms at most`,
          );
        }
        // Some host is probed within 1 s / 12 of the wake (2 s / 12 where an awake iam leaves a gap
        // in the spread); its answer (50 ms) hints the rest, whose probes answer 50 ms later; a probe
        // already on its way may first answer "asleep" (50 ms). In step, up to a whole second.
        const lastWake = Math.max(...record.hosts.map((host) => host.wakeMs!));
        const bound = wakeAt + (2 * pollDelayMs(100)) / targets.length + 3 * 50;
        assert.ok(
          lastWake <= bound,
          `woke at ${wakeAt}${earlyIam ? ', iam at 10000' : ''}: last host seen awake at ${lastWake} ms; expected by ${bound} ms`,
        );
      }
    }
  });

  it('takes no hint from a host that was awake from the start', async () => {
    // iam answers slowly, 200 ms, when every other host already waits for its next turn. Its being
    // awake must not change when the others are probed before they wake at 5 s.
    const probesBeforeWake = async (iamAwake: boolean) => {
      const world = fakeWorld(
        (target, at) =>
          (iamAwake && target.host.id === 'iam') || at >= 5_000
            ? { state: 'awake', status: 200 }
            : { state: 'asleep', reason: 'HTTP 503' },
        (target) => (target.host.id === 'iam' ? 200 : 50),
      );
      await world.run(warmUp('staging', targets, 180_000, world.deps));
      return world.probes.filter((probe) => probe.id !== 'iam' && probe.at < 5_000);
    };
    assert.deepEqual(await probesBeforeWake(true), await probesBeforeWake(false));
  });

  it('does not wait for a host whose name does not resolve', async () => {
    const world = fakeWorld((target) =>
      target.host.id === 'iam'
        ? { state: 'unresolvable', reason: 'host name does not resolve' }
        : { state: 'awake', status: 200 },
    );
    const record = await world.run(warmUp('staging', targets, 180_000, world.deps));
    assert.equal(world.probes.filter((probe) => probe.id === 'iam').length, 1);
    assert.equal(record.hosts.find((host) => host.id === 'iam')?.state, 'unresolvable');
    assert.match(
      world.lines.at(-1)!,
      new RegExp(`^staging: ${targets.length - 1}/${targets.length} awake, not resolving: iam \\(0 s of 180 s\\)$`),
    );
  });

  it('never spends the end of the budget on a probe too short to be answered', async () => {
    const world = fakeWorld(() => ({ state: 'asleep', reason: 'connection refused' }));
    const record = await world.run(warmUp('staging', targets.slice(0, 1), 10_000, world.deps));
    for (const probe of world.probes)
      assert.ok(
        probe.timeoutMs >= MIN_PROBE_TIMEOUT_MS,
        `probe at ${probe.at} ms got ${probe.timeoutMs} ms; expected ${MIN_PROBE_TIMEOUT_MS} ms at least`,
      );
    assert.equal(record.hosts[0]?.lastError, 'connection refused');
  });

  it("keeps the fault of a host's last probe when it got no answer at all, and none after a gateway's answer", async () => {
    assert.deepEqual(classifyError(new Error('apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:1')), {
      state: 'asleep',
      reason: 'connection refused (connect ECONNREFUSED 127.0.0.1:1)',
      fault: 'connect',
    });
    const [refusing, answering] = targets;
    // The second host refuses first, then answers 503 until the end: its last probe got an answer.
    const world = fakeWorld((target, at) =>
      target === refusing || at < 2_000
        ? classifyError(new Error('connect ECONNREFUSED 127.0.0.1:1'))
        : classifyAnswer(503, 'Service Unavailable'),
    );
    const record = await world.run(warmUp('staging', [refusing!, answering!], 10_000, world.deps));
    assert.deepEqual(
      record.hosts.map((host) => [host.id, host.state, host.lastFault]),
      [
        [refusing!.host.id, 'asleep', 'connect'],
        [answering!.host.id, 'asleep', undefined],
      ],
    );
  });

  it('fails with one verdict listing every host when none woke', async () => {
    const world = fakeWorld((target) => ({ state: 'asleep', reason: `${target.host.id} says 503` }));
    const record = await world.run(warmUp('staging', targets, 20_000, world.deps));
    assert.throws(
      () => assertSomeHostWoke(record),
      (error: Error) =>
        error.message.startsWith('staging: no host woke within 20 s; last error of each:') &&
        targets.every((target) =>
          error.message.includes(`${target.host.id} ${target.url}: ${target.host.id} says 503`),
        ),
    );
  });

  it('says when it stopped early with no host left to wait for, not a wait it did not make', () => {
    const record = {
      environment: 'staging',
      budgetMs: 180_000,
      contactedAt: 0,
      elapsedMs: 169,
      hosts: [
        {
          id: 'iam',
          url: 'https://staging-iam.example',
          state: 'unresolvable' as const,
          attempts: 1,
          lastError: 'host name does not resolve',
        },
      ],
    };
    assert.throws(() => assertSomeHostWoke(record), {
      message:
        'staging: no host woke after 169 ms, with no host left to wait for; last error of each:\n  iam https://staging-iam.example: host name does not resolve',
    });
  });

  it('shows progress as awake count, waiting hosts and time', () => {
    const settled = new Map([
      ['inventory', { id: 'inventory', url: '', state: 'awake' as const, attempts: 3, wakeMs: 1 }],
    ]);
    assert.equal(
      progressLine('staging', targets.slice(0, 3), settled, 34_400, 180_000),
      'staging: 1/3 awake, waiting for iam, integrations (34 s of 180 s)',
    );
  });
});
