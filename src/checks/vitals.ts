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

/**
 * Every vital, in the order web.dev lists them: its name as people and the settings say it, its
 * unit (a duration, or CLS's unitless score), the decimals the record keeps (whole ms; CLS to four
 * places) and the variable of its poor bound (TBT has none). The judgement, the record, the
 * summary's line and the status page's charts all read this list.
 */
export const VITALS = [
  { key: 'lcpMs', name: 'LCP', unit: 'ms', places: 0, poor: 'SMOKE_LCP_POOR_MS' },
  { key: 'cls', name: 'CLS', unit: 'score', places: 4, poor: 'SMOKE_CLS_POOR' },
  { key: 'fcpMs', name: 'FCP', unit: 'ms', places: 0, poor: 'SMOKE_FCP_POOR_MS' },
  { key: 'ttfbMs', name: 'TTFB', unit: 'ms', places: 0, poor: 'SMOKE_TTFB_POOR_MS' },
  { key: 'tbtMs', name: 'TBT', unit: 'ms', places: 0, poor: undefined },
] as const satisfies readonly {
  key: keyof WebVitals;
  name: string;
  unit: VitalUnit;
  places: number;
  poor: string | undefined;
}[];

/** A vital's unit: milliseconds, or CLS's score (a decimal with no unit). */
export type VitalUnit = 'ms' | 'score';
export type VitalKey = keyof WebVitals;

/** `4612 ms`, `0.313`: a vital as the summary and the status page write it. */
export function formatVital(value: number, unit: VitalUnit): string {
  return unit === 'ms' ? `${Math.round(value)} ms` : value.toFixed(3);
}

/** Each vital past its poor bound, in words naming it and the bound: `LCP 4612 ms, over SMOKE_LCP_POOR_MS=4000`. */
export function poorVitals(vitals: WebVitals, bounds: VitalBounds): string[] {
  return VITALS.flatMap(({ key, name, poor, unit }) => {
    if (poor === undefined) return [];
    const value = vitals[key];
    return value !== undefined && value > bounds[key]
      ? [`${name} ${formatVital(value, unit)}, over ${poor}=${bounds[key]}`]
      : [];
  });
}

/** The global the in-page collector fills. */
export const VITALS_GLOBAL = '__winkSmokeVitals';
/** The global holding when (`performance.now()`) a vital last changed: the check waits for quiet after it. */
export const VITALS_CHANGED_GLOBAL = '__winkSmokeVitalsChangedAt';

/**
 * The script added to the page before its own (`page.addInitScript`): the library's IIFE build, then
 * a collector keeping each vital's latest value (LCP and CLS change until the page is left, so every
 * change is kept), and TBT summed from long tasks: each one's time past 50 ms. Every change is
 * timed, so that the check reads the vitals once they have been quiet a while since the last one.
 */
export function vitalsInitScript(): string {
  const library = path.join(path.dirname(createRequire(import.meta.url).resolve('web-vitals')), 'web-vitals.iife.js');
  return `${fs.readFileSync(library, 'utf8')}
;(() => {
  const vitals = (window.${VITALS_GLOBAL} = {});
  const set = (key, value) => {
    vitals[key] = value;
    window.${VITALS_CHANGED_GLOBAL} = performance.now();
  };
  const every = { reportAllChanges: true };
  webVitals.onLCP((metric) => set('lcpMs', metric.value), every);
  webVitals.onCLS((metric) => set('cls', metric.value), every);
  webVitals.onFCP((metric) => set('fcpMs', metric.value));
  webVitals.onTTFB((metric) => set('ttfbMs', metric.value));
  vitals.tbtMs = 0;
  try {
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) set('tbtMs', vitals.tbtMs + Math.max(0, task.duration - 50));
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();
`;
}

/** The vitals as the page holds them, rounded for the record as VITALS says: ms whole, CLS to four places. */
export function readVitals(raw: unknown): WebVitals {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return Object.fromEntries(
    VITALS.flatMap(({ key, places }) => {
      const value = source[key];
      return typeof value === 'number' && Number.isFinite(value) ? [[key, Number(value.toFixed(places))]] : [];
    }),
  );
}
