/** The emulator's loopback ports: a refused host's port stays refused. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { listen, refusingPort } from '../../emulator/net.ts';

/** The error code of a connection to 127.0.0.1:`port`, or 'connected'. */
function connectTo(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('a refused host’s port', () => {
  it('lies below the ephemeral ports, where no outgoing connection takes it, and refuses', async () => {
    const port = await refusingPort();
    assert.ok(port >= 10_000 && port < 20_000, `port ${port}: expected from 10000 to 19999`);
    assert.equal(await connectTo(port), 'ECONNREFUSED');
  });

  it('is not one another program listens on', async () => {
    // The first draw lands on a port held here; the next on any other.
    const held = net.createServer();
    let port = 0;
    for (let candidate = 10_000; candidate < 20_000; candidate++) {
      try {
        port = await listen(held, candidate);
        break;
      } catch {
        // taken by another program: try the next
      }
    }
    assert.ok(port > 0, 'a free port from 10000 to 19999 to hold');
    const draws = [(port - 10_000) / 10_000, 0.5];
    try {
      const chosen = await refusingPort(() => draws.shift() ?? Math.random());
      assert.notEqual(chosen, port, 'the held port was skipped');
      assert.equal(await connectTo(chosen), 'ECONNREFUSED');
    } finally {
      held.close();
    }
  });
});
