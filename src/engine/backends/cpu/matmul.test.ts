import { afterAll, describe, expect, it } from 'vitest';
import { matmul, matmulJs, matmulSimd, setSimd, simdEnabled } from './matmul';
import { loadSimdKernel, simdMatmulModule } from './simd';
import { Generator } from '../../random';
import { randn } from '../../creation';

function naive(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += (transA ? a[t * m + i] : a[i * k + t]) * (transB ? b[j * k + t] : b[t * n + j]);
    out.push(s);
  }
  return out;
}

const kernels = [['JS', matmulJs], ['WebAssembly SIMD', matmulSimd]] as const;

describe('CPU matmul kernels', () => {
  it('the SIMD module validates in Node and is in use', () => {
    const bytes = simdMatmulModule();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096); // browsers compile modules under 4 KB synchronously on the main thread
    expect(simdEnabled()).toBe(true);
  });

  it('fuses multiply-adds exactly where relaxed SIMD validates, else falls back to plain SIMD', () => {
    const fma = simdMatmulModule(true);
    expect(fma.length).toBeLessThan(4096);
    expect(loadSimdKernel()!.fma).toBe(WebAssembly.validate(fma));
    expect(loadSimdKernel(false)!.fma).toBe(false);
  });

  for (const [name, kernel] of kernels) {
    it(`${name}: matches a naive loop for every transpose, batching and ragged edge`, () => {
      const g = new Generator(11);
      for (const [batch, m, k, n] of [[3, 5, 7, 6], [2, 9, 1, 13], [1, 4, 16, 8], [1, 1, 3, 1], [2, 3, 0, 2]]) {
        const a = Float32Array.from({ length: batch * m * k }, () => g.normal());
        const b = Float32Array.from({ length: batch * k * n }, () => g.normal());
        for (const transA of [false, true]) for (const transB of [false, true]) for (const [aBatched, bBatched] of [[true, true], [true, false], [false, true]]) {
          const out = kernel(a, b, { batch, m, k, n, transA, transB, aBatched, bBatched });
          expect(out.length).toBe(batch * m * n);
          for (let p = 0; p < batch; p++) {
            const expected = naive(a.subarray(aBatched ? p * m * k : 0), b.subarray(bBatched ? p * k * n : 0), m, k, n, transA, transB);
            const got = out.subarray(p * m * n, (p + 1) * m * n);
            for (let i = 0; i < expected.length; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThan(1e-5 * (1 + Math.abs(expected[i])));
          }
        }
      }
    });
  }

  for (const [name, kernel] of kernels) {
    it(`${name}: causal attention's products — a masked output has zeros above the diagonal, a triangular A reads zeros off its triangle`, () => {
      const g = new Generator(12);
      const rand = (n: number) => Float32Array.from({ length: n }, () => g.normal());
      // Zeros above (lower) or below (upper) each T×T block's diagonal.
      const triangle = (x: Float32Array, T: number, lower: boolean) => x.map((v, i) => ((i % T > Math.floor(i / T) % T) === lower ? 0 : v));
      for (const [batch, T, d] of [[2, 7, 5], [3, 64, 32], [1, 13, 9], [2, 1, 3]]) {
        const q = rand(batch * T * d), k = rand(batch * T * d);
        const scores = { batch, m: T, k: d, n: T, transA: false, transB: true, aBatched: true, bBatched: true };
        const masked = kernel(q, k, { ...scores, causal: 'out' });
        const full = kernel(q, k, scores);
        for (let i = 0; i < full.length; i++) expect(masked[i]).toBe(i % T > Math.floor(i / T) % T ? 0 : full[i]);
        // A triangular A counts as zero off its triangle whatever it holds there: w has values above
        // its diagonal, read as is ('aLower') or transposed ('aUpper', as dV = wᵀ·g reads it).
        const w = rand(batch * T * T), v = rand(batch * T * d);
        for (const [transA, causal] of [[false, 'aLower'], [true, 'aUpper']] as const) {
          const mix = { batch, m: T, k: T, n: d, transA, transB: false, aBatched: true, bBatched: true };
          const skipped = kernel(w, v, { ...mix, causal });
          const expected = kernel(triangle(w, T, true), v, mix);
          for (let i = 0; i < expected.length; i++) expect(skipped[i]).toBeCloseTo(expected[i], 5);
        }
      }
    });
  }

  it('both kernels agree to float32 rounding on a 200×300×150 product', () => {
    const g = new Generator(2);
    const a = Float32Array.from({ length: 200 * 300 }, () => g.normal());
    const b = Float32Array.from({ length: 300 * 150 }, () => g.normal());
    const args = { batch: 1, m: 200, k: 300, n: 150, transA: false, transB: false, aBatched: false, bBatched: false };
    const x = matmulJs(a, b, args), y = matmulSimd(a, b, args);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
    expect(worst).toBeLessThan(1e-4); // sums of 300 products of size ~1: float32 accumulation differs by ~1e-5
  });

  it('setSimd(false) switches the tensor path to JS and back', async () => {
    const a = randn([6, 5], { generator: new Generator(1) });
    const simdOut = await a.matmul(a.T).data();
    setSimd(false);
    expect(simdEnabled()).toBe(false);
    const jsOut = await a.matmul(a.T).data();
    setSimd(true);
    for (let i = 0; i < jsOut.length; i++) expect(simdOut[i]).toBeCloseTo(jsOut[i], 5);
    expect(matmul).toBeTypeOf('function');
  });
  afterAll(() => setSimd(true));
});
