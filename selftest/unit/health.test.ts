/**
 * Reading Spring Boot Actuator health documents as Wink's hosts serve them: the overall status,
 * and the deepest components that are not UP. The health check's verdicts on a live host are
 * self-tested against the emulator (real-wink.test.ts); these are the shapes a fault there does not
 * reach: nested groups, OUT_OF_SERVICE, UNKNOWN and custom statuses, bodies that are not health.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHealth, readHealth } from '../../src/kinds/health.ts';

describe('Actuator health documents', () => {
  it('reads a bare status, with nothing not UP', () => {
    const reading = readHealth({ status: 'UP' });
    assert.deepEqual(reading, { status: 'UP', notUp: [] });
    assert.equal(describeHealth(reading), 'status UP');
  });

  it('names the deepest components that are not UP, by path, and not the groups they bring down', () => {
    const reading = readHealth({
      status: 'OUT_OF_SERVICE',
      components: {
        db: { status: 'UP', components: { primary: { status: 'UP' }, replica: { status: 'DOWN' } } },
        readinessState: { status: 'OUT_OF_SERVICE' },
        diskSpace: { status: 'UP', details: { free: 1 } },
        mail: { status: 'UNKNOWN' },
      },
    });
    assert.deepEqual(reading?.notUp, [
      { component: 'db.replica', status: 'DOWN' },
      { component: 'readinessState', status: 'OUT_OF_SERVICE' },
      { component: 'mail', status: 'UNKNOWN' },
    ]);
    assert.equal(
      describeHealth(reading),
      'status OUT_OF_SERVICE; not UP: db.replica (DOWN), readinessState (OUT_OF_SERVICE), mail (UNKNOWN)',
    );
  });

  it('names a group that is down by itself, its components all UP', () => {
    const reading = readHealth({
      status: 'DOWN',
      components: { db: { status: 'DOWN', components: { a: { status: 'UP' } } } },
    });
    assert.deepEqual(reading?.notUp, [{ component: 'db', status: 'DOWN' }]);
  });

  it('keeps a custom status as written', () => {
    assert.equal(describeHealth(readHealth({ status: 'DEGRADED' })!), 'status DEGRADED');
  });

  it('is no reading for a body that is not a health document', () => {
    for (const body of [
      undefined,
      null,
      '',
      'UP',
      { state: 'UP' },
      { status: 1 },
      [],
      { status: 'UP', components: 'db' },
    ])
      assert.equal(readHealth(body), undefined, JSON.stringify(body));
  });
});
