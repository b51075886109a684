import { describe, expect, it } from 'vitest';
import { DATASETS, makeDataset } from './datasets';

describe('datasets', () => {
  it('are reproducible from the seed and differ across seeds', () => {
    for (const name of DATASETS) {
      expect(makeDataset(name, 50, 0.1, 3)).toEqual(makeDataset(name, 50, 0.1, 3));
      expect(makeDataset(name, 50, 0.1, 3)).not.toEqual(makeDataset(name, 50, 0.1, 4));
    }
  });

  it('stay inside the view and have both classes', () => {
    for (const name of DATASETS) {
      const pts = makeDataset(name, 200, 0.2, 1);
      expect(pts).toHaveLength(200);
      for (const p of pts) {
        expect(Math.abs(p.x)).toBeLessThanOrEqual(1);
        expect(Math.abs(p.y)).toBeLessThanOrEqual(1);
      }
      const ones = pts.filter((p) => p.label === 1).length;
      expect(ones).toBeGreaterThan(60);
      expect(ones).toBeLessThan(140);
    }
  });

  it('xor without noise is labelled by the sign of x·y; circles by the radius', () => {
    for (const p of makeDataset('xor', 100, 0, 2)) expect(p.label).toBe(p.x * p.y >= 0 ? 0 : 1);
    for (const p of makeDataset('circles', 100, 0, 2)) expect(Math.hypot(p.x, p.y) < 0.6).toBe(p.label === 0);
  });
});
