/**
 * Sets a machine up, bounded, returning at once when it already is:
 *
 * - `npm run browser` (`node scripts/setup.ts browser`): the app checks need a Chromium. In order:
 *   one already there (CHROMIUM_PATH, Playwright's headless shell, the system's); Playwright's own
 *   headless shell, downloaded (where the network allows; as root on Linux with its system libraries,
 *   `--with-deps`); Debian's `chromium-headless-shell`, when running as root on a machine with
 *   apt-get; else one line saying exactly what to install, exit 1. Then the chosen Chromium is started
 *   once, as the checks start it, and closed: a file that exists may still lack the libraries it needs.
 * - `node scripts/setup.ts test-servers`, before the self-tests: the programs they run besides Node
 *   (`scripts/test-programs.ts`: Debian's real `prometheus` and `prometheus-pushgateway`, and `openssl`
 *   for the TLS self-tests' certificates); the missing ones installed with apt as root, their
 *   services neither enabled nor started (`scripts/apt.ts`), else one line.
 *
 * apt's output goes to a log file in the system's temporary folder (this step may run as root
 * through sudo, and a root-owned folder in the project would then stop the tests writing theirs);
 * the terminal gets one line, saying what was installed and where the log is.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chooseChromium, launchOptionsFor, type ChromiumChoice } from '../src/checks/browser.ts';
import { settingsOrExit } from '../src/config/settings.ts';
import { debianPackages, installAdvice, missingTestPrograms } from './test-programs.ts';
import { installLine, installQuietly, thisMachine } from './apt.ts';
import { parseCommandLine, refuse } from './command-line.ts';

/** Downloading Playwright's headless shell (about 100 MB) on a slow line; a closed network fails at once. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** apt-get update and the install of one package with its libraries. */
const APT_TIMEOUT_MS = 10 * 60_000;
/**
 * Starting Chromium once: it takes about a second, several from a cold, slow disk. Playwright's own
 * bound is 3 minutes, but a browser that has not started in 30 s here will not serve the checks.
 */
const LAUNCH_TIMEOUT_MS = 30_000;

/** Playwright's command line, run by this Node: no `npx`, which Windows cannot spawn without a shell. */
const PLAYWRIGHT_CLI = fileURLToPath(import.meta.resolve('@playwright/test/cli'));

function run(command: string, args: readonly string[], timeoutMs: number): boolean {
  console.log(`wink-smoke: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', timeout: timeoutMs });
  return result.status === 0;
}

function chromiumPath(): string | undefined {
  return settingsOrExit('wink-smoke').chromiumPath;
}

const found = (): boolean => chooseChromium(chromiumPath()).source !== 'missing';

/**
 * `--with-deps` has Playwright install the shell's system libraries with apt, which only root on
 * Linux can; elsewhere the download alone, and the launch below tells if a library is missing.
 */
function playwrightInstallArgs(): string[] {
  const withDeps = process.platform === 'linux' && canApt();
  return ['install', ...(withDeps ? ['--with-deps'] : []), '--only-shell', 'chromium'];
}

/** Each way to a browser, tried in turn until one leaves a Chromium the suite finds. */
const installers: readonly { readonly what: string; readonly install: () => boolean }[] = [
  {
    what: "Playwright's headless Chromium",
    install: () => {
      const args = playwrightInstallArgs();
      const timeoutMs = DOWNLOAD_TIMEOUT_MS + (args.includes('--with-deps') ? APT_TIMEOUT_MS : 0);
      return run(process.execPath, [PLAYWRIGHT_CLI, ...args], timeoutMs);
    },
  },
  {
    what: "Debian's chromium-headless-shell",
    install: () =>
      canApt() &&
      run('apt-get', ['update', '-qq'], APT_TIMEOUT_MS) &&
      run('apt-get', ['install', '-y', '-qq', 'chromium-headless-shell'], APT_TIMEOUT_MS),
  },
];

const canApt = (): boolean => process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');

/**
 * The programs the self-tests run (Prometheus, its Pushgateway, openssl): the missing ones installed
 * with no service of theirs enabled or started, apt's output in a log of its own.
 */
function ensureTestPrograms(): number {
  const missing = missingTestPrograms();
  if (missing.length === 0) return 0;
  if (!canApt()) {
    console.error(`wink-smoke: ${installAdvice(missing)}`);
    return 1;
  }
  const packages = debianPackages(missing);
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wink-smoke-setup-')), 'apt.log');
  const installed = installQuietly(packages, thisMachine(log));
  const stillMissing = missingTestPrograms();
  if (installed.ok && stillMissing.length === 0) {
    console.log(`wink-smoke: ${installLine(packages, installed, log)}`);
    return 0;
  }
  console.error(
    `wink-smoke: ${installAdvice(stillMissing.length > 0 ? stillMissing : missing)}; apt's output is in ${log}`,
  );
  return 1;
}

/** A Chromium there, or one installed, or the one line saying why there is none. */
function presentOrInstalled(): ChromiumChoice {
  const choice = chooseChromium(chromiumPath());
  // The user named a browser: installing another one would not be what was asked.
  if (choice.source !== 'missing' || chromiumPath() !== undefined) return choice;
  for (const installer of installers) {
    if (installer.install() && found()) {
      console.log(`wink-smoke: installed ${installer.what}`);
      return chooseChromium(chromiumPath());
    }
  }
  return {
    source: 'missing',
    message:
      "no Chromium, and none could be installed here: run `npx playwright install --only-shell chromium` where the network allows, or install your system's Chromium (Debian: `sudo apt-get install chromium-headless-shell`), or set CHROMIUM_PATH",
  };
}

/**
 * The launch error's first line, then the browser's own first line on stderr, from the browser log
 * Playwright appends (`[pid=N][err] ...`): the first line alone says only that the browser closed,
 * where the browser says which library it lacks. Text, since Playwright hands it on as nothing else.
 */
function launchErrorLine(message: string): string {
  const first = message.split('\n')[0]?.trim() || 'no message';
  const browserSaid = /^\[pid=\d+\]\[err\] (.+)$/m.exec(message)?.[1]?.trim();
  return browserSaid ? `${first}; the browser's first error output: ${browserSaid}` : first;
}

/** Why the chosen Chromium does not start headless with the checks' flags, in one line; none when it does. */
async function launchFailure(choice: ChromiumChoice): Promise<string | undefined> {
  try {
    const browser = await chromium.launch({ ...launchOptionsFor(choice), headless: true, timeout: LAUNCH_TIMEOUT_MS });
    await browser.close();
    return undefined;
  } catch (error) {
    return launchErrorLine(error instanceof Error ? error.message : String(error));
  }
}

async function ensureBrowser(): Promise<number> {
  const choice = presentOrInstalled();
  if (choice.source === 'missing') {
    console.error(`wink-smoke: ${choice.message}`);
    return 1;
  }
  const failure = await launchFailure(choice);
  if (failure !== undefined) {
    console.error(`wink-smoke: Chromium at ${choice.executablePath} does not start: ${failure}`);
    return 1;
  }
  console.log(`wink-smoke: Chromium ready, started and closed (${choice.executablePath})`);
  return 0;
}

const steps: Readonly<Record<string, () => number | Promise<number>>> = {
  browser: ensureBrowser,
  'test-servers': ensureTestPrograms,
};
const COMMAND_LINE = {
  script: 'setup',
  usage: `usage: npm run browser, or node scripts/setup.ts <${Object.keys(steps).join('|')}>`,
  summary:
    'Sets this machine up for the suite (browser: a Chromium that starts) or for its self-tests (test-servers: the programs they run).',
  options: {},
  allowPositionals: true,
} as const;
const { positionals } = parseCommandLine(COMMAND_LINE);
const step = positionals.length === 1 ? steps[positionals[0]!] : undefined;
if (!step) {
  refuse(
    COMMAND_LINE,
    positionals.length === 0 ? 'no step given' : `${JSON.stringify(positionals.join(' '))} is not a step`,
    `one of ${Object.keys(steps).join(', ')}`,
  );
}
process.exitCode = await step();
