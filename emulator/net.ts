/** The emulator's loopback sockets: what every emulated host, HTTP or gRPC, binds with. */
import http from 'node:http';
import type net from 'node:net';

/**
 * A port the emulator needs is taken. The usual cause is a port among the ephemeral ones (32768 and
 * up on Linux), taken by some program's outgoing connection, or an emulator still running: the fix
 * is another range, so the message names the setting.
 */
export class PortTaken extends Error {
  override name = 'PortTaken';
  readonly port: number;

  constructor(port: number) {
    super(
      `127.0.0.1:${port} is in use by another program: set SMOKE_EMULATOR_PORT to the first of a range of free ports below 32768`,
    );
    this.port = port;
  }
}

/** Listens on 127.0.0.1 (`port` 0: a free one) and resolves with the port bound. */
export function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortTaken(port) : error);
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** A loopback port free now (`port` 0: any free one), found by binding it and letting it go. */
export async function closedPort(port: number): Promise<number> {
  const probe = http.createServer();
  const bound = await listen(probe, port);
  await new Promise((resolve) => probe.close(resolve));
  return bound;
}

/**
 * Below Linux's ephemeral ports (32768 to 60999 unless the machine says otherwise), and below the
 * emulator's default range (27800 and up): where nobody's outgoing connection takes a port.
 */
const REFUSING_PORTS = { first: 10_000, count: 10_000 } as const;

/** How many ports `refusingPort` tries before it gives up: each is one bind on loopback. */
const REFUSING_PORT_TRIES = 50;

/**
 * A loopback port on which nothing listens, for a host whose connections must be refused. A free
 * port among the ephemeral ones would not stay refused: the kernel may lend it to an outgoing
 * connection, even to the check's own, which then connects to itself (TCP's simultaneous open) and
 * is answered by nobody. Below that range, a port nothing binds stays closed.
 */
export async function refusingPort(random: () => number = Math.random): Promise<number> {
  for (let attempt = 0; attempt < REFUSING_PORT_TRIES; attempt++) {
    const port = REFUSING_PORTS.first + Math.floor(random() * REFUSING_PORTS.count);
    try {
      return await closedPort(port);
    } catch (error) {
      if (!(error instanceof PortTaken)) throw error;
    }
  }
  throw new Error(
    `no free loopback port among ${REFUSING_PORT_TRIES} tried from ${REFUSING_PORTS.first} to ${REFUSING_PORTS.first + REFUSING_PORTS.count - 1}`,
  );
}

/**
 * The first of `ports` that another program holds, found by binding each in turn and letting it go:
 * the check the runner makes before any worker starts the emulator. Undefined when all are free.
 */
export async function firstTakenPort(ports: readonly number[]): Promise<number | undefined> {
  for (const port of ports) {
    try {
      await closedPort(port);
    } catch (error) {
      if (error instanceof PortTaken) return port;
      throw error;
    }
  }
  return undefined;
}
