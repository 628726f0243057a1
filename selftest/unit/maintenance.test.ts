/** maintenance.json: windows and mutes validated with one-line errors, and which one silences a host when; the alert settings. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HOSTS } from '../../src/catalog/catalog.ts';
import { entryFieldsInWords, readMaintenance, silenceOf } from '../../src/config/maintenance.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { ConfigError } from '../../src/config/variables.ts';

const ids = HOSTS.map((host) => host.id);
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-maintenance-'));
let files = 0;
function write(content: unknown): string {
  const file = path.join(folder, `maintenance-${(files += 1)}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
const read = (content: unknown) => readMaintenance(write(content), 'maintenance.json', ids);

describe('maintenance.json', () => {
  const maintenance = read({
    windows: [
      {
        environment: 'production',
        host: 'inventory',
        from: '2026-03-02T22:00:00Z',
        to: '2026-03-02T23:00:00+00:00',
        reason: 'database migration',
      },
      { host: '*', from: '2026-03-03T01:00:00+01:00', to: '2026-03-03T02:00:00+01:00', reason: 'network maintenance' },
    ],
    mutes: [{ environment: 'staging', host: 'agent', reason: 'known broken, being retired' }],
  });

  it('silences a host during its window only, in its environment only', () => {
    assert.deepEqual(silenceOf(maintenance, 'production', 'inventory', new Date('2026-03-02T22:30:00Z')), {
      kind: 'maintenance',
      reason: 'database migration',
      until: '2026-03-02T23:00:00+00:00',
    });
    assert.equal(
      silenceOf(maintenance, 'production', 'inventory', new Date('2026-03-02T23:00:00Z')),
      undefined,
      'the end is open',
    );
    assert.equal(silenceOf(maintenance, 'staging', 'inventory', new Date('2026-03-02T22:30:00Z')), undefined);
    assert.equal(silenceOf(maintenance, 'production', 'iam', new Date('2026-03-02T22:30:00Z')), undefined);
    assert.equal(
      silenceOf(maintenance, 'staging', 'iam', new Date('2026-03-03T00:30:00Z'))?.reason,
      'network maintenance',
      '"*" and offsets',
    );
  });

  it('silences a muted host until its end, or until removed', () => {
    assert.deepEqual(silenceOf(maintenance, 'staging', 'agent', new Date('2030-01-01T00:00:00Z')), {
      kind: 'mute',
      reason: 'known broken, being retired',
    });
    assert.equal(silenceOf(maintenance, 'production', 'agent', new Date('2030-01-01T00:00:00Z')), undefined);
  });

  it('rejects a bad entry with one line naming where and what is expected', () => {
    const window = { host: 'inventory', from: '2026-03-02T22:00:00Z', to: '2026-03-02T23:00:00Z', reason: 'x' };
    const cases: [unknown, RegExp][] = [
      [
        { windows: [{ ...window, from: '2026-03-02 22:00' }] },
        /^maintenance\.json: at windows\[0\]\.from: expected an ISO 8601 time with offset/,
      ],
      [
        { windows: [{ ...window, host: 'inventroy' }] },
        /^maintenance\.json: at windows\[0\]\.host: "inventroy" is not a host of the catalog; did you mean inventory\?$/,
      ],
      [
        { windows: [{ ...window, host: 'nothing-like-it' }] },
        /^maintenance\.json: at windows\[0\]\.host: "nothing-like-it" is not a host of the catalog; expected a host id of the catalog, or "\*"/,
      ],
      [
        { windows: [{ host: 'iam', from: window.from, to: window.to }] },
        /^maintenance\.json: windows\[0\] has no "reason"; expected every window to have host, from, to, and reason \(environment is optional\)$/,
      ],
      [
        { mutes: [{ host: 'iam', reasn: 'known broken' }] },
        /^maintenance\.json: at mutes\[0\]: "reasn" is not a field here; did you mean reason\?$/,
      ],
      [
        { windows: [{ ...window, to: window.from }] },
        /^maintenance\.json: at windows\[0\]: expected "from" before "to"$/,
      ],
      [
        { mutes: [{ host: 'iam', reason: ' ' }] },
        /^maintenance\.json: at mutes\[0\]\.reason: expected the reason, in words$/,
      ],
      [
        { windows: [], silences: [] },
        /^maintenance\.json: at the top: "silences" is not a field here; expected one of windows, mutes$/,
      ],
      ['{ not json', /^maintenance\.json is not a readable JSON file: /],
    ];
    for (const [content, expected] of cases) {
      assert.throws(
        () => read(content),
        (error: Error) => {
          assert.match(error.message, expected);
          assert.ok(!error.message.includes('\n'), 'one line');
          return true;
        },
      );
    }
  });

  it('says what a window and a mute hold, in its messages and in docs/alerts.md alike', () => {
    const page = fs.readFileSync(path.join(import.meta.dirname, '../../docs/alerts.md'), 'utf8').replace(/\s+/g, ' ');
    assert.ok(page.includes(`A window has ${entryFieldsInWords('windows')};`), entryFieldsInWords('windows'));
    assert.ok(page.includes(`a mute has ${entryFieldsInWords('mutes')}.`), entryFieldsInWords('mutes'));
  });

  it('is read through SMOKE_MAINTENANCE_FILE, which must exist when set', () => {
    const file = write({ mutes: [{ host: 'studio', reason: 'retired upstream' }] });
    assert.equal(parseSettings({ SMOKE_MAINTENANCE_FILE: file }).maintenance.mutes[0]?.host, 'studio');
    assert.throws(
      () => parseSettings({ SMOKE_MAINTENANCE_FILE: path.join(folder, 'missing.json') }),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^SMOKE_MAINTENANCE_FILE=.*missing\.json is not a readable JSON file/);
        return true;
      },
    );
  });
});

describe('alert settings', () => {
  it('defaults: down after 1 failing run, recovered after 1 passing, reminders every 12 h, heartbeat 2 h', () => {
    const current = parseSettings({});
    assert.deepEqual(current.alertPolicy, { alertAfter: 1, recoverAfter: 1, remindMs: 12 * 3_600_000 });
    assert.equal(current.heartbeatMs, 2 * 3_600_000);
    assert.deepEqual(current.secrets, {});
    assert.equal(parseSettings({ SMOKE_REMIND_H: '0' }).alertPolicy.remindMs, 0);
    assert.throws(() => parseSettings({ SMOKE_ALERT_AFTER: '0' }), /SMOKE_ALERT_AFTER="0" is not valid/);
  });

  it('holds webhook URLs as secrets, and a bad one is named, never shown', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/not-a-real-secret';
    const current = parseSettings({ SMOKE_SLACK_WEBHOOK_URL: url });
    assert.equal(current.secrets.SMOKE_SLACK_WEBHOOK_URL?.reveal(), url);
    assert.equal(JSON.stringify(current.secrets), '{"SMOKE_SLACK_WEBHOOK_URL":"[redacted]"}');
    for (const bad of ['http://hooks.example/secret-path', 'not a url with secret-path']) {
      assert.throws(
        () => parseSettings({ SMOKE_TEAMS_WEBHOOK_URL: bad }),
        (error: Error) => {
          assert.equal(
            error.message,
            'SMOKE_TEAMS_WEBHOOK_URL is not valid: expected an https:// URL (http:// only to 127.0.0.1); the value is a secret and is not shown',
          );
          return true;
        },
      );
    }
  });
});
