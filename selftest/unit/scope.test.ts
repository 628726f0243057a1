import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentOriginOf, foreignEnvironmentOf, isFirstParty, registrableDomain } from '../../src/targets/scope.ts';
import { parseSettings } from '../../src/config/settings.ts';
import { resolveEnvironment } from '../../src/targets/targets.ts';

const staging = resolveEnvironment('staging', parseSettings({}));
const production = resolveEnvironment('production', parseSettings({}));
const local = resolveEnvironment('local', parseSettings({ SMOKE_EMULATOR_PORT: '40000' }));

describe('scope of a URL', () => {
  it('takes the last two labels as the registrable domain, none for IP addresses', () => {
    assert.equal(registrableDomain('staging-api.wink.travel'), 'wink.travel');
    assert.equal(registrableDomain('i.trvl.as'), 'trvl.as');
    assert.equal(registrableDomain('127.0.0.1'), undefined);
  });

  it('counts the environment hosts and their domains as first-party, not third parties', () => {
    assert.ok(isFirstParty('https://staging-agent.wink.travel/assets/app.js', staging));
    assert.ok(isFirstParty('https://cdn.wink.travel/app.js', staging));
    assert.ok(!isFirstParty('https://fonts.example.com/font.css', staging));
    assert.ok(isFirstParty('http://127.0.0.1:40004/assets/app.js', local));
    assert.ok(!isFirstParty('http://127.0.0.1:39999/assets/app.js', local));
  });

  it('recognises the other environment by its catalog host names', () => {
    assert.equal(foreignEnvironmentOf('https://api.wink.travel/v1', staging), 'production');
    assert.equal(foreignEnvironmentOf('https://staging-iam.wink.travel/login', production), 'staging');
    assert.equal(foreignEnvironmentOf('https://staging-iam.wink.travel/login', staging), undefined);
    assert.equal(foreignEnvironmentOf('https://cdn.wink.travel/x.js', staging), undefined);
  });

  it('finds the environment origin an app landed on', () => {
    assert.equal(
      environmentOriginOf('https://staging-iam.wink.travel/login?x=1', staging),
      'https://staging-iam.wink.travel',
    );
    assert.equal(environmentOriginOf('https://evil.example/login', staging), undefined);
  });
});
