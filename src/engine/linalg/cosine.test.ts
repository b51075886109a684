import { expect, test } from 'vitest';
import { cosineMatrix, cosineSimilarity } from './cosine';

test('cosine similarity: same direction 1, opposite −1, perpendicular 0, length ignored', () => {
  expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
  expect(cosineSimilarity([1, 2], [-3, -6])).toBeCloseTo(-1, 12);
  expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
  expect(cosineSimilarity([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
  expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  expect(() => cosineSimilarity([1], [1, 2])).toThrow(/length 1 and 2/);
});

test('cosine matrix: symmetric, ones on the diagonal, entries equal the pairwise cosine', () => {
  const rows = [[1, 0, 0], [1, 1, 0], [0, 0, 2]];
  const m = cosineMatrix(rows.flat(), 3, 3);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) expect(m[i * 3 + j]).toBeCloseTo(cosineSimilarity(rows[i], rows[j]), 6);
  }
  expect(m[1]).toBeCloseTo(Math.SQRT1_2, 6);
});
