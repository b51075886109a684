import { describe, expect, it } from 'vitest';
import { checkNumber, describeRule, invalidMessage } from './numberField';

const seed = { min: 0, max: 1_000_000, integer: true };

describe('number fields', () => {
  it('accept values inside the rule, as numbers', () => {
    expect(checkNumber('42', seed)).toEqual({ ok: true, value: 42 });
    expect(checkNumber(' 0 ', seed)).toEqual({ ok: true, value: 0 });
    expect(checkNumber('1000000', seed)).toEqual({ ok: true, value: 1_000_000 });
    expect(checkNumber('1e3', seed)).toEqual({ ok: true, value: 1000 });
    expect(checkNumber('0.05', { min: 0, max: 100 })).toEqual({ ok: true, value: 0.05 });
    expect(checkNumber('-3.5', {})).toEqual({ ok: true, value: -3.5 });
  });

  it('say what is wrong with a negative seed, a fraction, an empty field and too large a value', () => {
    expect(checkNumber('-5', seed)).toEqual({ ok: false, problem: '\u22125 is out of range; enter a whole number from 0 to 1,000,000.' });
    expect(checkNumber('3.7', seed)).toEqual({ ok: false, problem: '3.7 is not a whole number; enter a whole number from 0 to 1,000,000.' });
    expect(checkNumber('', seed)).toEqual({ ok: false, problem: 'Enter a whole number from 0 to 1,000,000.' });
    expect(checkNumber('1000001', seed)).toEqual({ ok: false, problem: '1,000,001 is out of range; enter a whole number from 0 to 1,000,000.' });
    expect(checkNumber('abc', { min: 1 })).toEqual({ ok: false, problem: '“abc” is not a number; enter a number of at least 1.' });
    expect(checkNumber('Infinity', {}).ok).toBe(false);
  });

  it('describe one-sided and open rules', () => {
    expect(describeRule({ min: 0.01 })).toBe('a number of at least 0.01');
    expect(describeRule({ max: 2, integer: true })).toBe('a whole number of at most 2');
    expect(describeRule({})).toBe('a number');
    expect(describeRule({ min: 0.0001, max: 0.5 })).toBe('a number from 1.00e\u22124 to 0.5');
  });

  it('name the value still in use', () => {
    expect(invalidMessage('Enter a whole number from 0 to 1,000,000.', 42)).toBe('Enter a whole number from 0 to 1,000,000. Still using 42.');
  });
});
