// Seeded 2-D classification datasets in the spirit of TensorFlow Playground. Points live in
// [-1, 1]²; label 0 is drawn as blue circles and label 1 as orange squares (never told apart by
// colour alone). Same name, size, noise and seed: same points.
import { Generator, shuffle } from '../../../engine/light';

export type DatasetName = 'xor' | 'circles' | 'spiral' | 'gaussian';
export const DATASETS: DatasetName[] = ['xor', 'circles', 'spiral', 'gaussian'];

export interface LabeledPoint {
  x: number;
  y: number;
  label: 0 | 1;
}

/** Turns of each spiral arm, and the jitter every spiral point gets (in view units). */
export const SPIRAL_TURNS = 1.5;
export const SPIRAL_JITTER = 0.02;

const clamp = (v: number) => Math.max(-1, Math.min(1, v));

/** `noise` is 0–0.5: the standard deviation of the jitter added to each coordinate (in view units). */
export function makeDataset(name: DatasetName, n: number, noise: number, seed: number): LabeledPoint[] {
  const gen = new Generator(seed);
  const u = (lo: number, hi: number) => lo + (hi - lo) * gen.random();
  const jitter = () => noise * gen.normal();
  const pts: LabeledPoint[] = [];
  for (let i = 0; i < n; i++) {
    const label = (i % 2) as 0 | 1;
    if (name === 'xor') {
      // Uniform in the square, pushed away from the axes by a small gap, labelled by the quadrant.
      const gap = 0.05;
      let x = u(-1, 1);
      let y = u(-1, 1);
      x += x > 0 ? gap : -gap;
      y += y > 0 ? gap : -gap;
      const l = (x * y >= 0 ? 0 : 1) as 0 | 1;
      pts.push({ x: clamp(x + jitter()), y: clamp(y + jitter()), label: l });
    } else if (name === 'circles') {
      // Label 0 inside radius 0.5, label 1 in a ring from 0.7 to 1.
      const r = label === 0 ? u(0, 0.5) : u(0.7, 1);
      const a = u(0, 2 * Math.PI);
      pts.push({ x: clamp(r * Math.cos(a) + jitter()), y: clamp(r * Math.sin(a) + jitter()), label });
    } else if (name === 'spiral') {
      // Two interleaved arms of 1.5 turns each, the second the first turned by π, each point
      // jittered a little even at noise 0 so that no network can follow a perfect curve.
      const t = (Math.floor(i / 2) / Math.ceil(n / 2)) * SPIRAL_TURNS * 2 * Math.PI;
      const r = (t / (SPIRAL_TURNS * 2 * Math.PI)) * 0.92 + 0.06;
      const a = t + label * Math.PI;
      const j = () => SPIRAL_JITTER * gen.normal() + jitter();
      pts.push({ x: clamp(r * Math.sin(a) + j()), y: clamp(r * Math.cos(a) + j()), label });
    } else {
      // Two Gaussian blobs centred at ±(0.45, 0.45).
      const c = label === 0 ? -0.45 : 0.45;
      const spread = 0.18 + noise;
      pts.push({ x: clamp(c + spread * gen.normal()), y: clamp(c + spread * gen.normal()), label });
    }
  }
  return pts;
}

/**
 * Splits points into a training set (the first `trainShare` of a seeded shuffle) and a held-out
 * test set (the rest). Same points, share and seed: same split.
 */
export function splitPoints(points: readonly LabeledPoint[], trainShare: number, seed: number): { train: LabeledPoint[]; test: LabeledPoint[] } {
  // A seed of its own, so the order does not echo the random numbers that placed the points.
  const shuffled = shuffle(points, seed * 7919 + 17);
  const k = Math.round(points.length * Math.max(0, Math.min(1, trainShare)));
  return { train: shuffled.slice(0, k), test: shuffled.slice(k) };
}
