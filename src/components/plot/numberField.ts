// The rule a number field keeps and what it says when the reader's text breaks it. A field never
// hands its widget a value outside the rule: the widget keeps the last good value, and the field
// says so next to the input (NumberField.svelte), instead of clamping or defaulting in silence.
import { formatExponential, formatNumber, withMinus } from './format';

export interface NumberRule {
  min?: number;
  max?: number;
  /** Only whole numbers (seeds, counts, steps). */
  integer?: boolean;
}

export type NumberCheck = { ok: true; value: number } | { ok: false; problem: string };

const show = (x: number) =>
  Number.isInteger(x) ? withMinus(x.toLocaleString('en-US'))
  : Math.abs(x) < 1e-3 ? formatExponential(x, 2)
  : formatNumber(x, 4, { trim: true });

/** The allowed range in words: "a whole number from 0 to 1,000,000", "a number at least 0.01". */
export function describeRule({ min, max, integer }: NumberRule): string {
  const kind = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} from ${show(min)} to ${show(max)}`;
  if (min !== undefined) return `${kind} of at least ${show(min)}`;
  if (max !== undefined) return `${kind} of at most ${show(max)}`;
  return kind;
}

/**
 * Checks the text of a number input. `raw` is the input's value: the browser gives "" both for an
 * empty field and for text that is not a number ("1e", "-"), so both read as "not a number yet".
 */
export function checkNumber(raw: string, rule: NumberRule): NumberCheck {
  const text = raw.trim();
  const want = describeRule(rule);
  if (text === '') return { ok: false, problem: `Enter ${want}.` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, problem: `“${text}” is not a number; enter ${want}.` };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, problem: `${show(value)} is not a whole number; enter ${want}.` };
  if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max))
    return { ok: false, problem: `${show(value)} is out of range; enter ${want}.` };
  return { ok: true, value };
}

/** The whole message under an invalid field: the problem and the value still in use. */
export function invalidMessage(problem: string, current: number): string {
  return `${problem} Still using ${show(current)}.`;
}
