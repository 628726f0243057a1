/**
 * Web vitals of an app check, measured in the page by Google's `web-vitals` library, as Checkly
 * measures them on every browser check: LCP, CLS, FCP and TTFB, and TBT as the lab's stand-in for
 * INP (a smoke check does not interact). The library is injected before the page's own scripts and
 * only reads performance entries: it sends nothing, so the page's read-only guard is untouched.
 * web.dev's "poor" thresholds make the check degraded, never failed: a slow paint is a slow site,
 * not a site down.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What the page measured; a vital the page never reported (no paint yet, say) is absent. */
export interface WebVitals {
  readonly lcpMs?: number;
  readonly cls?: number;
  readonly fcpMs?: number;
  readonly ttfbMs?: number;
  readonly tbtMs?: number;
}

/** web.dev's bounds for "poor", each a setting. TBT has none of web.dev's: it is recorded, not judged. */
export interface VitalBounds {
  readonly lcpMs: number;
  readonly cls: number;
  readonly fcpMs: number;
  readonly ttfbMs: number;
}

/** The vitals judged, with their names as people and the settings say them. */
const JUDGED = [
  { key: 'lcpMs', name: 'LCP', variable: 'SMOKE_LCP_POOR_MS', unit: 'ms' },
  { key: 'cls', name: 'CLS', variable: 'SMOKE_CLS_POOR', unit: '' },
  { key: 'fcpMs', name: 'FCP', variable: 'SMOKE_FCP_POOR_MS', unit: 'ms' },
  { key: 'ttfbMs', name: 'TTFB', variable: 'SMOKE_TTFB_POOR_MS', unit: 'ms' },
] as const satisfies readonly {
  key: keyof VitalBounds & keyof WebVitals;
  name: string;
  variable: string;
  unit: string;
}[];

const shown = (value: number, unit: string): string => (unit === 'ms' ? `${Math.round(value)} ms` : value.toFixed(3));

/** Each vital past its poor bound, in words naming it and the bound: `LCP 4612 ms, over SMOKE_LCP_POOR_MS=4000`. */
export function poorVitals(vitals: WebVitals, bounds: VitalBounds): string[] {
  return JUDGED.flatMap(({ key, name, variable, unit }) => {
    const value = vitals[key];
    return value !== undefined && value > bounds[key]
      ? [`${name} ${shown(value, unit)}, over ${variable}=${bounds[key]}`]
      : [];
  });
}

/** The global the in-page collector fills. */
export const VITALS_GLOBAL = '__winkSmokeVitals';

/**
 * The script added to the page before its own (`page.addInitScript`): the library's IIFE build, then
 * a collector keeping each vital's latest value (LCP and CLS change until the page is left, so every
 * change is kept), and TBT summed from long tasks: each one's time past 50 ms.
 */
export function vitalsInitScript(): string {
  const library = path.join(path.dirname(createRequire(import.meta.url).resolve('web-vitals')), 'web-vitals.iife.js');
  return `${fs.readFileSync(library, 'utf8')}
;(() => {
  const vitals = (window.${VITALS_GLOBAL} = {});
  const every = { reportAllChanges: true };
  webVitals.onLCP((metric) => (vitals.lcpMs = metric.value), every);
  webVitals.onCLS((metric) => (vitals.cls = metric.value), every);
  webVitals.onFCP((metric) => (vitals.fcpMs = metric.value));
  webVitals.onTTFB((metric) => (vitals.ttfbMs = metric.value));
  vitals.tbtMs = 0;
  try {
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) vitals.tbtMs += Math.max(0, task.duration - 50);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();
`;
}

/** The vitals as the page holds them, rounded for the record: ms whole, CLS to four places. */
export function readVitals(raw: unknown): WebVitals {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const number = (key: string, places = 0): Record<string, number> => {
    const value = source[key];
    return typeof value === 'number' && Number.isFinite(value) ? { [key]: Number(value.toFixed(places)) } : {};
  };
  return { ...number('lcpMs'), ...number('cls', 4), ...number('fcpMs'), ...number('ttfbMs'), ...number('tbtMs') };
}
