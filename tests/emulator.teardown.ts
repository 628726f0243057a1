/** Stops the emulator the `local` project started: SIGTERM, then SIGKILL if it has not exited in 5 s. */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { test as teardown } from '../fixtures/index.ts';
import { emulatorFiles, processAlive as alive } from '../src/emulator-files.ts';

const STOP_TIMEOUT_MS = 5_000;

teardown('stop the emulator', async ({}, testInfo) => {
  const files = emulatorFiles(testInfo.project.outputDir);
  if (!fs.existsSync(files.pid)) return; // the setup never started it
  const pid = Number(fs.readFileSync(files.pid, 'utf8'));
  if (alive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(files.pid);
});
