/** The emulator's loopback sockets: what every emulated host, HTTP or gRPC, binds with. */
import http from 'node:http';
import type net from 'node:net';

/** Listens on 127.0.0.1 (`port` 0: a free one) and resolves with the port bound. */
export function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? // The usual cause is a port among the ephemeral ones (32768 and up on Linux), taken by
            // some program's outgoing connection: the fix is another range, so the message names it.
            new Error(
              `127.0.0.1:${port} is in use by another program: set SMOKE_EMULATOR_PORT to the first of a range of free ports below 32768`,
            )
          : error,
      );
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** A loopback port on which nothing listens, for a host whose connections must be refused. */
export async function closedPort(port: number): Promise<number> {
  const probe = http.createServer();
  const bound = await listen(probe, port);
  await new Promise((resolve) => probe.close(resolve));
  return bound;
}
