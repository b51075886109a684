import { describe, expect, test } from 'vitest';
import { pca, symmetricEigen } from './pca';
import { Generator } from '../random';

describe('symmetricEigen', () => {
  test('a 2 × 2 matrix with known eigenpairs', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 (along (1, 1)) and 1 (along (1, −1)).
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0][0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0][0] * vectors[0][1]).toBeGreaterThan(0);
    expect(vectors[1][0] * vectors[1][1]).toBeLessThan(0);
  });

  test('reconstructs a random symmetric 12 × 12 matrix: A = Σ λ v vᵀ', () => {
    const g = new Generator(3);
    const n = 12;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = g.random() - 0.5;
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += values[k] * vectors[k][i] * vectors[k][j];
        expect(s).toBeCloseTo(a[i * n + j], 10);
      }
    }
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
  });
});

describe('pca', () => {
  test('points on a line: one axis along the line explains all the variance', () => {
    // x = (1, 2) + t (3, 4) / 5 for t = −2 … 2.
    const rows = [-2, -1, 0, 1, 2].map((t) => [1 + (3 * t) / 5, 2 + (4 * t) / 5]);
    const r = pca(rows.flat(), 5, 2, 2);
    expect(r.mean[0]).toBeCloseTo(1, 12);
    expect(r.mean[1]).toBeCloseTo(2, 12);
    expect(r.components[0][0]).toBeCloseTo(0.6, 10);
    expect(r.components[0][1]).toBeCloseTo(0.8, 10);
    expect(r.explained[0]).toBeCloseTo(1, 10);
    expect(r.variance[0]).toBeCloseTo(10 / 4, 10); // Σt² / (n − 1)
    expect(Array.from(r.projected[0])).toEqual([-2, -1, 0, 1, 2].map((t) => expect.closeTo(t, 10)));
    expect(r.variance[1]).toBeCloseTo(0, 10);
  });

  test('an ellipse in 3-D with known axes: semi-axes 3 and 1, rotated by 30°, flat in z', () => {
    const n = 360;
    const angle = Math.PI / 6;
    const u = [Math.cos(angle), Math.sin(angle), 0];
    const w = [-Math.sin(angle), Math.cos(angle), 0];
    const data: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = (2 * Math.PI * k) / n;
      const a = 3 * Math.cos(t);
      const b = Math.sin(t);
      data.push(5 + a * u[0] + b * w[0], -1 + a * u[1] + b * w[1], 7);
    }
    const r = pca(data, n, 3, 3);
    expect(Math.abs(r.components[0][0])).toBeCloseTo(u[0], 8);
    expect(Math.abs(r.components[0][1])).toBeCloseTo(u[1], 8);
    expect(Math.abs(r.components[1][0])).toBeCloseTo(Math.abs(w[0]), 8);
    expect(Math.abs(r.components[1][1])).toBeCloseTo(w[1], 8);
    // Variance of 3cos t over a full turn is 9/2 (times n/(n−1) for the sample variance).
    expect(r.variance[0]).toBeCloseTo((9 / 2) * (n / (n - 1)), 8);
    expect(r.variance[1]).toBeCloseTo((1 / 2) * (n / (n - 1)), 8);
    expect(r.variance[2]).toBeCloseTo(0, 10);
    expect(r.explained[0]).toBeCloseTo(0.9, 8);
  });

  test('a 1,024 × 128 table (the reference model’s size) is quick', () => {
    const g = new Generator(1);
    const rows = 1024;
    const cols = 128;
    const data = new Float32Array(rows * cols).map(() => g.random() - 0.5);
    const t0 = performance.now();
    const r = pca(data, rows, cols, 2);
    const ms = performance.now() - t0;
    console.log(`pca 1024 × 128: ${ms.toFixed(0)} ms`);
    expect(r.projected[0].length).toBe(rows);
    expect(ms).toBeLessThan(15_000); // about 150 ms on a quiet core, 3 s seen with a site build beside it
  });

  test('bad shapes are named', () => {
    expect(() => pca([1, 2, 3], 2, 2)).toThrow(/2 × 2 = 4 values, got 3/);
    expect(() => pca([1, 2], 1, 2)).toThrow(/at least 2 rows/);
    expect(() => pca([1, 2, 3, 4], 2, 2, 3)).toThrow(/k must be between 1 and 2/);
  });
});
