// Seeded 2-D classification datasets in the spirit of TensorFlow Playground. Points live in
// [-1, 1]²; label 0 is drawn as blue circles and label 1 as orange squares (never told apart by
// colour alone). Same name, size, noise and seed: same points.
import { Generator } from '../../../engine/light';

export type DatasetName = 'xor' | 'circles' | 'spiral' | 'gaussian';
export const DATASETS: DatasetName[] = ['xor', 'circles', 'spiral', 'gaussian'];

export interface LabeledPoint {
  x: number;
  y: number;
  label: 0 | 1;
}

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
      // Two interleaved arms; the second is the first turned by π.
      const t = (Math.floor(i / 2) / Math.ceil(n / 2)) * 1.75 * Math.PI;
      const r = (t / (1.75 * Math.PI)) * 0.95 + 0.05;
      const a = t + label * Math.PI;
      pts.push({ x: clamp(r * Math.sin(a) + jitter()), y: clamp(r * Math.cos(a) + jitter()), label });
    } else {
      // Two Gaussian blobs centred at ±(0.45, 0.45).
      const c = label === 0 ? -0.45 : 0.45;
      const spread = 0.18 + noise;
      pts.push({ x: clamp(c + spread * gen.normal()), y: clamp(c + spread * gen.normal()), label });
    }
  }
  return pts;
}
