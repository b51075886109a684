import { describe, expect, it } from 'vitest';
import { loadSimdLayerNorm, simdLayerNormModule } from './simdLayerNorm';

/** float64 LayerNorm forward and backward of one [rows, cols] case, straight from the definitions. */
function reference(x: Float32Array, w: Float32Array, b: Float32Array, g: Float32Array, rows: number, cols: number, eps: number) {
  const out = new Float64Array(rows * cols), dx = new Float64Array(rows * cols);
  const dw = new Float64Array(cols), db = new Float64Array(cols), mean = new Float64Array(rows), rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
    const mu = row.reduce((s, v) => s + v, 0) / cols;
    const rs = 1 / Math.sqrt(row.reduce((s, v) => s + (v - mu) ** 2, 0) / cols + eps);
    const xhat = row.map((v) => (v - mu) * rs);
    const d = xhat.map((_, c) => g[r * cols + c] * w[c]);
    const meanD = d.reduce((s, v) => s + v, 0) / cols;
    const meanDX = d.reduce((s, v, c) => s + v * xhat[c], 0) / cols;
    xhat.forEach((xh, c) => {
      out[r * cols + c] = xh * w[c] + b[c];
      dx[r * cols + c] = rs * (d[c] - meanD - xh * meanDX);
      dw[c] += g[r * cols + c] * xh;
      db[c] += g[r * cols + c];
    });
    mean[r] = mu;
    rstd[r] = rs;
  }
  return { out, mean, rstd, dx, dw, db };
}

const expectClose = (got: Float32Array, want: Float64Array, tol: number) => {
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i])));
};

describe('LayerNorm in WebAssembly SIMD', () => {
  it('the module validates', () => expect(WebAssembly.validate(simdLayerNormModule())).toBe(true));

  const simd = loadSimdLayerNorm()!;
  for (const [rows, cols] of [[37, 128], [3, 4], [5, 516]]) {
    it(`forward and backward of ${rows} × ${cols} match a float64 reference`, () => {
      const rand = (n: number, seed: number, scale = 1, offset = 0) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * scale + offset);
      const x = rand(rows * cols, 1, 3, 2), w = rand(cols, 2, 0.3, 1), b = rand(cols, 3, 0.1), g = rand(rows * cols, 4);
      const want = reference(x, w, b, g, rows, cols, 1e-5);
      const out = new Float32Array(rows * cols).fill(NaN), mean = new Float32Array(rows), rstd = new Float32Array(rows);
      simd.forward(x, w, b, rows, cols, 1e-5, out, mean, rstd);
      expectClose(out, want.out, 1e-5);
      expectClose(mean, want.mean, 1e-6);
      expectClose(rstd, want.rstd, 1e-5);
      const dx = new Float32Array(rows * cols).fill(NaN), dw = new Float32Array(cols).fill(NaN), db = new Float32Array(cols).fill(NaN);
      simd.backward(g, x, w, mean, rstd, rows, cols, dx, dw, db);
      expectClose(dx, want.dx, 1e-5);
      expectClose(dw, want.dw, 1e-5);
      expectClose(db, want.db, 1e-5);
    });
  }
});
