/**
 * Runs the emulator until SIGTERM/SIGINT: `npm run emulator -- [--ready-file F] [--watch-pid P]`.
 *
 * Settings come from the same variables as the suite (SMOKE_EMULATOR_*), validated as the suite
 * validates them. `--ready-file` receives the host URLs once every port listens; `--watch-pid` makes
 * the emulator exit when that process (the Playwright runner that started it) is gone, so an
 * interrupted run never leaves it behind. A bad setting, a taken port or a release change removing an
 * operation its document lacks ends it with one line, exit 2.
 */
import fs from 'node:fs';
import { processAlive } from './process.ts';
import { settingsOrExit } from '../src/config/settings.ts';
import { ConfigError } from '../src/config/variables.ts';
import { startEmulator } from './emulator.ts';
import { PortTaken } from './net.ts';
import { parseCommandLine, refuse } from '../scripts/command-line.ts';

/** How often the emulator checks that the process it serves is still alive. */
const WATCH_INTERVAL_MS = 1000;

const COMMAND_LINE = {
  script: 'emulator',
  usage: 'usage: npm run emulator -- [--ready-file <file>] [--watch-pid <pid>]',
  summary:
    'Plays every catalog host on 127.0.0.1 from SMOKE_EMULATOR_PORT until stopped (Ctrl-C); SMOKE_EMULATOR_SCENARIO injects faults.',
  options: { 'ready-file': { type: 'string' }, 'watch-pid': { type: 'string' } },
} as const;

async function main(): Promise<void> {
  const { values } = parseCommandLine(COMMAND_LINE);
  const watchPid = values['watch-pid'] === undefined ? undefined : Number(values['watch-pid']);
  if (watchPid !== undefined && !(Number.isInteger(watchPid) && watchPid > 0)) {
    refuse(COMMAND_LINE, `--watch-pid ${JSON.stringify(values['watch-pid'])} is not valid`, 'a process id');
  }
  const current = settingsOrExit('emulator');
  const local = current.credentials.local;
  const emulator = await startEmulator({
    hosts: current.hosts,
    basePort: current.emulatorPort,
    wakeAfterMs: current.emulatorWakeMs,
    scenario: current.emulatorScenario,
    // The local environment's own client, when LOCAL_CLIENT_ID and LOCAL_CLIENT_SECRET are set.
    oauthClients: local ? [{ clientId: local.clientId.reveal(), clientSecret: local.clientSecret.reveal() }] : [],
    ...(current.emulatorRecordPath ? { recordPath: current.emulatorRecordPath } : {}),
  });
  const ports = Object.values(emulator.urls).map((url) => new URL(url).port);
  console.log(
    `emulator: ${current.hosts.length} hosts on 127.0.0.1 ports ${ports[0]}-${ports.at(-1)}, RDAP at ${emulator.rdapUrl}, waking ${current.emulatorWakeMs / 1000} s after the first connection`,
  );

  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (watchPid !== undefined) {
    setInterval(() => {
      if (!processAlive(watchPid)) stop();
    }, WATCH_INTERVAL_MS).unref();
  }
  if (values['ready-file']) fs.writeFileSync(values['ready-file'], JSON.stringify(emulator.urls));
}

main().catch((error: unknown) => {
  // A taken port or a scenario it cannot play is the user's to fix, in one line; anything else is a bug, shown whole.
  const usersToFix = error instanceof PortTaken || error instanceof ConfigError;
  console.error(usersToFix ? `emulator: ${error.message}` : error);
  process.exit(usersToFix ? 2 : 1);
});
