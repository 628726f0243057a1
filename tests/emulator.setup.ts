/**
 * Starts the emulator for the `local` project, as a process of its own: a setup test's worker may be
 * stopped before the checks run, and the emulator must outlive it. The emulator exits with the
 * Playwright runner (`--watch-pid`), so an interrupted run leaves nothing behind; the teardown
 * project stops it at the end of a normal run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { test as setup } from '../fixtures/index.ts';
import { emulatorFiles } from '../src/emulator-files.ts';

/** Starting tsx and binding a dozen ports takes about a second; 15 s covers a cold, busy CI machine. */
const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 100;

setup('start the emulator', async ({}, testInfo) => {
  const files = emulatorFiles(testInfo.project.outputDir);
  fs.mkdirSync(files.dir, { recursive: true });
  const log = fs.openSync(files.log, 'a');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'emulator/main.ts', '--ready-file', files.ready, '--watch-pid', String(process.ppid)],
    { cwd: files.projectRoot, detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  child.unref();
  fs.writeFileSync(files.pid, String(child.pid));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!fs.existsSync(files.ready)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const output = fs.readFileSync(files.log, 'utf8').trim();
      throw new Error(
        child.exitCode === null
          ? `the emulator did not start within ${READY_TIMEOUT_MS / 1000} s: ${output}`
          : `the emulator exited with code ${child.exitCode}: ${output}`,
      );
    }
    await sleep(READY_POLL_MS);
  }
  await testInfo.attach('emulator.log', { path: files.log, contentType: 'text/plain' });
  console.log(fs.readFileSync(files.log, 'utf8').trim());
});
