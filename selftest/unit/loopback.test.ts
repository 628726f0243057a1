/**
 * Which hosts count as this machine: the one rule behind http secrets, loopback-only environments
 * and the browser's resolver rules. The browser's side is exercised by every self-test run on the
 * emulator, whose hosts are 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTS, urlOverrideVariable } from '../../src/catalog/catalog.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { isLoopbackOnly, resolveEnvironment } from '../../src/targets/targets.ts';
import { isLoopbackHostname } from '../../src/shared/loopback.ts';

describe('loopback hosts', () => {
  it('are 127.0.0.0/8, localhost and [::1], as URL.hostname writes them', () => {
    for (const url of ['http://127.0.0.1:9000/', 'http://127.3.2.1/', 'http://localhost/', 'http://[::1]:9000/'])
      assert.ok(isLoopbackHostname(new URL(url).hostname), url);
    for (const url of [
      'http://128.0.0.1/',
      'http://127.0.0.1.example.com/',
      'http://localhost.example.com/',
      'http://[::2]/',
      'https://staging-iam.wink.travel/',
    ])
      assert.ok(!isLoopbackHostname(new URL(url).hostname), url);
  });

  it('decide both where a secret may go over http and which environments are loopback only', () => {
    const receiver = 'http://127.0.0.2:9000/hook';
    assert.equal(parseSettings({ SMOKE_WEBHOOK_URL: receiver }).secrets.SMOKE_WEBHOOK_URL?.reveal(), receiver);
    const everyHostHere = Object.fromEntries(HOSTS.map((host) => [urlOverrideVariable('staging', host.id), receiver]));
    assert.ok(isLoopbackOnly(resolveEnvironment('staging', parseSettings(everyHostHere))));
  });
});
