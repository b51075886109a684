import { describe, expect, it } from 'vitest';
import { fastGeluGrad, geluLoop } from './loops';
import { loadSimdGelu, simdGeluModule } from './simdGelu';

// Two and a half chunks (4,096 floats each) and a length that is not a multiple of 4.
const n = 10_243;
const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 9);
const g = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.11) * 2);

describe('GELU in WebAssembly SIMD', () => {
  it('the module validates (Node 20 has WebAssembly SIMD)', () => {
    expect(WebAssembly.validate(simdGeluModule())).toBe(true);
  });

  const simd = loadSimdGelu()!;

  it('gelu matches the JS loop within float32 rounding, to the last value', () => {
    const fast = new Float32Array(n).fill(NaN), ref = new Float32Array(n);
    simd.gelu(x, fast);
    geluLoop(x, ref);
    for (let i = 0; i < n; i++) expect(Math.abs(fast[i] - ref[i])).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(ref[i]));
    expect(fast[n - 1]).toBeCloseTo(ref[n - 1], 5);
  });

  it("geluBackward is g · gelu'(x) within float32 rounding", () => {
    const fast = new Float32Array(n).fill(NaN);
    simd.geluBackward(g, x, fast);
    for (let i = 0; i < n; i++) {
      const ref = g[i] * fastGeluGrad(x[i]);
      // For |x| near 9, 1 − tanh² cancels in float32 and the large factor x·(1 + 0.134·x²) scales it up.
      expect(Math.abs(fast[i] - ref)).toBeLessThanOrEqual(1e-5 * Math.abs(g[i]) + 1e-5 * Math.abs(ref));
    }
    expect(fast[n - 1]).toBeCloseTo(g[n - 1] * fastGeluGrad(x[n - 1]), 5);
  });
});
