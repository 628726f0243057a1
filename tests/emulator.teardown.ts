/** Stops the emulator that `emulator.setup.ts` started. */
import { test as teardown } from '../fixtures/index.ts';
import { stopEmulatorProcess } from '../emulator/process.ts';

teardown('stop the emulator', async ({}, testInfo) => {
  await stopEmulatorProcess(testInfo.project.outputDir);
});
