// How every widget writes a number: fixed decimals (or a mantissa and exponent for numbers too
// large or small for them), a typographic minus (U+2212, which screen readers say and which lines
// up with the plus), never "−0", and NaN or ∞ spelled out.

export const MINUS = '\u2212';

/** Replaces a leading hyphen-minus with the typographic minus. */
export const withMinus = (s: string): string => s.replace(/^-/, MINUS);

const nonFinite = (v: number): string => (Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : `${MINUS}∞`);

/** `v` with `digits` decimals; `trim` drops trailing zeros (0.50 → 0.5, 2.00 → 2). */
export function formatNumber(v: number, digits = 3, { trim = false } = {}): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  let s = v.toFixed(digits);
  if (trim && s.includes('.')) s = s.replace(/\.?0+$/, '');
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return withMinus(s);
}

/** `v` as a mantissa with `digits` decimals and a power of ten: 3.2e−5, −1.50e+4. */
export function formatExponential(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  return v.toExponential(digits).replaceAll('-', MINUS);
}
