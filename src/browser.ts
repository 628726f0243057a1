/**
 * Which Chromium the app checks run in. Playwright's own headless shell where it is installed (GitHub
 * Actions: `npx playwright install --only-shell chromium`); else a system Chromium, e.g. Debian's, which needs
 * flags that stop its background traffic (on a closed network it floods it with refused connections).
 *
 * Of the system's, the headless shell comes first: it is what Playwright itself runs for headless
 * Chromium, without the full browser's UI machinery. Measured with `npm run bench` (12 hosts, 4
 * workers, 2 cores): the checks took 3.3 s instead of 9 s and peak memory fell from 1.5 to 1.0 GiB.
 */
import fs from 'node:fs';
import { chromium } from '@playwright/test';

/** Debian's packages `chromium-headless-shell` and `chromium`, in the order they are preferred. */
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'] as const;

/** Chromium's own traffic (updates, sync, first-run pings) has no place in a smoke check. */
export const SYSTEM_CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/**
 * Playwright's headless shell, which Playwright launches for headless Chromium (the checks run
 * headless), given the path of its full Chromium: both sit in Playwright's browser folder at the same
 * revision, but `--only-shell` installs only the shell, and Playwright's API names only the full
 * browser. Linux's layout; elsewhere the full browser's path is returned unchanged.
 */
export function headlessShellOf(fullChromium: string): string {
  return fullChromium.replace(
    /\/chromium-(\d+)\/chrome-(linux[^/]*)\/chrome$/,
    '/chromium_headless_shell-$1/chrome-headless-shell-$2/chrome-headless-shell',
  );
}

export type ChromiumChoice =
  | { readonly source: 'playwright'; readonly executablePath: string }
  | { readonly source: 'system'; readonly executablePath: string }
  | { readonly source: 'missing'; readonly message: string };

/**
 * An explicit CHROMIUM_PATH wins (the user asked for it); then Playwright's build; then the system's
 * headless shell; then the system's full browser.
 * A CHROMIUM_PATH that does not exist is reported rather than silently replaced.
 */
export function chooseChromium(
  chromiumPath: string | undefined,
  exists: (file: string) => boolean = fs.existsSync,
  playwrightPath: string = headlessShellOf(chromium.executablePath()),
): ChromiumChoice {
  if (chromiumPath !== undefined) {
    return exists(chromiumPath)
      ? { source: 'system', executablePath: chromiumPath }
      : {
          source: 'missing',
          message: `CHROMIUM_PATH=${chromiumPath} does not exist: expected the path of a Chromium binary`,
        };
  }
  if (exists(playwrightPath)) return { source: 'playwright', executablePath: playwrightPath };
  const system = SYSTEM_CHROMIUM_PATHS.find((file) => exists(file));
  if (system) return { source: 'system', executablePath: system };
  return {
    source: 'missing',
    message:
      'No Chromium found: run `npx playwright install --only-shell chromium`, or install a system one (Debian: `apt-get install chromium-headless-shell`) or set CHROMIUM_PATH',
  };
}

/** Launch options for Playwright's `use.launchOptions`: Playwright finds its own build itself. */
export function launchOptionsFor(choice: ChromiumChoice): { executablePath?: string; args?: string[] } {
  return choice.source === 'system' ? { executablePath: choice.executablePath, args: [...SYSTEM_CHROMIUM_ARGS] } : {};
}
