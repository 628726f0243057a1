/** Starts the emulator for the `local` project; `emulator.teardown.ts` stops it after the checks. */
import { test as setup } from '../fixtures/index.ts';
import { startEmulatorProcess } from '../emulator/process.ts';

setup('start the emulator', async ({}, testInfo) => {
  // The worker's parent is the Playwright runner: the emulator lives exactly as long as the run.
  console.log(await startEmulatorProcess(testInfo.project.outputDir, process.ppid));
});
