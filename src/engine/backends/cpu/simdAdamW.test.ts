import { describe, expect, it } from 'vitest';
import { adamwLoop, loadSimdAdamW, simdAdamWModule, type AdamWStep } from './simdAdamW';

// Two and a half chunks (4,096 floats each) and a length that is not a multiple of 4.
const n = 10_243;
const initial = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 2);
const grad = (step: number) => Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.11 + step) * (i % 7 === 0 ? 1e-4 : 3));
const settings = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };
const stepScalars = (t: number): AdamWStep => ({
  decay: 1 - settings.lr * settings.weightDecay, beta1: settings.beta1, beta2: settings.beta2, eps: settings.eps,
  stepSize: settings.lr / (1 - settings.beta1 ** t), sqrtBc2: Math.sqrt(1 - settings.beta2 ** t),
});

/** torch.optim.AdamW's step in float64 from float32 state: the per-parameter JS loop the backend had before. */
function reference(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, t: number): void {
  const { lr, beta1, beta2, eps, weightDecay } = settings;
  const stepSize = lr / (1 - beta1 ** t);
  const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
  for (let i = 0; i < p.length; i++) {
    p[i] *= 1 - lr * weightDecay;
    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
    p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtBc2 + eps);
  }
}

/** Runs 3 steps with `update` and with the reference; every p, m and v within float32 rounding. */
function expectSameAsReference(update: (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWStep) => void) {
  const [p, m, v] = [initial.slice(), new Float32Array(n), new Float32Array(n)];
  const [pr, mr, vr] = [initial.slice(), new Float32Array(n), new Float32Array(n)];
  for (let t = 1; t <= 3; t++) {
    const g = grad(t);
    update(p, g, m, v, stepScalars(t));
    reference(pr, g, mr, vr, t);
  }
  for (const [got, want, what] of [[p, pr, 'p'], [m, mr, 'm'], [v, vr, 'v']] as const) {
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(got[i] - want[i]) <= 1e-7 + 1e-6 * Math.abs(want[i]))) throw new Error(`${what}[${i}]: ${got[i]} vs ${want[i]}`);
    }
  }
  expect(p[n - 1]).not.toBe(initial[n - 1]); // the tail past the last full vector was written
}

describe('AdamW in WebAssembly SIMD', () => {
  it('the module validates (Node 20 has WebAssembly SIMD)', () => {
    expect(WebAssembly.validate(simdAdamWModule())).toBe(true);
  });

  it('matches the per-parameter float64 loop within float32 rounding over 3 steps', () => {
    expectSameAsReference(loadSimdAdamW()!.update);
  });

  it('the JS fallback matches it too', () => {
    expectSameAsReference(adamwLoop);
  });
});
