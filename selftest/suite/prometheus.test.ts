/**
 * Metrics through the real thing: Debian's `prometheus-pushgateway` and `prometheus`, started here on
 * loopback ports, bounded, and killed after. A run of the suite (inventory's API checks, its health
 * DOWN, and the registration of wink.travel) pushes its metrics; Prometheus scrapes the Pushgateway;
 * the series are read back through Prometheus' HTTP API. Without the binaries the test fails:
 * `npm test` installs them with apt as root.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  SELFTEST_OUTPUT,
  describeOutcomes,
  overridesFor,
  runSuite,
  startTestEmulator,
  type RunResult,
} from '../harness.ts';
import { testProgram } from '../../scripts/test-programs.ts';

/** A free loopback port: the system picks it, and it is released for the server about to start. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until `ready` gives a value, every 250 ms, for at most `timeoutMs`; fails with `what`. */
async function waitFor<T>(what: string, timeoutMs: number, ready: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await ready().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s`);
}

interface Series {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

describe('metrics pushed to a real Pushgateway, read back from a real Prometheus', { timeout: 120_000 }, () => {
  const children: ChildProcess[] = [];
  let prometheus = '';
  let result: RunResult;
  /** When the run was started, and when the emulator received its first request (epoch ms). */
  let spawnedAt = 0;
  let firstRequestAt = 0;

  function start(command: string, args: readonly string[], log: string): void {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', fs.openSync(log, 'w')] });
    children.push(child);
  }

  before(async () => {
    const pushgatewayBinary = testProgram('prometheus-pushgateway');
    const prometheusBinary = testProgram('prometheus');
    fs.mkdirSync(SELFTEST_OUTPUT, { recursive: true });
    const folder = fs.mkdtempSync(path.join(SELFTEST_OUTPUT, 'prometheus-'));
    const [pushPort, prometheusPort] = [await freePort(), await freePort()];
    const pushgateway = `http://127.0.0.1:${pushPort}`;
    prometheus = `http://127.0.0.1:${prometheusPort}`;
    // Scraped every second, so the pushed series show within a few seconds; honor_labels keeps the
    // pushed job and environment labels instead of the scrape's own.
    fs.writeFileSync(
      path.join(folder, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: pushgateway',
        '    honor_labels: true',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${pushPort}']`,
        '',
      ].join('\n'),
    );
    // In memory only: Debian's build keeps its metrics in /var/lib/prometheus/pushgateway.data by
    // default, one file for every Pushgateway on the machine, so it would start with an earlier run's
    // metrics, and this test could read those instead of its own run's.
    start(
      pushgatewayBinary,
      [`--web.listen-address=127.0.0.1:${pushPort}`, '--persistence.file='],
      path.join(folder, 'pushgateway.log'),
    );
    start(
      prometheusBinary,
      [
        `--config.file=${path.join(folder, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(folder, 'data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ],
      path.join(folder, 'prometheus.log'),
    );
    // Both start in a second or two; 30 s covers a busy machine.
    for (const url of [pushgateway, prometheus])
      await waitFor(`${url} ready`, 30_000, async () =>
        (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) })).ok ? true : undefined,
      );

    const emulator = await startTestEmulator({
      environment: 'production',
      scenario: { hosts: { inventory: { fault: 'health-down' } } },
    });
    try {
      spawnedAt = Date.now();
      result = await runSuite({
        // Inventory's checks, and the registration of the domain it is on.
        args: ['--project=production', '--grep', '@(inventory|wink\\.travel)( |$)'],
        env: { ...overridesFor('production', emulator.urls), SMOKE_PUSHGATEWAY_URL: pushgateway },
      });
      firstRequestAt = emulator.requests[0]?.at ?? Number.NaN;
    } finally {
      await emulator.close();
    }
  });

  after(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            // Prometheus flushes its database on SIGTERM; 5 s, then it is killed outright.
            const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(killer);
              resolve();
            });
          }),
      ),
    );
  });

  async function query(promql: string): Promise<Series[]> {
    // A query of a few series on loopback answers in milliseconds; 5 s means Prometheus is stuck.
    const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`, {
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json()) as { status: string; data: { result: Series[] } };
    assert.equal(body.status, 'success');
    return body.data.result;
  }

  it('the run pushed its metrics', () => {
    assert.match(result.stdout, /wink-smoke: production metrics pushed to the Pushgateway/, result.stderr);
    assert.ok(!result.stderr.includes('metrics not pushed'), result.stderr);
  });

  const outcomeOf = (title: string) => result.outcomes.find((outcome) => outcome.title === title);

  it('Prometheus holds each check’s success and latency, by environment, host and check, and the domain’s expiry', async () => {
    const checks = result.outcomes.filter((outcome) => outcome.record && outcome.record.outcome !== 'skipped');
    assert.ok(checks.length >= 3, describeOutcomes(result.outcomes));
    // A scrape a second: the series show within a few; 30 s covers a busy machine.
    const success = await waitFor('the series scraped', 30_000, async () => {
      const series = await query('wink_smoke_check_success{job="wink_smoke",environment="production"}');
      return series.length === checks.length ? series : undefined;
    });
    const value = (check: string) => success.find((series) => series.metric.check === check)?.value[1];
    assert.equal(value('api answers'), '1');
    assert.equal(value('health is UP'), '0', 'the DOWN health fails');
    assert.deepEqual([...new Set(success.map((series) => series.metric.host))].sort(), ['inventory', 'wink.travel']);
    const registration = success.find((series) => series.metric.host === 'wink.travel');
    assert.deepEqual([registration?.metric.check, registration?.value[1]], ['domain registration', '1']);

    const latency = await query('wink_smoke_check_latency_seconds{environment="production",host="inventory"}');
    assert.ok(latency.length > 0 && latency.every((series) => Number(series.value[1]) > 0));
    // The domain's expiry, to the second the emulated registry gave it.
    const domain = outcomeOf('wink.travel domain registration')?.record?.domain;
    const expiry = await query('wink_smoke_domain_expiry_timestamp_seconds{environment="production"}');
    assert.deepEqual(
      expiry.map((series) => [series.metric.domain, Number(series.value[1]) * 1000]),
      [['wink.travel', Date.parse(domain?.expiresAt ?? '')]],
    );
    const run = await query('wink_smoke_run_success{environment="production"}');
    assert.equal(run[0]?.value[1], '0', 'the run failed');
    // The run started after it was spawned here, and before its first check reached the emulator.
    const started = await query('wink_smoke_run_timestamp_seconds{environment="production"}');
    const startedAt = Math.round(Number(started[0]?.value[1]) * 1000);
    assert.ok(
      startedAt >= spawnedAt && startedAt <= firstRequestAt,
      `the run's timestamp is ${startedAt} ms; expected from its spawn at ${spawnedAt} ms to the emulator's first request at ${firstRequestAt} ms (Unix time)`,
    );
  });
});
