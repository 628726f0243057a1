/**
 * Sets a machine up, bounded, returning at once when it already is:
 *
 * - `npm run browser` (`node scripts/setup.ts browser`): the app checks need a Chromium. In order:
 *   one already there (CHROMIUM_PATH, Playwright's headless shell, the system's); Playwright's own
 *   headless shell, downloaded (where the network allows); Debian's `chromium-headless-shell`, when
 *   running as root on a machine with apt-get; else one line saying exactly what to install, exit 1.
 * - `node scripts/setup.ts test-servers`, before the self-tests: the programs they run besides Node
 *   (`selftest/programs.ts`: Debian's real `prometheus` and `prometheus-pushgateway`, and `openssl`
 *   for the TLS self-tests' certificates); the missing ones installed with apt as root, else one line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { chooseChromium } from '../src/browser.ts';
import { settingsOrExit } from '../src/settings.ts';
import { debianPackages, installAdvice, missingTestPrograms } from '../selftest/programs.ts';

/** Downloading Playwright's headless shell (about 100 MB) on a slow line; a closed network fails at once. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
/** apt-get update and the install of one package with its libraries. */
const APT_TIMEOUT_MS = 10 * 60_000;

function run(command: string, args: readonly string[], timeoutMs: number): boolean {
  console.log(`wink-smoke: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', timeout: timeoutMs });
  return result.status === 0;
}

function chromiumPath(): string | undefined {
  return settingsOrExit('wink-smoke').chromiumPath;
}

const found = (): boolean => chooseChromium(chromiumPath()).source !== 'missing';

/** Each way to a browser, tried in turn until one leaves a Chromium the suite finds. */
const installers: readonly { readonly what: string; readonly install: () => boolean }[] = [
  {
    what: "Playwright's headless Chromium",
    install: () => run('npx', ['playwright', 'install', '--only-shell', 'chromium'], DOWNLOAD_TIMEOUT_MS),
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

/** The programs the self-tests run (Prometheus, its Pushgateway, openssl): the missing ones installed. */
function ensureTestPrograms(): number {
  const missing = missingTestPrograms();
  if (missing.length === 0) return 0;
  const packages = debianPackages(missing);
  if (
    canApt() &&
    run('apt-get', ['update', '-qq'], APT_TIMEOUT_MS) &&
    run('apt-get', ['install', '-y', '-qq', ...packages], APT_TIMEOUT_MS) &&
    missingTestPrograms().length === 0
  ) {
    console.log(`wink-smoke: installed Debian's ${packages.join(', ')} for the self-tests`);
    return 0;
  }
  console.error(`wink-smoke: ${installAdvice(missing)}`);
  return 1;
}

function ensureBrowser(): number {
  const choice = chooseChromium(chromiumPath());
  if (choice.source !== 'missing') {
    console.log(`wink-smoke: Chromium ready (${choice.executablePath})`);
    return 0;
  }
  if (chromiumPath() !== undefined) {
    // The user named a browser: installing another one would not be what was asked.
    console.error(`wink-smoke: ${choice.message}`);
    return 1;
  }
  for (const installer of installers) {
    if (installer.install() && found()) {
      console.log(`wink-smoke: installed ${installer.what}`);
      return 0;
    }
  }
  console.error(
    "wink-smoke: no Chromium, and none could be installed here: run `npx playwright install --only-shell chromium` where the network allows, or install your system's Chromium (Debian: `sudo apt-get install chromium-headless-shell`), or set CHROMIUM_PATH",
  );
  return 1;
}

const steps: Readonly<Record<string, () => number>> = { browser: ensureBrowser, 'test-servers': ensureTestPrograms };
const step = steps[process.argv[2] ?? ''];
if (!step) {
  console.error(`setup: expected one of ${Object.keys(steps).join(', ')}`);
  process.exitCode = 2;
} else {
  process.exitCode = step();
}
