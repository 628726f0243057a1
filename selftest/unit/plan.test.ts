import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import {
  checkPlan,
  checksOfHost,
  hostsNeeded,
  opensBrowser,
  plannedByTitle,
  targetsToWake,
} from '../../src/plan/plan.ts';
import { resolveEnvironment } from '../../src/targets/targets.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { findRecord, recordAttachment, type CheckRecord } from '../../src/checks/record.ts';
import type { RunSummary, SummaryRow } from '../../src/summary/summary.ts';
import { formatMarkdown, formatTable } from '../../src/summary/table.ts';
import { withoutCredentials } from '../../src/config/variables.ts';

describe('check plan', () => {
  it('gives each host the checks its catalog entry calls for; browser checks first', () => {
    const plan = checkPlan(HOSTS);
    const firstCall = plan.findIndex((check) => !opensBrowser(check));
    assert.ok(plan.slice(0, firstCall).every(opensBrowser));
    assert.ok(plan.slice(firstCall).every((check) => !opensBrowser(check)));
    assert.deepEqual(
      checksOfHost(HOSTS.find((host) => host.id === 'iam')!).map((check) => [check.kind, check.tags[0]]),
      [
        ['login-page', '@app'],
        ['api-answers', '@api'],
        ['oauth-metadata', '@api'],
      ],
    );
    assert.deepEqual(
      checksOfHost(HOSTS.find((host) => host.id === 'partner')!).map((check) => [check.title, check.needsCredentials]),
      [
        ['partner grpc answers', false],
        ['partner grpc authenticated call', true],
      ],
    );
    assert.deepEqual(
      checksOfHost(HOSTS.find((host) => host.id === 'elements')!).map((check) => [check.title, check.tags[0]]),
      [
        ['elements serves /elements.js', '@cdn'],
        ['elements serves /styles.css', '@cdn'],
      ],
    );
    // Retired hosts are checked unless skipped.
    assert.ok(HOSTS.some((host) => host.retired));
    assert.ok(checkPlan(HOSTS, 'skip').every((check) => !check.host.retired));
    for (const policy of ['report', 'check'] as const) {
      assert.ok(
        checkPlan(HOSTS, policy).some((check) => check.host.retired),
        policy,
      );
    }
    const inventoryHost = HOSTS.find((host) => host.id === 'inventory')!;
    const inventoryGroups = inventoryHost.kind === 'api' ? (inventoryHost.openapiGroups?.groups ?? []) : [];
    assert.ok(inventoryGroups.length >= 10);
    const inventory = checksOfHost(inventoryHost);
    assert.deepEqual(
      inventory.map((check) => [check.kind, check.title, check.needsCredentials]),
      [
        ['api-answers', 'inventory api answers', false],
        ['health', 'inventory health is UP', false],
        ['api-groups', 'inventory lists its API groups', false],
        // One document check per springdoc group the catalog names, in its order.
        ...inventoryGroups.map((group) => ['document', `inventory serves /v3/api-docs/${group}`, false]),
        ['api-reference', 'inventory serves /scalar', false],
        ['authenticated-ping', 'inventory authenticated ping', true],
        ['mcp-metadata', 'inventory mcp /mcp publishes its metadata', false],
        ['mcp-requires-token', 'inventory mcp /mcp asks for a token', false],
        ['mcp-tools', 'inventory mcp /mcp lists its tools', true],
      ],
    );
    assert.deepEqual(inventory[0]!.tags, ['@api', '@inventory']);
  });

  it('wakes the hosts it checks, and IAM too when a check needs its token', () => {
    const needed = (selected: string[]) =>
      [...hostsNeeded(checkPlan(HOSTS, 'report', new Set(selected)), HOSTS)].sort();
    assert.deepEqual(needed(['partner']), ['iam', 'partner']);
    assert.deepEqual(needed(['studio']), ['studio']);
    assert.deepEqual(needed(['inventory', 'book']), ['book', 'iam', 'inventory']);
  });

  it("wakes an environment's targets of those hosts only, for the runner's first contact and the warm-up alike", () => {
    const current = parseSettings({ SMOKE_HOSTS: 'partner' });
    const targets = targetsToWake(resolveEnvironment('staging', current), current);
    assert.deepEqual(
      targets.map((target) => [target.host.id, target.url]),
      ['iam', 'partner'].map((id) => [id, HOSTS.find((host) => host.id === id)!.urls.staging]),
    );
  });

  it('checks each registered domain of the hosts once, derived from their URLs, when any selected host is on it', () => {
    const domains = (plan: ReturnType<typeof checkPlan>) =>
      plan
        .filter((check) => check.kind === 'domain-expiry')
        .map((check) => [check.title, check.subject, check.host.id]);
    assert.deepEqual(domains(checkPlan(HOSTS)), [
      // Each shares the retirement of its first current host: trippay.io has none but the retired payment-api.
      ['trippay.io domain registration', 'trippay.io', 'payment-api'],
      ['trvl.as domain registration', 'trvl.as', 'winklinks'],
      ['wink.travel domain registration', 'wink.travel', 'iam'],
    ]);
    const wink = checkPlan(HOSTS).find((check) => check.title === 'wink.travel domain registration')!;
    assert.deepEqual(wink.tags, ['@domain', '@wink.travel']);
    assert.ok(wink.kind === 'domain-expiry' && wink.hostsOnIt.length === HOSTS.length - 2, 'every host on it is named');
    // SMOKE_HOSTS: a domain runs when a selected host is on it; --grep @book selects book's own checks only.
    assert.deepEqual(domains(checkPlan(HOSTS, 'report', new Set(['book']))), [
      ['wink.travel domain registration', 'wink.travel', 'iam'],
    ]);
    assert.deepEqual(domains(checkPlan(HOSTS, 'report', new Set(['winklinks', 'payment-api']))).length, 2);
    assert.ok(
      checkPlan(HOSTS, 'report', new Set(['book'])).every(
        (check) => !check.tags.includes('@domain') || check.subject === 'wink.travel',
      ),
    );
    // Skipped retired hosts take their domains along when no current host is on them.
    assert.deepEqual(
      domains(checkPlan(HOSTS, 'skip')).map(([title]) => title),
      ['trvl.as domain registration', 'wink.travel domain registration'],
    );
    // A domain's check asks RDAP, not its hosts: it wakes none.
    assert.deepEqual([...hostsNeeded(checkPlan(HOSTS, 'report', new Set(['winklinks'])), HOSTS)], ['winklinks']);
  });

  it('titles every check uniquely, so a finished test finds its check by title', () => {
    const plan = checkPlan(HOSTS);
    assert.equal(plannedByTitle(HOSTS).size, plan.length);
  });
});

describe('check record', () => {
  const record: CheckRecord = {
    environment: 'staging',
    host: 'studio',
    url: 'https://staging-studio.wink.travel',
    kind: 'app',
    check: 'app-renders',
    name: 'app renders',
    outcome: 'fail',
    certificate: { state: 'unreachable', reason: 'connect ECONNREFUSED 127.0.0.1:9' },
    fault: 'connect',
    cause: 'connection refused',
  };

  it('travels as an attachment, read back from a reporter Buffer or a JSON report base64 body', () => {
    const attachment = recordAttachment(record);
    assert.deepEqual(findRecord([{ name: attachment.name, body: Buffer.from(attachment.body) }]), record);
    assert.deepEqual(
      findRecord([
        { name: 'screenshot' },
        { name: attachment.name, body: Buffer.from(attachment.body).toString('base64') },
      ]),
      record,
    );
    assert.equal(findRecord([{ name: 'screenshot', body: Buffer.from('x') }]), undefined);
  });
});

describe('summary table', () => {
  /** The widest row each check could produce: every number at its widest, the longest fault class. */
  const widest = (environment: 'staging' | 'production'): SummaryRow[] =>
    // In catalog order, one block per host, as the reporter sorts them.
    HOSTS.flatMap(checksOfHost).map((planned) => ({
      environment,
      host: planned.host.id,
      url: planned.host.urls[environment],
      kind: planned.host.kind,
      check: planned.kind,
      name: planned.name,
      outcome: 'fail',
      httpStatus: 503,
      latencyMs: 99_999,
      certificate: {
        state: 'valid',
        daysLeft: 3650,
        validTo: '2036-01-01',
        issuer: 'Test CA',
        chain: [{ role: 'leaf', name: '127.0.0.1', validTo: '2036-01-01' }],
        expiresFirst: { role: 'leaf', name: '127.0.0.1', validTo: '2036-01-01' },
      },
      wake: { state: 'awake', wakeMs: 3_599_000 },
      fault: 'page-error',
      cause: 'uncaught error in the page',
      ...(planned.host.retired ? { retired: planned.host.retired } : {}),
      verdict: planned.host.id === 'book' ? 'fail' : 'degraded',
    }));

  it('fits 100 columns with the built-in catalog, with the wake time once per host', () => {
    const summary: RunSummary = {
      startedAt: '2026-11-23T08:00:00.000Z',
      durationMs: 61_000,
      status: 'failed',
      rows: [...widest('staging'), ...widest('production')],
      setupFailures: [],
    };
    const table = formatTable(summary).split('\n');
    for (const line of table.filter((text) => !text.startsWith('  '))) assert.ok(line.length <= 100, line);
    // Each host's wake time once, in the wrapped wake lines above each environment's table.
    const mentions = table.join('\n').match(/\b[a-z-]+\*? 3599 s\b/g) ?? [];
    assert.equal(mentions.length, HOSTS.length * 2, table.join('\n'));
    assert.ok(table.includes('staging:') && table.includes('production:'));
    // Failures are listed in full under the table, with their URL.
    assert.ok(table.includes('  staging book https://staging-book.wink.travel: uncaught error in the page'));
    assert.match(
      formatMarkdown(summary),
      /^\| staging \| book \| 3599 s \| app renders \| fail \| 503 \| 99999 \| 3650 \| page-error \|$/m,
    );
  });

  /** Every check of staging as an offline run finds it: no host name resolves, no credentials set. */
  const offline = (): SummaryRow[] =>
    HOSTS.flatMap(checksOfHost).map((planned): SummaryRow => {
      const base = {
        environment: 'staging' as const,
        host: planned.host.id,
        url: planned.host.urls.staging,
        kind: planned.host.kind,
        check: planned.kind,
        name: planned.name,
        certificate: { state: 'not-inspected' as const },
        ...(planned.host.retired ? { retired: planned.host.retired, reportedOnly: true as const } : {}),
      };
      return planned.needsCredentials
        ? { ...base, outcome: 'skipped', verdict: 'skipped', note: withoutCredentials('staging') }
        : {
            ...base,
            outcome: 'fail',
            verdict: 'fail',
            fault: 'dns',
            cause: `host name does not resolve (getaddrinfo ENOTFOUND ${new URL(planned.host.urls.staging).hostname})`,
          };
    });
  const offlineSummary = (): RunSummary => ({
    startedAt: '2026-11-23T08:00:00.000Z',
    durationMs: 1_700,
    status: 'failed',
    rows: offline(),
    setupFailures: [],
  });

  it('says a cause shared by many checks once, naming the checks it covers', () => {
    const summary = offlineSummary();
    const failing = summary.rows.filter((row) => row.verdict === 'fail' && !row.reportedOnly);
    const lines = formatTable(summary)
      .split('\n')
      .filter((line) => line.startsWith('  staging'));
    const dns = lines.filter((line) => line.includes('host name does not resolve'));
    // One line for the current hosts' failures; the retired hosts' are skipped, reported only, in one line of their own.
    assert.equal(dns.length, 2, lines.join('\n'));
    assert.match(
      dns[0]!,
      new RegExp(`^  staging: host name does not resolve; ${failing.length} checks: iam \\(3 checks\\), `),
    );
    for (const host of new Set(failing.map((row) => row.host))) assert.ok(dns[0]!.includes(` ${host}`), host);
    assert.match(
      dns[1]!,
      /^ {2}staging skipped, retired host, reported only: host name does not resolve: payment-api \(3 checks\), agent app renders, /,
    );
  });

  it("gives each skip's reason once, in the terminal and summary.md alike", () => {
    const summary = offlineSummary();
    const skipped = summary.rows.filter((row) => row.verdict === 'skipped');
    // A host with several skipped checks is named once, with their count.
    const hosts = [...new Set(skipped.map((row) => row.host))];
    const named = hosts.map((host) => {
      const ofHost = skipped.filter((row) => row.host === host);
      return ofHost.length === 1 ? `${host} ${ofHost[0]!.name}` : `${host} (${ofHost.length} checks)`;
    });
    const line = `staging skipped, ${withoutCredentials('staging')}: ${named.join(', ')}`;
    assert.equal(
      formatTable(summary)
        .split('\n')
        .filter((text) => text.startsWith(`  staging skipped, ${withoutCredentials('staging')}`)).length,
      1,
    );
    assert.ok(formatTable(summary).split('\n').includes(`  ${line}`), formatTable(summary));
    const markdown = formatMarkdown(summary);
    assert.ok(markdown.includes(`**Skipped**\n\n- ${line}\n`), markdown);
  });

  it('keeps a failure alone on its host in full, with its URL', () => {
    const rows = offlineSummary().rows.filter((row) => row.host === 'iam');
    const summary: RunSummary = {
      ...offlineSummary(),
      rows: rows.map((row) => ({ ...row, fault: 'status', cause: `answered HTTP 500 (${row.name})` })),
    };
    const lines = formatTable(summary).split('\n');
    for (const row of rows)
      assert.ok(lines.includes(`  staging iam ${row.url}: answered HTTP 500 (${row.name})`), row.name);
    const same: RunSummary = {
      ...offlineSummary(),
      rows: rows.map((row) => ({ ...row, fault: 'status', cause: 'answered HTTP 500' })),
    };
    assert.ok(
      formatTable(same)
        .split('\n')
        .includes(
          `  staging iam ${rows[0]!.url}: answered HTTP 500; 3 checks: ${rows.map((row) => row.name).join(', ')}`,
        ),
      formatTable(same),
    );
  });
});
