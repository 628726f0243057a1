/**
 * Which Chromium the app checks run in. Playwright's own build where it is installed (GitHub
 * Actions: `npx playwright install chromium`); else a system Chromium, e.g. Debian's, which needs
 * flags that stop its background traffic (on a closed network it floods it with refused connections).
 */
import fs from 'node:fs';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM_PATH = '/usr/bin/chromium';

/** Chromium's own traffic (updates, sync, first-run pings) has no place in a smoke check. */
export const SYSTEM_CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

export type ChromiumChoice =
  | { readonly source: 'playwright' }
  | { readonly source: 'system'; readonly executablePath: string }
  | { readonly source: 'missing'; readonly message: string };

/**
 * An explicit CHROMIUM_PATH wins (the user asked for it); then Playwright's build; then the system's.
 * A CHROMIUM_PATH that does not exist is reported rather than silently replaced.
 */
export function chooseChromium(
  chromiumPath: string | undefined,
  exists: (file: string) => boolean = fs.existsSync,
  playwrightPath: string = chromium.executablePath(),
): ChromiumChoice {
  if (chromiumPath !== undefined) {
    return exists(chromiumPath)
      ? { source: 'system', executablePath: chromiumPath }
      : {
          source: 'missing',
          message: `CHROMIUM_PATH=${chromiumPath} does not exist: expected the path of a Chromium binary`,
        };
  }
  if (exists(playwrightPath)) return { source: 'playwright' };
  if (exists(SYSTEM_CHROMIUM_PATH)) return { source: 'system', executablePath: SYSTEM_CHROMIUM_PATH };
  return {
    source: 'missing',
    message:
      'No Chromium found: run `npx playwright install chromium`, or install a system one (Debian: `apt-get install chromium`) or set CHROMIUM_PATH',
  };
}

/** Launch options for Playwright's `use.launchOptions`. */
export function launchOptionsFor(choice: ChromiumChoice): { executablePath?: string; args?: string[] } {
  return choice.source === 'system' ? { executablePath: choice.executablePath, args: [...SYSTEM_CHROMIUM_ARGS] } : {};
}
