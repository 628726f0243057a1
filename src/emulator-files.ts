/** Where the `local` project keeps the emulator's process id, ready signal and log during a run. */
import path from 'node:path';

export function emulatorFiles(outputDir: string) {
  const dir = path.join(outputDir, '.emulator');
  return {
    projectRoot: path.resolve(import.meta.dirname, '..'),
    dir,
    pid: path.join(dir, 'emulator.pid'),
    ready: path.join(dir, 'ready.json'),
    log: path.join(dir, 'emulator.log'),
  };
}

/** Signal 0 tests that a process exists without touching it. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
