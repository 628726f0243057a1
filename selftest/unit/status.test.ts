/** What the history says: states, since when, uptime, incidents; on lines written out by hand. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckLine, HistoryLine, RunLine } from '../../src/history/history.ts';
import { runsOf } from '../../src/history/runs.ts';
import { DAY_MS, HOUR_MS } from '../../src/shared/format.ts';
import { incidentsOf } from '../../src/status/incidents.ts';
import { observe, type HostObservation, type RunRef } from '../../src/status/observation.ts';
import { environmentStatus, uptimeOf } from '../../src/status/status.ts';
import { deriveAlerts } from '../../src/alerts/state.ts';

const T0 = Date.parse('2026-11-01T00:07:00.000Z');
const at = (run: number): string => new Date(T0 + run * HOUR_MS).toISOString();

function runLine(run: number, extra: Partial<RunLine> = {}): RunLine {
  return {
    type: 'run',
    run: `${at(run)}#${run}.1`,
    at: at(run),
    environment: 'production',
    status: 'passed',
    checks: 2,
    link: `https://github.com/wink/wink-smoke/actions/runs/${run}`,
    ...extra,
  };
}

function check(run: number, host: string, verdict: CheckLine['verdict'], extra: Partial<CheckLine> = {}): CheckLine {
  return { type: 'check', at: at(run), host, check: 'api answers', verdict, ...extra };
}

/** A run in which each host's one check has the given verdict. */
function run(index: number, verdicts: Readonly<Record<string, CheckLine['verdict']>>): HistoryLine[] {
  return [
    runLine(index),
    ...Object.entries(verdicts).map(([host, verdict]) =>
      check(index, host, verdict, {
        latencyMs: 100 + index,
        ...(verdict === 'fail' ? { fault: 'status', cause: `answered HTTP 503 in run ${index}` } : {}),
      }),
    ),
  ];
}

const ref = (index: number): RunRef => ({
  at: at(index),
  time: Date.parse(at(index)),
  run: undefined,
  link: undefined,
});
const observation = (index: number, state: HostObservation['state']): HostObservation => ({
  run: ref(index),
  state,
  latencyMs: undefined,
  certDays: undefined,
  wakeMs: undefined,
  vitals: {},
  findings: state === 'up' ? [] : [{ check: 'api answers', verdict: 'fail', fault: 'status', cause: `run ${index}` }],
});

describe('what a run found of a host', () => {
  it('is down when any check failed, degraded when one was slow or flaky, up when all passed', () => {
    assert.equal(
      observe(ref(0), [check(0, 'a', 'pass'), check(0, 'a', 'fail', { fault: 'dns', cause: 'x' })])?.state,
      'down',
    );
    assert.equal(observe(ref(0), [check(0, 'a', 'pass'), check(0, 'a', 'degraded')])?.state, 'degraded');
    assert.equal(observe(ref(0), [check(0, 'a', 'flaky'), check(0, 'a', 'skipped')])?.state, 'degraded');
    assert.equal(observe(ref(0), [check(0, 'a', 'pass'), check(0, 'a', 'skipped')])?.state, 'up');
  });

  it('says nothing when every check of the host was skipped', () => {
    assert.equal(observe(ref(0), [check(0, 'a', 'skipped'), check(0, 'a', 'skipped')]), undefined);
  });

  it('keeps the slowest latency, the fewest certificate days and the wake time', () => {
    const found = observe(ref(0), [
      check(0, 'a', 'pass', { latencyMs: 80, certDays: 40, wakeMs: 31_000 }),
      check(0, 'a', 'pass', { latencyMs: 240, certDays: 12, wakeMs: 31_000 }),
      check(0, 'a', 'skipped', { latencyMs: 9999 }),
    ]);
    assert.deepEqual([found?.latencyMs, found?.certDays, found?.wakeMs], [240, 12, 31_000]);
  });

  it("gives a degraded check's recorded note as its cause, and a duration for lines written before the note", () => {
    const withNote = observe(ref(0), [
      check(0, 'a', 'degraded', { latencyMs: 2410, note: 'GET / took 2410 ms, over SMOKE_API_DEGRADED_MS=2000' }),
    ]);
    assert.equal(withNote?.findings[0]?.cause, 'GET / took 2410 ms, over SMOKE_API_DEGRADED_MS=2000');
    const older = observe(ref(0), [check(0, 'a', 'degraded', { latencyMs: 2410 })]);
    assert.deepEqual(older?.findings, [
      { check: 'api answers', verdict: 'degraded', fault: 'slow', cause: 'took 2410 ms' },
    ]);
  });

  it("tells a down host's story by its failures only", () => {
    const found = observe(ref(0), [
      check(0, 'a', 'degraded', { latencyMs: 3000 }),
      check(0, 'a', 'fail', { fault: 'health', cause: 'status DOWN' }),
    ]);
    assert.deepEqual(
      found?.findings.map((finding) => finding.fault),
      ['health'],
    );
  });
});

describe('runs of the history', () => {
  it('joins each run line with the check lines of the same at, oldest first, and skips lines of unknown kinds', () => {
    const lines = [
      ...run(2, { a: 'pass' }),
      ...run(1, { a: 'fail', b: 'pass' }),
      { type: 'alert', at: at(1) } as unknown as HistoryLine,
    ];
    const runs = runsOf(lines);
    assert.deepEqual(
      runs.map((found) => [found.at, found.line?.run, found.checks.length]),
      [
        [at(1), `${at(1)}#1.1`, 2],
        [at(2), `${at(2)}#2.1`, 1],
      ],
    );
  });
});

describe('incidents', () => {
  it('is one incident per streak of down or degraded runs, from the first to the run that found the host up', () => {
    const incidents = incidentsOf(
      'a',
      [
        observation(0, 'up'),
        observation(1, 'degraded'),
        observation(2, 'down'),
        observation(3, 'down'),
        observation(4, 'up'),
        observation(5, 'down'),
      ],
      false,
    );
    assert.equal(incidents.length, 2);
    const [first, second] = incidents;
    assert.deepEqual(
      [first?.severity, first?.from.at, first?.last.at, first?.to?.at, first?.runs],
      ['down', at(1), at(3), at(4), 3],
    );
    assert.deepEqual([second?.severity, second?.from.at, second?.to, second?.runs], ['down', at(5), undefined, 1]);
  });

  it('keeps the distinct causes, first seen first, at most three', () => {
    const [incident] = incidentsOf(
      'a',
      [1, 2, 2, 3, 4, 5].map((index) => observation(index, 'down')),
      false,
    );
    assert.deepEqual(
      incident?.findings.map((finding) => finding.cause),
      ['run 1', 'run 2', 'run 3'],
    );
  });

  it('is a degraded incident when no run found the host down', () => {
    const [incident] = incidentsOf('a', [observation(1, 'degraded'), observation(2, 'up')], false);
    assert.equal(incident?.severity, 'degraded');
  });
});

describe('uptime', () => {
  it('is the share of the runs in the window that found the host up or degraded', () => {
    const observations = [
      observation(1, 'up'),
      observation(2, 'down'),
      observation(3, 'degraded'),
      observation(30, 'up'),
    ];
    assert.deepEqual(uptimeOf(observations, T0, T0 + 4 * HOUR_MS), { ratio: 2 / 3, runs: 3, upRuns: 2 });
    assert.deepEqual(uptimeOf(observations, T0 + 3 * HOUR_MS, T0 + 40 * HOUR_MS), { ratio: 1, runs: 1, upRuns: 1 });
    assert.equal(uptimeOf(observations, T0 + 40 * HOUR_MS, T0 + 50 * HOUR_MS), undefined);
  });
});

describe('the status of an environment', () => {
  const lines = [
    ...run(0, { iam: 'pass', book: 'pass', studio: 'fail' }),
    ...run(1, { iam: 'pass', book: 'fail', studio: 'fail' }),
    ...run(2, { iam: 'skipped', book: 'fail', studio: 'fail' }),
    ...run(3, { iam: 'pass', book: 'fail', studio: 'fail' }),
  ].map((line) => (line.type === 'check' && line.host === 'studio' ? { ...line, retired: true as const } : line));
  const now = T0 + 3 * HOUR_MS + 10 * 60_000;
  const status = environmentStatus('production', lines, { now, hostOrder: ['iam', 'book', 'studio'] });

  it('gives each host the state of the latest run that observed it, since the first run of that streak', () => {
    const iam = status.hosts.find((host) => host.host === 'iam')!;
    const book = status.hosts.find((host) => host.host === 'book')!;
    assert.deepEqual([iam.state, iam.since?.at, iam.sinceOldestRun], ['up', at(0), true]);
    assert.deepEqual([book.state, book.since?.at, book.sinceOldestRun], ['down', at(1), false]);
    assert.equal(book.since?.link, 'https://github.com/wink/wink-smoke/actions/runs/1');
  });

  it('counts a run that skipped a host as no run of it: uptime and streaks go on around it', () => {
    const iam = status.hosts.find((host) => host.host === 'iam')!;
    assert.deepEqual(iam.uptime['24h'], { ratio: 1, runs: 3, upRuns: 3 });
    const book = status.hosts.find((host) => host.host === 'book')!;
    assert.deepEqual(book.uptime['24h'], { ratio: 0.25, runs: 4, upRuns: 1 });
    assert.equal(book.incidents.length, 1);
    assert.equal(book.incidents[0]?.runs, 3);
  });

  it('marks a host retired by its lines, or by its absence from the current hosts, and leaves it out of the state', () => {
    const studio = status.hosts.find((host) => host.host === 'studio')!;
    assert.equal(studio.state, 'retired');
    assert.equal(status.hosts.at(-1)?.host, 'studio', 'retired hosts come last');
    const withoutBook = environmentStatus('production', lines, { now, currentHosts: new Set(['iam']) });
    assert.equal(withoutBook.hosts.find((host) => host.host === 'book')?.state, 'retired');
    assert.equal(withoutBook.state, 'up', 'the worst of the current hosts');
    assert.equal(status.state, 'down');
  });

  it('shows a host no run ever judged as unknown, and takes the state from the others', () => {
    // trvl.as: RDAP has no service for .as, so every run skips its domain check.
    const unjudged = lines.map((line) =>
      line.type === 'check' && line.host === 'book' ? { ...line, host: 'trvl.as', verdict: 'skipped' as const } : line,
    );
    const found = environmentStatus('production', unjudged, { now, currentHosts: new Set(['iam', 'trvl.as']) });
    assert.equal(found.hosts.find((host) => host.host === 'trvl.as')?.state, 'unknown');
    assert.equal(found.state, 'up', 'iam, the one host judged, is up');
    const nothing = environmentStatus('production', unjudged, { now, currentHosts: new Set(['trvl.as']) });
    assert.equal(nothing.state, 'unknown', 'no current host was ever judged');
  });

  it("lists every incident newest first, the retired host's marked", () => {
    assert.deepEqual(
      status.incidents.map((incident) => [incident.host, incident.from.at, incident.retired]),
      [
        ['book', at(1), false],
        ['studio', at(0), true],
      ],
    );
  });

  it('is unknown when the latest run died, with an incident of the environment saying why', () => {
    const died: RunLine = runLine(4, { status: 'died', checks: 0, problems: ['npm ci: failure'] });
    const after = environmentStatus('production', [...lines, died], { now: now + HOUR_MS });
    assert.equal(after.state, 'unknown');
    assert.equal(after.latestRunCheckedNothing, 'the run died: npm ci: failure');
    const [incident] = after.incidents.filter((candidate) => candidate.host === undefined);
    assert.deepEqual(
      [incident?.severity, incident?.from.at, incident?.to, incident?.findings[0]?.cause],
      ['unchecked', at(4), undefined, 'the run died: npm ci: failure'],
    );
    assert.equal(after.hosts.find((host) => host.host === 'book')?.state, 'down', 'hosts keep their last state');
    const recovered = environmentStatus('production', [...lines, died, ...run(5, { iam: 'pass', book: 'pass' })], {
      now: now + 2 * HOUR_MS,
    });
    assert.equal(recovered.incidents.find((candidate) => candidate.host === undefined)?.to?.at, at(5));
  });

  it('has an uptime of its own: the share of runs with no current host down', () => {
    assert.deepEqual(status.uptime['24h'], { ratio: 0.25, runs: 4, upRuns: 1 });
    assert.equal(environmentStatus('production', lines, { now: now + 2 * DAY_MS }).uptime['24h'], undefined);
  });
});

describe("a host's state, the same on the page and in the alerts", () => {
  const policy = { alertAfter: 2, recoverAfter: 2, remindMs: 0 };
  const lines = [
    ...run(0, { book: 'pass' }),
    ...run(1, { book: 'fail' }),
    ...run(2, { book: 'fail' }),
    ...run(3, { book: 'pass' }),
    ...run(4, { book: 'pass' }),
  ];
  /** The page's state of book and its start, and the alerts', after the first `runs` runs. */
  const states = (runs: number) => {
    const upTo = lines.filter((line) => Date.parse(line.at) <= Date.parse(at(runs - 1)));
    const page = environmentStatus('production', upTo, { now: Date.parse(at(runs)), policy }).hosts[0]!;
    const alerts = deriveAlerts(upTo, policy).hosts[0]!;
    return { page: [page.state, page.since?.at], alerts: [alerts.state, alerts.since] };
  };

  it('is down only after SMOKE_ALERT_AFTER failing runs in a row, and up after SMOKE_RECOVER_AFTER passing ones', () => {
    const expected: [string, string][] = [
      ['up', at(0)],
      ['degraded', at(1)],
      ['down', at(1)],
      ['down', at(1)],
      ['up', at(4)],
    ];
    expected.forEach(([state, since], index) => {
      const { page, alerts } = states(index + 1);
      assert.deepEqual(page, [state, since], `the page after run ${index}`);
      assert.deepEqual(alerts, [state, since], `the alerts after run ${index}`);
    });
  });

  it('makes the incident of the runs in which the host was not up, down at its worst', () => {
    const status = environmentStatus('production', lines, { now: Date.parse(at(5)), policy });
    const [incident] = status.hosts[0]!.incidents;
    assert.deepEqual(
      [incident?.severity, incident?.from.at, incident?.to?.at, incident?.runs],
      ['down', at(1), at(4), 3],
    );
  });
});
