/**
 * The emulator as a process of its own, for the `local` project: a setup test's worker may be
 * stopped before the checks run, and the emulator must outlive it. It exits with the Playwright
 * runner (`--watch-pid`), so an interrupted run leaves nothing behind; the teardown project stops
 * it at the end of a normal run. Its pid, ready signal and log live in the run's output folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Starting Node and binding a dozen ports takes about a second; 15 s covers a cold, busy CI machine. */
const READY_TIMEOUT_MS = 15_000;
/** SIGTERM closes every socket at once; after 5 s the emulator is killed. */
const STOP_TIMEOUT_MS = 5_000;
const POLL_MS = 100;

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

function files(outputDir: string) {
  const dir = path.join(outputDir, '.emulator');
  return {
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

/**
 * Starts `emulator/main.ts` detached, with the variables of this process, and waits until every
 * port listens. Returns what it printed on start. `watchPid` is the process whose end stops it.
 */
export async function startEmulatorProcess(outputDir: string, watchPid: number): Promise<string> {
  const paths = files(outputDir);
  fs.mkdirSync(paths.dir, { recursive: true });
  const log = fs.openSync(paths.log, 'a');
  const child = spawn(
    process.execPath,
    ['emulator/main.ts', '--ready-file', paths.ready, '--watch-pid', String(watchPid)],
    { cwd: PROJECT_ROOT, detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  child.unref();
  fs.writeFileSync(paths.pid, String(child.pid));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!fs.existsSync(paths.ready)) {
    const output = (): string => fs.readFileSync(paths.log, 'utf8').trim();
    if (child.exitCode !== null) throw new Error(`the emulator exited with code ${child.exitCode}: ${output()}`);
    if (Date.now() > deadline)
      throw new Error(`the emulator did not start within ${READY_TIMEOUT_MS / 1000} s: ${output()}`);
    await sleep(POLL_MS);
  }
  return fs.readFileSync(paths.log, 'utf8').trim();
}

/** Stops the emulator started for this output folder, if any: SIGTERM, then SIGKILL after 5 s. */
export async function stopEmulatorProcess(outputDir: string): Promise<void> {
  const paths = files(outputDir);
  if (!fs.existsSync(paths.pid)) return;
  const pid = Number(fs.readFileSync(paths.pid, 'utf8'));
  fs.rmSync(paths.pid);
  if (!processAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (processAlive(pid) && Date.now() < deadline) await sleep(POLL_MS);
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}
