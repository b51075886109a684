// The positional-encoding widget's logic: the sinusoidal table, a learned one cut to the same
// positions, and their position-to-position cosine similarities.
import { cosineMatrix, sinusoidalPositions } from '../../../engine/index';

/** A (rows × cols) row-major grid of numbers. */
export interface Grid {
  values: Float32Array;
  rows: number;
  cols: number;
}

/** The sinusoidal encoding of positions 0 … T−1 in C dimensions, as a grid. */
export const sinusoidalGrid = (T: number, C: number): Grid => ({ values: Float32Array.from(sinusoidalPositions(T, C).flat()), rows: T, cols: C });

/** The first T rows of a learned (blockSize × C) position table. */
export function learnedGrid(wpe: Float32Array, blockSize: number, C: number, T: number): Grid {
  if (wpe.length !== blockSize * C) throw new Error(`learnedGrid: expected ${blockSize} × ${C} = ${blockSize * C} values, got ${wpe.length}`);
  const rows = Math.min(T, blockSize);
  return { values: wpe.slice(0, rows * C), rows, cols: C };
}

/** Cosine similarity of every position with every other: a (T × T) grid. */
export const similarityGrid = (g: Grid): Grid => ({ values: cosineMatrix(g.values, g.rows, g.cols), rows: g.rows, cols: g.rows });

export const at = (g: Grid, r: number, c: number): number => g.values[r * g.cols + c];

/** One column of the grid (a dimension's value at each position). */
export const column = (g: Grid, c: number): number[] => Array.from({ length: g.rows }, (_, r) => at(g, r, c));

/** Largest |value|, so a diverging colour scale can be centred on zero. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** Mean cosine similarity of each position with the next one: how smoothly the table changes. */
export function adjacentSimilarity(sim: Grid): number {
  if (sim.rows < 2) return NaN;
  let s = 0;
  for (let p = 0; p + 1 < sim.rows; p++) s += at(sim, p, p + 1);
  return s / (sim.rows - 1);
}

/** What a mean next-position cosine says about a table, in words. */
export function describeAdjacent(cos: number): string {
  if (!Number.isFinite(cos)) return '';
  if (cos > 0.5) return 'neighbouring positions have similar vectors: the table changes smoothly along the positions';
  if (cos > 0.2) return 'neighbouring positions are somewhat alike: some smooth structure, with a lot of noise';
  return 'neighbouring rows are nearly perpendicular: each position has its own direction, with little smooth structure';
}
