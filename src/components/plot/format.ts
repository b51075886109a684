// How every widget writes a number: fixed decimals, a typographic minus (U+2212, which screen
// readers say and which lines up with the plus), never "−0", and NaN or ∞ spelled out.

export const MINUS = '\u2212';

/** Replaces a leading hyphen-minus with the typographic minus. */
export const withMinus = (s: string): string => s.replace(/^-/, MINUS);

/** `v` with `digits` decimals; `trim` drops trailing zeros (0.50 → 0.5, 2.00 → 2). */
export function formatNumber(v: number, digits = 3, { trim = false } = {}): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  let s = v.toFixed(digits);
  if (trim && s.includes('.')) s = s.replace(/\.?0+$/, '');
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return withMinus(s);
}
