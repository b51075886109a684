import { describe, expect, it } from 'vitest';
import { makeDataset, splitPoints } from './datasets';
import { confidentOutside, DEFAULT_CONFIG, diagnose, gridPoints, N_POINTS, neuronShade, Trainer } from './mlpPlayground';

describe('MlpPlayground trainer on the engine', () => {
  it('the default net learns xor: > 95% accuracy after 300 steps', async () => {
    const pts = makeDataset('xor', N_POINTS, DEFAULT_CONFIG.noise, DEFAULT_CONFIG.seed);
    expect(DEFAULT_CONFIG.optimizer).toBe('sgd');
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

describe('MlpPlayground maps and diagnosis', () => {
  it('the neuron maps are the network: a grid cell holds what a trace of that point computes', async () => {
    const t = new Trainer({ ...DEFAULT_CONFIG, hidden: [3, 2] }, makeDataset('xor', 40, 0, 5));
    await t.train(20);
    const res = 6;
    const extent = 3;
    const { boundary, neuronMaps } = await t.maps(res, extent);
    expect(neuronMaps.map((l) => l.length)).toEqual([3, 2]);
    const grid = gridPoints(res, extent);
    expect(grid[0]).toEqual([-2.5, 2.5]); // the top-left cell's centre
    for (const cell of [0, 7, 20, 35]) {
      const [x, y] = grid[cell];
      t.points = [{ x, y, label: 0 }];
      const tr = await t.trace(0);
      for (let l = 0; l < 2; l++) neuronMaps[l].forEach((map, j) => expect(map[cell]).toBeCloseTo(tr.activations[l + 1][j], 5));
      expect(boundary[cell]).toBeCloseTo(tr.probability, 5);
    }
    t.dispose();
  });

  it('a snapshot scores the training and the held-out points separately', async () => {
    const pts = makeDataset('circles', 60, 0.1, 2);
    const { train, test } = splitPoints(pts, 0.5, 2);
    const t = new Trainer({ ...DEFAULT_CONFIG, dataset: 'circles' }, train, test);
    const s = await t.snapshot({ res: 4, extent: 1 });
    const onTrain = new Trainer({ ...DEFAULT_CONFIG, dataset: 'circles' }, train);
    const onTest = new Trainer({ ...DEFAULT_CONFIG, dataset: 'circles' }, test);
    expect(s.loss).toBeCloseTo((await onTrain.evaluate()).loss, 6);
    expect(s.testLoss).toBeCloseTo((await onTest.evaluate()).loss, 6);
    expect(s.testAccuracy).toBe((await onTest.evaluate()).accuracy);
    expect(s.testLoss).not.toBeCloseTo(s.loss, 4);
    const none = await onTrain.snapshot({ res: 4, extent: 1 });
    expect(none.testLoss).toBeNaN();
    for (const x of [t, onTrain, onTest]) x.dispose();
  });

  it('few noisy points and a big network overfit: training accuracy runs far ahead of test accuracy (seeds 1–3)', async () => {
    for (const seed of [1, 2, 3]) {
      const cfg = { ...DEFAULT_CONFIG, dataset: 'circles' as const, noise: 0.3, trainShare: 0.1, hidden: [8, 8, 8], seed };
      const { train, test } = splitPoints(makeDataset('circles', N_POINTS, cfg.noise, cfg.seed), cfg.trainShare, cfg.seed);
      expect(train).toHaveLength(20);
      const t = new Trainer(cfg, train, test);
      await t.train(2000);
      const s = await t.snapshot({ res: 4, extent: 1 });
      expect(s.accuracy).toBeGreaterThanOrEqual(0.9);
      expect(s.testAccuracy).toBeGreaterThan(0.6);
      expect(s.testAccuracy).toBeLessThan(0.75);
      expect(s.testLoss).toBeGreaterThan(5 * s.loss);
      t.dispose();
    }
  }, 60_000);

  it('diagnose counts neurons that ignore the input and spots a constant output', () => {
    const alive = [[[0, 0.3], [0, 0.9], [0, -0.2]]]; // neuron 0 is 0 at every point: dead
    expect(diagnose(alive, [0.2, 0.7, 0.4])).toEqual({ deadNeurons: 1, hiddenNeurons: 2, outputSpread: expect.closeTo(0.5, 6), collapsed: false });
    const dead = diagnose([[[0, 0], [0, 0], [0, 0]], [[1], [1], [1]]], [0.5, 0.503, 0.499]);
    expect(dead).toMatchObject({ deadNeurons: 3, hiddenNeurons: 3, collapsed: true });
    expect(dead.outputSpread).toBeCloseTo(0.004, 6);
    expect(diagnose([], [0.5, 0.5]).collapsed).toBe(true); // no hidden layer, yet a constant output
  });

  it('neuron shades: neutral is the background, high is blue (< 0.5), low orange; a dead ReLU is blank', () => {
    expect([...neuronShade([-1, 0, 1], 'tanh')]).toEqual([1, 0.5, 0]);
    expect([...neuronShade([0, 0.5, 1], 'sigmoid')]).toEqual([1, 0.5, 0]);
    expect([...neuronShade([0, 2, 4], 'relu')]).toEqual([0.5, 0.25, 0]);
    expect([...neuronShade([0, 0, 0], 'relu')]).toEqual([0.5, 0.5, 0.5]);
  });

  it('confidentOutside measures certainty only outside the data square', () => {
    const res = 6;
    const grid = gridPoints(res, 3); // cells centred at ±0.5 are inside [-1, 1]²; the other 32 outside
    const sureEverywhere = grid.map(() => 0.97);
    expect(confidentOutside(sureEverywhere, res, 3)).toBe(1);
    const unsureOutside = grid.map(([x, y]) => (Math.abs(x) <= 1 && Math.abs(y) <= 1 ? 1 : 0.6));
    expect(confidentOutside(unsureOutside, res, 3)).toBe(0);
    const half = grid.map(([x]) => (x < 0 ? 0.02 : 0.5));
    expect(confidentOutside(half, res, 3)).toBe(0.5);
  });
});
