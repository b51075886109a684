import { describe, expect, it } from 'vitest';
import { DATASETS, makeDataset, SPIRAL_TURNS, splitPoints } from './datasets';

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

describe('the train/test split', () => {
  it('is a seeded partition: every point once, the share in training, the same split for the same seed', () => {
    const pts = makeDataset('circles', 200, 0.1, 4);
    const { train, test } = splitPoints(pts, 0.3, 4);
    expect(train).toHaveLength(60);
    expect(test).toHaveLength(140);
    expect([...train, ...test].map((p) => `${p.x},${p.y}`).sort()).toEqual(pts.map((p) => `${p.x},${p.y}`).sort());
    expect(splitPoints(pts, 0.3, 4)).toEqual({ train, test });
    expect(splitPoints(pts, 0.3, 5).train).not.toEqual(train);
    // Shuffled, not the first 60 in order: both classes are in both sets.
    for (const set of [train, test]) expect(new Set(set.map((p) => p.label)).size).toBe(2);
  });
});

describe('the spiral', () => {
  it('has arms of 1.5 turns: the angle runs through 3π from the centre to the rim', () => {
    // Away from the centre (where the jitter scrambles the angle), unwrap the angle along an arm;
    // point i of 400 sits i/400 of the way along its arm.
    const arm = makeDataset('spiral', 400, 0, 1)
      .map((p, i) => ({ ...p, along: Math.floor(i / 2) / 200 }))
      .filter((p) => p.label === 0 && Math.hypot(p.x, p.y) > 0.2);
    let turned = 0;
    for (let i = 1; i < arm.length; i++) {
      let d = Math.atan2(arm[i].x, arm[i].y) - Math.atan2(arm[i - 1].x, arm[i - 1].y);
      d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
      turned += d;
    }
    expect(turned / (2 * Math.PI) / (arm.at(-1)!.along - arm[0].along)).toBeCloseTo(SPIRAL_TURNS, 1);
    expect(SPIRAL_TURNS).toBe(1.5);
  });
});
