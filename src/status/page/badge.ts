/**
 * SVG badges in the shields.io style (a grey label, a coloured state), for a README or a wiki:
 * `![production](https://<owner>.github.io/<repo>/badges/production.svg)`. Text is measured with
 * Verdana's advance widths at 11 px, as shields.io measures it, so the badge fits its words.
 */
import type { HostState } from '../status.ts';

/** Colours with a contrast of at least 4.5:1 against white text (WCAG AA). */
export const STATE_COLORS: Readonly<Record<HostState, string>> = {
  up: '#1a7f37',
  degraded: '#9a6700',
  down: '#cf222e',
  retired: '#57606a',
  unknown: '#57606a',
};

const LABEL_COLOR = '#444d56';

/** Verdana's advance widths (units of 1/2048 em) for the characters badges use; others count as 'm'. */
// prettier-ignore
const VERDANA_UNITS: Readonly<Record<string, number>> = {
  ...Object.fromEntries([...'0123456789'].map((digit) => [digit, 1303])),
  a: 1229, b: 1276, c: 1067, d: 1276, e: 1220, f: 720, g: 1276, h: 1296, i: 562, j: 676, k: 1188, l: 562, m: 1995,
  n: 1296, o: 1243, p: 1276, q: 1276, r: 874, s: 1067, t: 807, u: 1296, v: 1188, w: 1659, x: 1188, y: 1188, z: 1090,
  A: 1401, B: 1405, C: 1430, D: 1577, E: 1294, F: 1178, G: 1587, H: 1540, I: 862, J: 919, K: 1415, L: 1145, M: 1722,
  N: 1540, O: 1605, P: 1241, Q: 1605, R: 1423, S: 1400, T: 1266, U: 1500, V: 1401, W: 2025, X: 1408, Y: 1266, Z: 1403,
  ' ': 720, '-': 874, '.': 745, ':': 874, '%': 2211, '(': 930, ')': 930, '/': 1120, _: 1303, '·': 745,
};

/** The width of a text at 11 px Verdana, in pixels. */
export function textWidth(text: string): number {
  return [...text].reduce((width, character) => width + (VERDANA_UNITS[character] ?? 1995), 0) * (11 / 2048);
}

/** Text made safe inside HTML or SVG markup, attributes included. */
export function escapeMarkup(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A badge: `label` on grey, `message` on `color`; its accessible name is both. */
export function badgeSvg(label: string, message: string, color: string): string {
  const padding = 6;
  const labelWidth = Math.round(textWidth(label)) + 2 * padding;
  const messageWidth = Math.round(textWidth(message)) + 2 * padding;
  const width = labelWidth + messageWidth;
  const title = escapeMarkup(`${label}: ${message}`);
  const text = (content: string, centre: number): string =>
    `<text x="${centre}" y="15" fill="#010101" fill-opacity=".3">${escapeMarkup(content)}</text>` +
    `<text x="${centre}" y="14">${escapeMarkup(content)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="${LABEL_COLOR}"/>`,
    `<rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${color}"/>`,
    `<rect width="${width}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    text(label, labelWidth / 2),
    text(message, labelWidth + messageWidth / 2),
    `</g></svg>`,
    '',
  ].join('\n');
}
