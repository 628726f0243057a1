/** The programs the self-tests run besides Node, which `npm test`'s test-servers step provides. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { findProgram, installAdvice, missingTestPrograms, testProgram } from '../../scripts/test-programs.ts';

describe('the programs the self-tests run', () => {
  it('include openssl, which the setup step installs or names when it alone is missing', () => {
    const missing = missingTestPrograms((program) => (program === 'openssl' ? undefined : `/usr/bin/${program}`));
    assert.deepEqual(missing, ['openssl']);
    assert.equal(
      installAdvice(missing),
      'the self-tests need openssl, and it could not be installed here: install it (Debian: `sudo apt-get install openssl`)',
    );
  });

  it('are all named, with their packages, in one line when none is installed', () => {
    const missing = missingTestPrograms(() => undefined);
    assert.deepEqual(missing, ['prometheus', 'prometheus-pushgateway', 'openssl']);
    assert.equal(
      installAdvice(missing),
      'the self-tests need prometheus, prometheus-pushgateway, and openssl, and they could not be installed here: install them (Debian: `sudo apt-get install prometheus prometheus-pushgateway openssl`)',
    );
  });

  it('are found on the PATH or in /usr/bin, and an absent one is not', () => {
    assert.ok(findProgram('sh'));
    assert.equal(findProgram('wink-smoke-no-such-program'), undefined);
    // The TLS self-tests make their certificates with it, after npm test's setup step.
    assert.ok(fs.statSync(testProgram('openssl')).isFile());
  });
});
