/**
 * Runs the emulator until SIGTERM/SIGINT: `node emulator/main.ts [--ready-file F] [--watch-pid P]`.
 *
 * Settings come from the same variables as the suite (SMOKE_EMULATOR_*). `--ready-file` receives the
 * host URLs once every port listens; `--watch-pid` makes the emulator exit when that process (the
 * Playwright runner that started it) is gone, so an interrupted run never leaves it behind.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { processAlive } from './process.ts';
import { settings } from '../src/config/settings.ts';
import { ConfigError } from '../src/config/variables.ts';
import { startEmulator } from './emulator.ts';
import { loadScenario } from './scenario.ts';

/** How often the emulator checks that the process it serves is still alive. */
const WATCH_INTERVAL_MS = 1000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'ready-file': { type: 'string' }, 'watch-pid': { type: 'string' } },
  });
  const current = settings();
  const local = current.credentials.local;
  const emulator = await startEmulator({
    hosts: current.hosts,
    basePort: current.emulatorPort,
    wakeAfterMs: current.emulatorWakeMs,
    scenario: loadScenario(current.emulatorScenario, current.hosts),
    // The local environment's own client, when LOCAL_CLIENT_ID and LOCAL_CLIENT_SECRET are set.
    oauthClients: local ? [{ clientId: local.clientId.reveal(), clientSecret: local.clientSecret.reveal() }] : [],
    ...(current.emulatorRecordPath ? { recordPath: current.emulatorRecordPath } : {}),
  });
  const ports = Object.values(emulator.urls).map((url) => new URL(url).port);
  console.log(
    `emulator: ${current.hosts.length} hosts on 127.0.0.1 ports ${ports[0]}-${ports.at(-1)}, waking ${current.emulatorWakeMs / 1000} s after the first connection`,
  );

  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const watchPid = values['watch-pid'] === undefined ? undefined : Number(values['watch-pid']);
  if (watchPid !== undefined) {
    setInterval(() => {
      if (!processAlive(watchPid)) stop();
    }, WATCH_INTERVAL_MS).unref();
  }
  if (values['ready-file']) fs.writeFileSync(values['ready-file'], JSON.stringify(emulator.urls));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
});
