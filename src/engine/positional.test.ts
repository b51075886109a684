import { expect, test } from 'vitest';
import { sinusoidalPositions } from './positional';

test('sinusoidal positions follow Vaswani et al.’s formula', () => {
  const C = 8;
  const pe = sinusoidalPositions(50, C);
  expect(pe.length).toBe(50);
  expect(pe[0]).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  for (const pos of [1, 7, 49]) {
    for (let i = 0; i < C / 2; i++) {
      const angle = pos / 10000 ** ((2 * i) / C);
      expect(pe[pos][2 * i]).toBeCloseTo(Math.sin(angle), 14);
      expect(pe[pos][2 * i + 1]).toBeCloseTo(Math.cos(angle), 14);
    }
  }
  // Dimension 0 turns once per 2π positions; the last pair barely moves.
  expect(pe[1][0]).toBeCloseTo(Math.sin(1), 14);
  expect(pe[49][7]).toBeCloseTo(Math.cos(49 / 10000 ** (6 / 8)), 14);
});

test('an odd width ends with a sine; bad sizes are named', () => {
  expect(sinusoidalPositions(3, 3)[2][2]).toBeCloseTo(Math.sin(2 / 10000 ** (2 / 3)), 14);
  expect(() => sinusoidalPositions(0, 4)).toThrow(/T must be a positive integer, got 0/);
  expect(() => sinusoidalPositions(4, 2.5)).toThrow(/C must be a positive integer, got 2.5/);
});
