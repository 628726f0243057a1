/** The emulator's loopback sockets: what every emulated host, HTTP or gRPC, binds with. */
import http from 'node:http';
import type net from 'node:net';

/** Listens on 127.0.0.1 (`port` 0: a free one) and resolves with the port bound. */
export function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
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
