/**
 * `--project=local` as a user runs it: the suite starts its own emulator, which starts asleep; the
 * warm-up waits for it; every check passes, the authenticated ones with a client the run made up;
 * every kind of check sends its own trace, which the emulator receives; the emulator is gone after
 * the run.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { KINDS } from '../../src/kinds/registry.ts';
import { traceIdOf } from '../../src/shared/trace.ts';
import type { RecordedLine } from '../../emulator/emulator.ts';
import {
  CHECKS_PER_ENVIRONMENT,
  describeOutcomes,
  readEverything,
  refusesConnections,
  runSuite,
  warmupRecordOf,
  type RunResult,
} from '../harness.ts';

/**
 * A port range of its own, so that this run cannot meet another self-test's emulator, and below
 * Linux's ephemeral ports (32768 and up): in that range, any outgoing connection of a test running
 * beside this one may hold a port the emulator needs, which failed CI once with EADDRINUSE.
 */
const EMULATOR_PORT = 29_900;
const WAKE_S = 2;
const REPEATS = 3;

describe('the suite against its own emulator', () => {
  let result: RunResult;
  const recordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-record-')), 'requests.jsonl');

  before(async () => {
    result = await runSuite({
      // Every check three times over: a healthy environment must not flake.
      args: ['--project=local', `--repeat-each=${REPEATS}`],
      env: {
        SMOKE_EMULATOR_PORT: String(EMULATOR_PORT),
        SMOKE_EMULATOR_WAKE_S: String(WAKE_S),
        SMOKE_EMULATOR_RECORD: recordFile,
        // No LOCAL_CLIENT_ID or LOCAL_CLIENT_SECRET, as in the quick start: the run makes its own.
      },
    });
  });

  it('starts the emulator, warms it, runs every check green and stops it', () => {
    assert.equal(result.code, 0, `${describeOutcomes(result.outcomes)}\n${result.stderr}`);
    const byProject = (project: string) => result.outcomes.filter((outcome) => outcome.project === project);
    assert.equal(byProject('local').length, CHECKS_PER_ENVIRONMENT * REPEATS);
    for (const project of ['local-emulator', 'local-warmup', 'local', 'local-emulator-stop']) {
      assert.ok(
        byProject(project).length > 0 && byProject(project).every((outcome) => outcome.status === 'expected'),
        project,
      );
    }
  });

  it('runs the authenticated checks with a client it made up, and writes that client nowhere', () => {
    for (const title of ['inventory authenticated ping', 'partner grpc authenticated call']) {
      const records = result.outcomes.filter((outcome) => outcome.title === title).map((outcome) => outcome.record);
      assert.equal(records.length, REPEATS, title);
      assert.ok(
        records.every((record) => record?.outcome === 'pass'),
        `${title}: ${JSON.stringify(records)}`,
      );
    }
    // The made-up id and secret share a known prefix, found by this scan wherever the run wrote it.
    // The run passed, so it kept no traces; credentials.test.ts scans traces, with a client of its own.
    const files = [
      ...readEverything(result.outputDir),
      { file: 'stdout', text: result.stdout },
      { file: 'stderr', text: result.stderr },
    ];
    assert.ok(
      files.some((entry) => entry.file.includes('index.html.data.zip.unpacked')),
      'the HTML report data was read',
    );
    const leaks = files.filter((entry) => entry.text.includes('wink-smoke-local-')).map((entry) => entry.file);
    assert.deepEqual(leaks, [], 'the made-up client appears nowhere');
  });

  it('waited for the sleeping emulator before the checks', () => {
    const record = warmupRecordOf(result.outcomes.find((outcome) => outcome.project === 'local-warmup'));
    assert.equal(record.hosts.length, HOSTS.length);
    for (const host of record.hosts) {
      assert.ok(
        host.wakeMs !== undefined && host.wakeMs >= WAKE_S * 1000,
        `${host.id} seen awake ${host.wakeMs} ms into the warm-up; expected no sooner than the emulator's ${WAKE_S * 1000} ms sleep: ${JSON.stringify(host)}`,
      );
    }
    const requests = fs
      .readFileSync(recordFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { host: string; at: number });
    assert.deepEqual(
      new Set(requests.map((request) => request.host)),
      new Set([...HOSTS.map((host) => host.id), 'rdap']),
      'every host was contacted, and the registry of their domains',
    );
  });

  it("receives every kind of check's own trace, over HTTP or gRPC, and no trace that is not a check's", () => {
    const received = fs
      .readFileSync(recordFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RecordedLine);
    const checks = result.outcomes.flatMap((outcome) =>
      outcome.project === 'local' && outcome.record ? [outcome.record] : [],
    );
    // The registry's list, not a copy: a new kind is held to this as soon as it is registered.
    for (const kind of KINDS) {
      const ofKind = checks.filter((record) => record.check === kind.name);
      assert.ok(ofKind.length > 0, `no check of kind ${kind.name} ran: the emulated catalog plans every kind`);
      // A kind of the catalog (a domain) asks only a third party, its registry: no trace, sent or kept.
      if (kind.planCatalog) {
        for (const record of ofKind) assert.equal(record.traceId, undefined, `${record.host} ${record.name}: no trace`);
        continue;
      }
      for (const record of ofKind) {
        assert.match(record.traceId ?? '', /^[0-9a-f]{32}$/, `${record.host} ${record.name}: a trace id recorded`);
        const carried = received.filter(
          (line) => line.host === record.host && traceIdOf(line.traceparent) === record.traceId,
        );
        assert.ok(
          carried.length > 0,
          `${kind.name}: ${record.host} ${record.name} sent no request with trace ${record.traceId}`,
        );
      }
    }
    const traced = checks.filter((record) => record.traceId !== undefined);
    const traceIds = new Set(traced.map((record) => record.traceId));
    assert.equal(traceIds.size, traced.length, 'a fresh trace per check, and per repeat');
    assert.deepEqual(
      received.filter((line) => line.host === 'rdap' && line.traceparent !== undefined),
      [],
      'the registry, a third party, gets no traceparent',
    );
    const strangers = received.filter(
      (line) => line.traceparent !== undefined && !traceIds.has(traceIdOf(line.traceparent)),
    );
    assert.deepEqual(strangers, [], "every traceparent received is a check's own: the warm-up sends none");
  });

  it('leaves no emulator behind', async () => {
    // Every host's port, and the RDAP server's after them.
    for (let index = 0; index <= HOSTS.length; index++)
      assert.ok(await refusesConnections(EMULATOR_PORT + index), `port ${EMULATOR_PORT + index} is closed`);
  });
});
