import { describe, expect, test } from 'vitest';
import {
  bradleyTerry,
  expectedRewardGradient,
  groupAdvantages,
  klDivergence,
  klFromLogits,
  klGradLogits,
  linearBradleyTerry,
  logProbGrad,
  reinforceGradient,
  reinforceStep,
  sampleIndex,
  softmax,
} from './index';

const H = 1e-5;

/** Central finite differences of f at x, one coordinate at a time. */
function numericGrad(f: (x: Float64Array) => number, x: ArrayLike<number>): Float64Array {
  const base = Float64Array.from(x as ArrayLike<number>);
  return base.map((_, i) => {
    const up = Float64Array.from(base);
    const down = Float64Array.from(base);
    up[i] += H;
    down[i] -= H;
    return (f(up) - f(down)) / (2 * H);
  });
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Bradley–Terry', () => {
  test('loss and probability by hand: equal scores give ln 2 and 1/2', () => {
    const bt = bradleyTerry(1.5, 1.5);
    expect(bt.loss).toBeCloseTo(Math.log(2), 12);
    expect(bt.pChosen).toBe(0.5);
    expect(bradleyTerry(2, 0).loss).toBeCloseTo(-Math.log(1 / (1 + Math.exp(-2))), 12);
  });

  test('stays finite for huge margins', () => {
    expect(bradleyTerry(1000, 0).loss).toBeCloseTo(0, 12);
    expect(bradleyTerry(0, 1000).loss).toBeCloseTo(1000, 9);
  });

  test('gradients in the scores match finite differences', () => {
    for (const [a, b] of [[0.3, -1.2], [2, 5], [-4, -4.5]]) {
      const bt = bradleyTerry(a, b);
      const num = numericGrad((x) => bradleyTerry(x[0], x[1]).loss, [a, b]);
      expect(bt.dChosen).toBeCloseTo(num[0], 7);
      expect(bt.dRejected).toBeCloseTo(num[1], 7);
    }
  });

  test('linear reward model: gradient in the weights matches finite differences', () => {
    const r = rng(3);
    const pairs = Array.from({ length: 7 }, () => ({
      chosen: Array.from({ length: 4 }, () => r() * 3),
      rejected: Array.from({ length: 4 }, () => r() * 3),
    }));
    const w = [0.2, -0.7, 1.1, 0.05];
    const { grad } = linearBradleyTerry(w, pairs, 0.01);
    const num = numericGrad((x) => linearBradleyTerry(x, pairs, 0.01).loss, w);
    for (let i = 0; i < w.length; i++) expect(grad[i]).toBeCloseTo(num[i], 7);
  });
});

describe('KL divergence', () => {
  test('by hand, zero for equal distributions, infinite where q has no mass', () => {
    expect(klDivergence([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 12);
    expect(klDivergence([0.2, 0.8], [0.2, 0.8])).toBe(0);
    expect(klDivergence([0, 1], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(() => klDivergence([1], [0.5, 0.5])).toThrow(/1 entries but q has 2/);
  });

  test('from logits equals from probabilities, and is not symmetric', () => {
    const zp = [1, 2, -0.5];
    const zq = [0, 0.3, 2];
    expect(klFromLogits(zp, zq)).toBeCloseTo(klDivergence(softmax(zp), softmax(zq)), 12);
    expect(klFromLogits(zp, zq)).not.toBeCloseTo(klFromLogits(zq, zp), 3);
  });

  test('gradient in the logits matches finite differences', () => {
    const z = [0.4, -1, 2, 0.1];
    const q = softmax([1, 1, 0, -2]);
    const g = klGradLogits(z, q);
    const num = numericGrad((x) => klDivergence(softmax(x), q), z);
    for (let i = 0; i < z.length; i++) expect(g[i]).toBeCloseTo(num[i], 7);
  });
});

describe('GRPO group advantages', () => {
  test('each reward against its own group: mean 0, spread 1; an all-equal group gets zeros', () => {
    const a = groupAdvantages([1, 0, 0, 0]);
    // mean 0.25, standard deviation √0.1875
    expect(a[0]).toBeCloseTo(0.75 / Math.sqrt(0.1875), 12);
    expect(a[1]).toBeCloseTo(-0.25 / Math.sqrt(0.1875), 12);
    expect(a.reduce((s, x) => s + x, 0)).toBeCloseTo(0, 12);
    expect(a.reduce((s, x) => s + x * x, 0) / a.length).toBeCloseTo(1, 12);
    expect(groupAdvantages([1, 1, 1])).toEqual([0, 0, 0]);
    expect(groupAdvantages([0, 0])).toEqual([0, 0]);
    expect(groupAdvantages([1])).toEqual([0]);
  });
});

describe('REINFORCE', () => {
  test('∇ log π(a) matches finite differences', () => {
    const z = [0.1, 1.3, -0.4];
    const num = numericGrad((x) => Math.log(softmax(x)[2]), z);
    const g = logProbGrad(z, 2);
    for (let i = 0; i < 3; i++) expect(g[i]).toBeCloseTo(num[i], 7);
  });

  test('the exact expected-reward gradient matches finite differences of E[r]', () => {
    const z = [0.5, -0.2, 0.9, 0];
    const rewardOf = [1, 0, -2, 3];
    const expected = (x: Float64Array) => softmax(x).reduce((s, p, a) => s + p * rewardOf[a], 0);
    const num = numericGrad(expected, z);
    const g = expectedRewardGradient(z, rewardOf);
    for (let i = 0; i < z.length; i++) expect(g[i]).toBeCloseTo(num[i], 7);
  });

  test('weighting every action by its probability recovers the exact gradient (unbiased)', () => {
    // With a fixed baseline, E[(r − b)(onehot(a) − π)] = ∇E[r] for any b.
    const z = [0.3, 1, -1];
    const rewardOf = [2, -1, 0.5];
    const p = softmax(z);
    const exact = expectedRewardGradient(z, rewardOf);
    const avg = new Float64Array(3);
    for (let a = 0; a < 3; a++) {
      const g = reinforceGradient(z, [a], [rewardOf[a]], 0.7);
      for (let k = 0; k < 3; k++) avg[k] += p[a] * g[k];
    }
    for (let k = 0; k < 3; k++) expect(avg[k]).toBeCloseTo(exact[k], 12);
  });

  test('a reward the same for every sample gives no gradient with the mean baseline', () => {
    const g = reinforceGradient([0, 1, 2], [0, 2, 2, 1], [5, 5, 5, 5]);
    for (const x of g) expect(x).toBe(0);
  });

  test('converges on a 4-armed bandit to the best arm', () => {
    const armReward = [0.2, 0.5, 0.9, 0.1]; // success probabilities
    const r = rng(11);
    let z: Float64Array = new Float64Array(4);
    for (let step = 0; step < 400; step++) {
      const p = softmax(z);
      const actions = Array.from({ length: 16 }, () => sampleIndex(p, r()));
      const rewards = actions.map((a) => (r() < armReward[a] ? 1 : 0));
      z = reinforceStep(z, actions, rewards, 0.5);
    }
    const p = softmax(z);
    expect(p[2]).toBeGreaterThan(0.95);
  });

  test('sampleIndex follows the cumulative probabilities', () => {
    expect(sampleIndex([0.2, 0.5, 0.3], 0.1)).toBe(0);
    expect(sampleIndex([0.2, 0.5, 0.3], 0.69)).toBe(1);
    expect(sampleIndex([0.2, 0.5, 0.3], 0.71)).toBe(2);
  });
});
