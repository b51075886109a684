import { describe, expect, it } from 'vitest';
import { loadSimdOptim, optimLoops, simdOptimModule, type AdamWStep, type OptimKernels } from './simdOptim';

// Two and a half chunks (4,096 floats each) and a length that is not a multiple of 4.
const n = 10_243;
const initial = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 2);
const grad = (step: number) => Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.11 + step) * (i % 7 === 0 ? 1e-4 : 3));
const settings = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };
const stepScalars = (t: number): AdamWStep => ({
  decay: 1 - settings.lr * settings.weightDecay, beta1: settings.beta1, beta2: settings.beta2, eps: settings.eps,
  stepSize: settings.lr / (1 - settings.beta1 ** t), sqrtBc2: Math.sqrt(1 - settings.beta2 ** t),
});

/** torch.optim.AdamW's step in float64 from float32 state: the CPU backend's per-parameter loop before the one-call update. */
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

const implementations: [string, OptimKernels][] = [['WebAssembly SIMD', loadSimdOptim()!], ['the JS fallback', optimLoops]];

describe('the optimizer tail in WebAssembly SIMD', () => {
  it('the module validates (Node 20 has WebAssembly SIMD)', () => {
    expect(WebAssembly.validate(simdOptimModule())).toBe(true);
  });

  describe.each(implementations)('%s', (_, kernels) => {
    it("adamw gives the backend's old per-parameter loop to the bit over 3 steps", () => {
      const [p, m, v] = [initial.slice(), new Float32Array(n), new Float32Array(n)];
      const [pr, mr, vr] = [initial.slice(), new Float32Array(n), new Float32Array(n)];
      for (let t = 1; t <= 3; t++) {
        const g = grad(t);
        kernels.adamw(p, g, m, v, stepScalars(t));
        reference(pr, g, mr, vr, t);
      }
      expect([p, m, v]).toEqual([pr, mr, vr]);
      expect(p[n - 1]).not.toBe(initial[n - 1]); // the tail past the last full vector was written
    });

    it('sumOfSquares is the float64 sum (the tail past the last full vector counted once, stale lanes not at all)', () => {
      kernels.scale(initial.slice(), 3); // leaves values in the chunk past a length of 10_243
      for (const length of [n, 1, 6, 0]) {
        const x = initial.subarray(0, length);
        const want = x.reduce((s, xi) => s + xi * xi, 0);
        expect(Math.abs(kernels.sumOfSquares(x) - want)).toBeLessThanOrEqual(1e-12 * want);
      }
    });

    it('scale multiplies in float32, to the last value', () => {
      const x = initial.slice();
      const factor = Math.fround(0.37);
      kernels.scale(x, factor);
      expect(Array.from(x)).toEqual(Array.from(initial, (xi) => Math.fround(xi * factor)));
    });
  });
});
