import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseSettings } from '../../src/config/settings.ts';
import { ConfigError, VARIABLES } from '../../src/config/variables.ts';
import { closest } from '../../src/shared/typos.ts';
import { findTarget, isLoopbackOnly, resolveEnvironment } from '../../src/targets/targets.ts';

const configError = (pattern: RegExp) => (error: unknown) =>
  error instanceof ConfigError && pattern.test(error.message) && !error.message.includes('\n');

describe('settings', () => {
  it('falls back to the documented defaults', () => {
    const current = parseSettings({});
    assert.equal(current.warmupTimeoutMs, VARIABLES.SMOKE_WARMUP_TIMEOUT_S.default * 1000);
    assert.equal(current.warmupTimeoutMs, 180_000);
    assert.equal(current.apiTimeoutMs, 15_000);
    assert.equal(current.workers, 4);
    assert.equal(current.chromiumPath, undefined);
  });

  it('reads numbers and rejects non-numeric, fractional, negative and out-of-range values in one line', () => {
    assert.equal(parseSettings({ SMOKE_WARMUP_TIMEOUT_S: ' 90 ' }).warmupTimeoutMs, 90_000);
    assert.throws(
      () => parseSettings({ SMOKE_WARMUP_TIMEOUT_S: 'abc' }),
      configError(/^SMOKE_WARMUP_TIMEOUT_S="abc" is not valid: expected a whole number from 1 to 3600$/),
    );
    assert.throws(() => parseSettings({ SMOKE_API_TIMEOUT_S: '-5' }), configError(/SMOKE_API_TIMEOUT_S="-5"/));
    assert.throws(() => parseSettings({ SMOKE_WORKERS: '2.5' }), configError(/SMOKE_WORKERS="2.5"/));
    assert.throws(() => parseSettings({ SMOKE_EMULATOR_PORT: '80' }), configError(/from 1024 to 60000/));
  });

  it('replaces a host URL from <ENV>_<ID>_URL, for that environment only', () => {
    const current = parseSettings({
      STAGING_MY_ACCOUNT_URL: 'http://127.0.0.1:9000/',
      PRODUCTION_IAM_URL: 'https://iam.preview.example',
    });
    const staging = resolveEnvironment('staging', current);
    assert.equal(findTarget(staging, 'my-account').url, 'http://127.0.0.1:9000');
    assert.equal(findTarget(staging, 'iam').url, 'https://staging-iam.wink.travel');
    assert.equal(findTarget(resolveEnvironment('production', current), 'iam').url, 'https://iam.preview.example');
    assert.equal(findTarget(staging, 'my-account').label, 'staging my-account http://127.0.0.1:9000');
  });

  it('rejects an override that is not an http(s) URL, and one that names no host', () => {
    assert.throws(
      () => parseSettings({ STAGING_IAM_URL: 'ftp://iam.example' }),
      configError(/^STAGING_IAM_URL="ftp:\/\/iam.example" is not valid: expected an http:\/\/ or https:\/\/ URL$/),
    );
    assert.throws(() => parseSettings({ STAGING_IAM_URL: 'iam.example' }), configError(/STAGING_IAM_URL/));
    assert.throws(
      () => parseSettings({ STAGING_IAMM_URL: 'https://iam.example' }),
      configError(
        /^STAGING_IAMM_URL names no host of the catalog: did you mean STAGING_IAM_URL\? expected <ENV>_<ID>_URL with ID one of IAM, INVENTORY, /,
      ),
    );
  });

  it('puts the local environment on consecutive loopback ports from SMOKE_EMULATOR_PORT', () => {
    const local = resolveEnvironment('local', parseSettings({ SMOKE_EMULATOR_PORT: '40000' }));
    assert.equal(local.targets[0]?.url, 'http://127.0.0.1:40000');
    assert.equal(local.targets[11]?.url, 'http://127.0.0.1:40011');
    assert.ok(isLoopbackOnly(local));
    assert.ok(!isLoopbackOnly(resolveEnvironment('staging', parseSettings({}))));
  });
});

describe('SMOKE_CATALOG', () => {
  const write = (content: unknown): string => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-')), 'catalog.json');
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const host = {
    id: 'reports',
    kind: 'app',
    docsName: 'Reports',
    urls: { staging: 'https://staging-reports.example', production: 'https://reports.example' },
  };

  it('replaces the hosts under test, overrides and environments included', () => {
    const current = parseSettings({ SMOKE_CATALOG: write([host]), STAGING_REPORTS_URL: 'http://127.0.0.1:9000' });
    assert.deepEqual(
      current.hosts.map((entry) => entry.id),
      ['reports'],
    );
    assert.equal(findTarget(resolveEnvironment('staging', current), 'reports').url, 'http://127.0.0.1:9000');
    assert.throws(
      () => parseSettings({ SMOKE_CATALOG: write([host]), STAGING_IAM_URL: 'http://127.0.0.1:1' }),
      configError(/STAGING_IAM_URL names no host/),
    );
  });

  it('rejects a catalog that is not an array of hosts, repeats an id or has two identity providers, in one line', () => {
    assert.throws(
      () => parseSettings({ SMOKE_CATALOG: write([{ ...host, kind: 'db' }]) }),
      configError(/: at 0\.kind: .*expected an array of catalog hosts$/),
    );
    assert.throws(
      () => parseSettings({ SMOKE_CATALOG: write([host, host]) }),
      configError(/the id 'reports' is used twice/),
    );
    const provider = {
      id: 'iam',
      kind: 'api',
      docsName: 'IAM',
      urls: { staging: 'https://staging-iam.example', production: 'https://iam.example' },
      identityProvider: { loginPath: '/login', metadataPaths: ['/.well-known/openid-configuration'], tokenPath: '/t' },
    };
    assert.throws(
      () => parseSettings({ SMOKE_CATALOG: write([provider, { ...provider, id: 'iam-2' }]) }),
      configError(/'iam', 'iam-2' each set identityProvider; expected at most one identity provider$/),
    );
    assert.throws(
      () => parseSettings({ SMOKE_CATALOG: '/nonexistent.json' }),
      configError(/^SMOKE_CATALOG=\/nonexistent\.json is not a readable JSON file/),
    );
  });

  it('compares a bound in seconds with one in milliseconds in one unit, and says so', () => {
    assert.throws(
      () => parseSettings({ SMOKE_API_TIMEOUT_S: '5' }),
      configError(
        /^SMOKE_API_TIMEOUT_S=5 \(5000 ms\) is not valid: expected it above SMOKE_API_FAIL_MS=8000 \(default\)$/,
      ),
    );
    assert.throws(
      () => parseSettings({ SMOKE_API_DEGRADED_MS: '9000' }),
      configError(/^SMOKE_API_DEGRADED_MS=9000 is not valid: expected it below SMOKE_API_FAIL_MS=8000 \(default\)$/),
    );
  });

  it('blames the bound written with a value, not one written empty (NAME= is the default)', () => {
    assert.throws(
      () => parseSettings({ SMOKE_CERT_WARN_DAYS: '5', SMOKE_CERT_FAIL_DAYS: '' }),
      configError(/^SMOKE_CERT_WARN_DAYS=5 is not valid: expected it above SMOKE_CERT_FAIL_DAYS=7 \(default\)$/),
    );
  });

  it("judges a domain's days by bounds of its own, and asks one RDAP base when told, before any test", () => {
    const defaults = parseSettings({});
    assert.deepEqual([defaults.domainWarnDays, defaults.domainFailDays, defaults.rdapUrl], [30, 7, undefined]);
    assert.throws(
      () => parseSettings({ SMOKE_DOMAIN_FAIL_DAYS: '40' }),
      configError(/^SMOKE_DOMAIN_FAIL_DAYS=40 is not valid: expected it below SMOKE_DOMAIN_WARN_DAYS=30 \(default\)$/),
    );
    assert.equal(parseSettings({ SMOKE_RDAP_URL: 'https://rdap.example/v1/' }).rdapUrl, 'https://rdap.example/v1/');
    assert.throws(
      () => parseSettings({ SMOKE_RDAP_URL: 'rdap.example' }),
      configError(
        /^SMOKE_RDAP_URL="rdap\.example" is not valid: expected an http:\/\/ or https:\/\/ RDAP base URL, without a query, such as https:\/\/rdap\.example\/$/,
      ),
    );
  });

  it('refuses a misspelt SMOKE_ variable, naming the closest one', () => {
    assert.throws(
      () => parseSettings({ SMOKE_RETIERD: 'skip' }),
      configError(/^SMOKE_RETIERD is not a variable of wink-smoke: did you mean SMOKE_RETIRED\?$/),
    );
    assert.throws(
      () => parseSettings({ SMOKE_SOMETHING_ELSE_ENTIRELY: '1' }),
      configError(/is not a variable of wink-smoke: expected one of the SMOKE_\* variables in \.env\.example$/),
    );
    assert.equal(closest('studoi', ['studio', 'iam']), 'studio');
    assert.equal(closest('xyz', ['studio', 'iam']), undefined);
  });

  it('refuses a URL override whose environment is misspelt, naming the closest one', () => {
    assert.throws(
      () => parseSettings({ STAGNG_STUDIO_URL: 'http://127.0.0.1:9000' }),
      configError(/^STAGNG_STUDIO_URL is not a variable of wink-smoke: did you mean STAGING_STUDIO_URL\?$/),
    );
    assert.throws(
      () => parseSettings({ PRODUCTON_IAM_URL: 'https://iam.preview.example' }),
      configError(/^PRODUCTON_IAM_URL is not a variable of wink-smoke: did you mean PRODUCTION_IAM_URL\?$/),
    );
    // Two typos in the environment, and the id still found.
    assert.throws(
      () => parseSettings({ STAGIGN_MY_ACCOUNT_URL: 'http://127.0.0.1:9000' }),
      configError(/did you mean STAGING_MY_ACCOUNT_URL\?$/),
    );
  });

  it('refuses a STAGING_ or PRODUCTION_ variable a typo or two from a known one, naming it', () => {
    const cases: [string, string][] = [
      ['STAGING_STUDIO_ULR', 'STAGING_STUDIO_URL'],
      ['STAGING_CLIENT_SECERT', 'STAGING_CLIENT_SECRET'],
      ['PRODUCTION_CLIENT_IDD', 'PRODUCTION_CLIENT_ID'],
      ['PRODUCTON_CLIENT_SECRET', 'PRODUCTION_CLIENT_SECRET'],
    ];
    for (const [name, known] of cases) {
      assert.throws(
        () => parseSettings({ [name]: 'x' }),
        configError(new RegExp(`^${name} is not a variable of wink-smoke: did you mean ${known}\\?$`)),
        name,
      );
    }
  });

  it("leaves alone other programs' STAGING_ and PRODUCTION_ variables, far from any known one", () => {
    const current = parseSettings({
      STAGING_DB_HOST: 'db.internal',
      PRODUCTION_API_KEY: 'not ours',
      STAGING_CLIENT_KEY: 'not ours',
      STAGNG_DB_HOST: 'db.internal',
      STAGE_STUDIO_URL: 'https://studio.example',
      PROD_IAM_URL: 'https://iam.example',
      // Two typos from STAGING_, but naming no host: a URL of some other program.
      STARTING_PAGE_URL: 'https://example.org',
      STAGNG_DATABASE_URL: 'postgres://db',
    });
    assert.deepEqual(current.urlOverrides, { staging: {}, production: {} });
  });

  it("knows SMOKE_CATALOG's hosts when it names the closest override", () => {
    assert.throws(
      () => parseSettings({ SMOKE_CATALOG: write([host]), STAGNG_REPORTS_URL: 'http://127.0.0.1:9000' }),
      configError(/^STAGNG_REPORTS_URL is not a variable of wink-smoke: did you mean STAGING_REPORTS_URL\?$/),
    );
  });

  it('narrows a run to SMOKE_HOSTS, checked against the catalog', () => {
    assert.deepEqual([...(parseSettings({ SMOKE_HOSTS: 'studio, iam' }).selectedHosts ?? [])], ['studio', 'iam']);
    assert.equal(parseSettings({}).selectedHosts, undefined);
    assert.throws(
      () => parseSettings({ SMOKE_HOSTS: 'studio,portl' }),
      configError(
        /^SMOKE_HOSTS="studio,portl" is not valid: 'portl' is not a host of the catalog \(did you mean portal\?\); expected comma-separated ids from iam, /,
      ),
    );
    assert.throws(() => parseSettings({ SMOKE_HOSTS: ',' }), configError(/it names no host/));
  });

  it('reads SMOKE_RETIRED as report, check or skip', () => {
    assert.equal(parseSettings({}).retired, 'report');
    assert.equal(parseSettings({ SMOKE_RETIRED: 'skip' }).retired, 'skip');
    assert.throws(
      () => parseSettings({ SMOKE_RETIRED: 'ignore' }),
      configError(/^SMOKE_RETIRED="ignore" is not valid: expected one of report, check, skip$/),
    );
  });

  it('reads SMOKE_CONTROL_URL as comma-separated URLs, github.com by default, or none', () => {
    assert.deepEqual(parseSettings({}).controlUrls, ['https://github.com']);
    assert.deepEqual(parseSettings({ SMOKE_CONTROL_URL: '' }).controlUrls, ['https://github.com']);
    assert.deepEqual(parseSettings({ SMOKE_CONTROL_URL: ' https://github.com , http://127.0.0.1:9 ' }).controlUrls, [
      'https://github.com',
      'http://127.0.0.1:9',
    ]);
    assert.deepEqual(parseSettings({ SMOKE_CONTROL_URL: 'none' }).controlUrls, []);
    for (const value of ['github.com', 'https://github.com,ftp://example.com', ','])
      assert.throws(
        () => parseSettings({ SMOKE_CONTROL_URL: value }),
        configError(
          new RegExp(
            `^SMOKE_CONTROL_URL=${JSON.stringify(value)} is not valid: expected comma-separated http:// or https:// URLs, or none$`,
          ),
        ),
      );
  });
});
