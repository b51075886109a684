import { describe, expect, it } from 'vitest';
import { makeDataset } from './datasets';
import { DEFAULT_CONFIG, N_POINTS, Trainer } from './mlpPlayground';

describe('MlpPlayground trainer on the engine', () => {
  it('the default net learns xor: > 95% accuracy after 300 steps', async () => {
    const pts = makeDataset('xor', N_POINTS, DEFAULT_CONFIG.noise, DEFAULT_CONFIG.seed);
    const t = new Trainer(DEFAULT_CONFIG, pts);
    const start = await t.evaluate();
    await t.train(300);
    const end = await t.evaluate();
    expect(t.step).toBe(300);
    expect(end.accuracy).toBeGreaterThan(0.95);
    expect(end.loss).toBeLessThan(start.loss / 2);
    const snap = await t.snapshot({ res: 8, extent: 1 });
    expect(snap.boundary).toHaveLength(64);
    // The top-left and top-right corners of xor belong to different classes.
    expect(snap.boundary[0] > 0.5).not.toBe(snap.boundary[7] > 0.5);
    expect(snap.weights.map((w) => [w.weight.length, w.weight[0].length])).toEqual([[4, 2], [4, 4], [2, 4]]);
    t.dispose();
  });

  it('a trace has activations forward and engine gradients backward for one example', async () => {
    const pts = makeDataset('circles', 20, 0, 3);
    const t = new Trainer({ ...DEFAULT_CONFIG, dataset: 'circles', hidden: [3] }, pts);
    const tr = await t.trace(0);
    expect(tr.activations.map((a) => a.length)).toEqual([2, 3, 2]);
    expect(tr.activations[0]).toEqual([Math.fround(pts[0].x), Math.fround(pts[0].y)]);
    // d loss / d logits = softmax − one-hot.
    const p1 = tr.probability;
    const expected = pts[0].label === 1 ? [1 - p1, p1 - 1] : [1 - p1 - 1, p1];
    expect(tr.grads[2][0]).toBeCloseTo(expected[0], 5);
    expect(tr.grads[2][1]).toBeCloseTo(expected[1], 5);
    expect(tr.loss).toBeCloseTo(-Math.log(pts[0].label === 1 ? p1 : 1 - p1), 5);
    // The hidden gradient is W2ᵀ · d logits times tanh′.
    const w = await t.weights();
    for (let k = 0; k < 3; k++) {
      const back = w[1].weight[0][k] * tr.grads[2][0] + w[1].weight[1][k] * tr.grads[2][1];
      expect(tr.grads[1][k]).toBeCloseTo(back, 5);
    }
    t.dispose();
  });
});
