import { describe, expect, test } from 'vitest';
import { formatExponential, formatNumber, MINUS } from './format';

describe('formatNumber', () => {
  test('fixed decimals with a typographic minus', () => {
    expect(formatNumber(-1.23456)).toBe(`${MINUS}1.235`);
    expect(formatNumber(2, 2)).toBe('2.00');
    expect(formatNumber(-0.5, 1)).toBe(`${MINUS}0.5`);
  });
  test('trim drops trailing zeros only', () => {
    expect(formatNumber(0.5, 2, { trim: true })).toBe('0.5');
    expect(formatNumber(-2, 2, { trim: true })).toBe(`${MINUS}2`);
    expect(formatNumber(120, 2, { trim: true })).toBe('120');
  });
  test('never a negative zero; NaN and infinities spelled out', () => {
    expect(formatNumber(-0.0001, 3)).toBe('0.000');
    expect(formatNumber(-0.001, 2, { trim: true })).toBe('0');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe(`${MINUS}∞`);
    expect(formatNumber(Infinity)).toBe('∞');
  });
});

describe('formatExponential', () => {
  test('a mantissa and a power of ten, minus signs typographic', () => {
    expect(formatExponential(0.0000321)).toBe(`3.2e${MINUS}5`);
    expect(formatExponential(-15000, 2)).toBe(`${MINUS}1.50e+4`);
    expect(formatExponential(1e-3, 0)).toBe(`1e${MINUS}3`);
    expect(formatExponential(-Infinity)).toBe(`${MINUS}∞`);
  });
});
