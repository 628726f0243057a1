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

/** One platform's row of Playwright's registry: the path of each build inside its own folder. */
interface PlaywrightChromiumLayout {
  /** The platform's path separator, as Node's `path.join` writes it there. */
  readonly separator: '/' | '\\';
  /** The full Chromium, inside `chromium-<revision>`: what `chromium.executablePath()` names. */
  readonly chromium: readonly string[];
  /** The headless shell, inside `chromium_headless_shell-<revision>`: what a headless launch runs. */
  readonly headlessShell: readonly string[];
}

/**
 * Where Playwright keeps its Chromium and its headless shell, per platform: playwright-core's registry
 * (`EXECUTABLE_PATHS` for `chromium` and `chromium-headless-shell` in
 * packages/playwright-core/src/server/registry/index.ts; in the installed 1.65 it is bundled into
 * node_modules/playwright-core/lib/coreBundle.js). Each lives in its own folder of Playwright's browser
 * folder, `chromium-<revision>` and `chromium_headless_shell-<revision>`, at the same revision
 * (playwright-core's browsers.json). A unit test holds this table to the registry of the machine it
 * runs on.
 */
export const PLAYWRIGHT_CHROMIUM_LAYOUTS = {
  'linux-x64': {
    separator: '/',
    chromium: ['chrome-linux64', 'chrome'],
    headlessShell: ['chrome-headless-shell-linux64', 'chrome-headless-shell'],
  },
  'linux-arm64': {
    separator: '/',
    chromium: ['chrome-linux-arm64', 'chrome'],
    headlessShell: ['chrome-headless-shell-linux-arm64', 'chrome-headless-shell'],
  },
  'mac-x64': {
    separator: '/',
    chromium: ['chrome-mac-x64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'],
    headlessShell: ['chrome-headless-shell-mac-x64', 'chrome-headless-shell'],
  },
  'mac-arm64': {
    separator: '/',
    chromium: ['chrome-mac-arm64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'],
    headlessShell: ['chrome-headless-shell-mac-arm64', 'chrome-headless-shell'],
  },
  'win-x64': {
    separator: '\\',
    chromium: ['chrome-win64', 'chrome.exe'],
    headlessShell: ['chrome-headless-shell-win64', 'chrome-headless-shell.exe'],
  },
} as const satisfies Record<string, PlaywrightChromiumLayout>;

/**
 * Playwright's headless shell, given the path of its full Chromium (`chromium.executablePath()`, the
 * only one Playwright's API names), by the layout of the platform whose path it is. A headless launch
 * without `executablePath` runs the shell (playwright-core's `getExecutableName`), and
 * `--only-shell` installs only the shell, so the shell is the file that must exist. Undefined for a
 * path in no known layout (an unsupported platform, where Playwright names no path at all).
 */
export function headlessShellOf(fullChromium: string): string | undefined {
  for (const layout of Object.values<PlaywrightChromiumLayout>(PLAYWRIGHT_CHROMIUM_LAYOUTS)) {
    const parts = fullChromium.split(layout.separator);
    const folder = parts.length - layout.chromium.length - 1;
    const revision = /^chromium-(\d+)$/.exec(parts[folder] ?? '')?.[1];
    if (folder < 1 || revision === undefined) continue;
    if (!layout.chromium.every((part, index) => parts[folder + 1 + index] === part)) continue;
    return [...parts.slice(0, folder), `chromium_headless_shell-${revision}`, ...layout.headlessShell].join(
      layout.separator,
    );
  }
  return undefined;
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
  playwrightPath: string | undefined = headlessShellOf(chromium.executablePath()),
): ChromiumChoice {
  if (chromiumPath !== undefined) {
    return exists(chromiumPath)
      ? { source: 'system', executablePath: chromiumPath }
      : {
          source: 'missing',
          message: `CHROMIUM_PATH=${chromiumPath} does not exist: expected the path of a Chromium binary`,
        };
  }
  if (playwrightPath !== undefined && exists(playwrightPath))
    return { source: 'playwright', executablePath: playwrightPath };
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
