import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpuBackend';
import { loadSimdSoftmax, simdSoftmaxModule } from './simdSoftmax';

const values = (n: number, spread: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * spread + Math.cos(i * 1.3));

/** Softmax in float64, as the CPU backend defines it (scale, causal: row r sees columns ≤ r mod cols). */
function softmaxRef(x: Float32Array, rows: number, cols: number, scale: number, causal: boolean): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const seen = causal ? (r % cols) + 1 : cols;
    let max = -Infinity;
    for (let c = 0; c < seen; c++) max = Math.max(max, scale * x[r * cols + c]);
    let sum = 0;
    for (let c = 0; c < seen; c++) sum += Math.exp(scale * x[r * cols + c] - max);
    for (let c = 0; c < seen; c++) out[r * cols + c] = Math.exp(scale * x[r * cols + c] - max) / sum;
  }
  return out;
}

function softmaxBackwardRef(y: Float32Array, g: Float32Array, rows: number, cols: number, scale: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += g[r * cols + c] * y[r * cols + c];
    for (let c = 0; c < cols; c++) out[r * cols + c] = scale * y[r * cols + c] * (g[r * cols + c] - dot);
  }
  return out;
}

/**
 * Within a few float32 ulps of the float64 value (and exactly 0 where it is 0: masked columns).
 * exp's argument x − max is rounded to float32 first, an error of |x − max| ulps in its result,
 * and |x − max| ≈ |ln p| for a probability p: the bound grows with it.
 */
function expectClose(got: Float32Array, ref: Float64Array, ulps: number): void {
  for (let i = 0; i < ref.length; i++) {
    if (ref[i] === 0) expect(got[i]).toBe(0);
    else expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual((ulps + Math.abs(Math.log(ref[i]))) * 6e-8 * Math.abs(ref[i]) + 1e-12);
  }
}

describe('softmax in WebAssembly SIMD', () => {
  it('the module validates (Node 20 has WebAssembly SIMD)', () => {
    expect(WebAssembly.validate(simdSoftmaxModule())).toBe(true);
  });

  const simd = loadSimdSoftmax()!;
  // causal blocks over several chunks of rows (4,096 floats), rows a chunk does not divide, the
  // widest row it takes, logits spread far enough that exp underflows to nearly 0
  const cases: [rows: number, cols: number, scale: number, causal: boolean, spread: number][] = [
    [3 * 64 + 5, 64, 0.17677669529663687, true, 4],
    [70, 12, 1, false, 3],
    [9, 4, 1, true, 1],
    [5, 1028, 0.5, true, 30],
    [3, 4096, 1, false, 60],
  ];

  it('forward matches a float64 softmax within 8 ulps (plus the rounding of exp\'s argument), masked columns exactly 0', () => {
    for (const [rows, cols, scale, causal, spread] of cases) {
      const x = values(rows * cols, spread);
      const out = new Float32Array(rows * cols).fill(NaN);
      simd.forward(x, rows, cols, scale, causal, out);
      expectClose(out, softmaxRef(x, rows, cols, scale, causal), 8);
    }
  });

  it('−∞ scores (a mask written into the scores) give exactly 0, as Math.exp does', () => {
    const x = values(6 * 16, 5).map((v, i) => (i % 5 === 2 ? -Infinity : v));
    const out = new Float32Array(6 * 16).fill(NaN);
    simd.forward(x, 6, 16, 1, false, out);
    expectClose(out, softmaxRef(x, 6, 16, 1, false), 8);
    expect(out.filter((v) => v === 0).length).toBe(x.filter((v) => v === -Infinity).length);
  });

  it('backward matches scale·y·(g − Σ g·y) in float64 to float32 rounding of the row sums', () => {
    for (const [rows, cols, scale, causal] of cases) {
      const y = Float32Array.from(softmaxRef(values(rows * cols, 2), rows, cols, 1, causal));
      const g = values(rows * cols, 0.5).map((v) => v * 0.1);
      const out = new Float32Array(rows * cols).fill(NaN);
      simd.backward(y, g, rows, cols, scale, out);
      const ref = softmaxBackwardRef(y, g, rows, cols, scale);
      // the dot product runs in float32 lanes: its rounding (~cols ulps of |g|) carries into every value
      for (let i = 0; i < ref.length; i++) expect(Math.abs(out[i] - ref[i])).toBeLessThanOrEqual(1e-7 * scale * y[i] * cols * 0.1 + 4e-7 * Math.abs(ref[i]) + 1e-12);
    }
  });

  it('the backend uses it for rows of a multiple of 4 and the JS loop for others, with the same values', () => {
    const be = new CpuBackend();
    for (const cols of [8, 6]) {
      const x = values(4 * cols, 3);
      expectClose(be.peek(be.softmax(be.fromArray(x), 4 * 2, cols / 2, 0.5, true)), softmaxRef(x, 4 * 2, cols / 2, 0.5, true), 8);
      expectClose(be.peek(be.softmax(be.fromArray(x), 4, cols)), softmaxRef(x, 4, cols, 1, false), 8);
    }
  });
});
