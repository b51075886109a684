// Batched matrix multiply on Float32Arrays. The loops are ordered so the innermost one walks
// memory contiguously for every combination of transposed operands.
import type { MatmulArgs } from '../../backend';

export function matmul(a: Float32Array, b: Float32Array, args: MatmulArgs): Float32Array {
  const { batch, m, k, n, transA, transB, aBatched, bBatched } = args;
  const out = new Float32Array(batch * m * n);
  for (let p = 0; p < batch; p++) {
    const ao = aBatched ? p * m * k : 0;
    const bo = bBatched ? p * k * n : 0;
    const oo = p * m * n;
    if (transB) dotRows(a, ao, b, bo, out, oo, m, k, n, transA);
    else axpyRows(a, ao, b, bo, out, oo, m, k, n, transA);
  }
  return out;
}

/** out[i, :] += a[i, kk] * b[kk, :] — b rows are contiguous. */
function axpyRows(a: Float32Array, ao: number, b: Float32Array, bo: number, out: Float32Array, oo: number,
  m: number, k: number, n: number, transA: boolean): void {
  for (let i = 0; i < m; i++) {
    const row = oo + i * n;
    for (let kk = 0; kk < k; kk++) {
      const aik = transA ? a[ao + kk * m + i] : a[ao + i * k + kk];
      if (aik === 0) continue;
      const brow = bo + kk * n;
      for (let j = 0; j < n; j++) out[row + j] += aik * b[brow + j];
    }
  }
}

/** out[i, j] = a[i, :] · b[j, :] — b is stored as [n, k]. */
function dotRows(a: Float32Array, ao: number, b: Float32Array, bo: number, out: Float32Array, oo: number,
  m: number, k: number, n: number, transA: boolean): void {
  let arow: Float32Array = new Float32Array(k);
  for (let i = 0; i < m; i++) {
    if (transA) for (let kk = 0; kk < k; kk++) arow[kk] = a[ao + kk * m + i];
    else arow = a.subarray(ao + i * k, ao + (i + 1) * k);
    for (let j = 0; j < n; j++) {
      const brow = bo + j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let kk = 0;
      for (; kk + 3 < k; kk += 4) {
        s0 += arow[kk] * b[brow + kk];
        s1 += arow[kk + 1] * b[brow + kk + 1];
        s2 += arow[kk + 2] * b[brow + kk + 2];
        s3 += arow[kk + 3] * b[brow + kk + 3];
      }
      for (; kk < k; kk++) s0 += arow[kk] * b[brow + kk];
      out[oo + i * n + j] = s0 + s1 + s2 + s3;
    }
  }
}
