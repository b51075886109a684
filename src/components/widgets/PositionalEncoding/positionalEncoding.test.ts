import { expect, test } from 'vitest';
import { adjacentSimilarity, at, describeAdjacent, column, learnedGrid, maxAbs, similarityGrid, sinusoidalGrid } from './positionalEncoding';

test('the sinusoidal grid is the formula', () => {
  const g = sinusoidalGrid(16, 8);
  expect([g.rows, g.cols]).toEqual([16, 8]);
  expect(at(g, 5, 2)).toBeCloseTo(Math.sin(5 / 10000 ** (2 / 8)), 6);
  expect(at(g, 5, 3)).toBeCloseTo(Math.cos(5 / 10000 ** (2 / 8)), 6);
  expect(column(g, 0)).toEqual(Array.from({ length: 16 }, (_, p) => expect.closeTo(Math.sin(p), 6)));
});

test('sinusoidal similarity: 1 on the diagonal, symmetric, and falls off with distance at first', () => {
  const s = similarityGrid(sinusoidalGrid(32, 64));
  expect(s.rows).toBe(32);
  expect(s.cols).toBe(32);
  for (let i = 0; i < 32; i++) expect(at(s, i, i)).toBeCloseTo(1, 5);
  expect(at(s, 3, 10)).toBeCloseTo(at(s, 10, 3), 6);
  // Near positions are more alike than far ones, and the similarity depends only on the offset.
  expect(at(s, 10, 11)).toBeGreaterThan(at(s, 10, 14));
  expect(at(s, 10, 11)).toBeCloseTo(at(s, 20, 21), 5);
});

test('a learned table is cut to T positions; a bad size is named', () => {
  const wpe = Float32Array.from({ length: 4 * 3 }, (_, i) => i);
  const g = learnedGrid(wpe, 4, 3, 2);
  expect(Array.from(g.values)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(learnedGrid(wpe, 4, 3, 99).rows).toBe(4);
  expect(() => learnedGrid(wpe, 5, 3, 2)).toThrow(/5 × 3 = 15 values, got 12/);
});

test('maxAbs is the largest magnitude, the colour key of a learned table', () => {
  expect(maxAbs(Float32Array.from([-2, 0, 2, 5]))).toBe(5);
  expect(maxAbs(Float32Array.from([-7, 3]))).toBe(7);
});

test('adjacent similarity is the mean of the superdiagonal', () => {
  const sim = { values: Float32Array.from([1, 0.5, 0, 0.5, 1, 0.25, 0, 0.25, 1]), rows: 3, cols: 3 };
  expect(adjacentSimilarity(sim)).toBeCloseTo(0.375, 6);
});

test('the next-position cosine is put into words', () => {
  expect(describeAdjacent(0.9)).toMatch(/changes smoothly/);
  expect(describeAdjacent(0.3)).toMatch(/somewhat alike/);
  expect(describeAdjacent(0.01)).toMatch(/nearly perpendicular/);
  expect(describeAdjacent(NaN)).toBe('');
});
