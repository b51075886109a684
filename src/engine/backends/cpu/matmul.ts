// Batched matrix multiply on Float32Arrays. Both operands are first packed into panels (5 or 4
// rows of A, 8 or 4 columns of B) interleaved along k, so the inner loop reads two contiguous
// streams whatever the transposes were. With WebAssembly SIMD (./simd.ts) a 5×8 output block is
// computed in vector registers; otherwise a 4×4 block lives in 16 JS locals, 16 multiply-adds per 8 loads.
// Column panels are walked in chunks that fit the L2 cache. Large SIMD products can be split
// across worker threads (./threads.ts) with bit-identical results.
import type { MatmulArgs } from '../../backend';
import { KERNEL_ROWS, loadSimdKernel } from './simd';
import { MATMUL_CAUSAL } from '../../../kernels/ops';
import { runBlocks } from './matmulBlocks';
import { growTo } from './wasm';
import { startPool, threadsSupported, type ThreadPool } from './threads';

/** Columns of B per cache chunk: k × NC floats of packed B stay in L2 while every row block uses them. */
const NC = 128;
/** Multiply-adds below which a product stays on one thread (waking the others costs more). */
const THREAD_MIN_WORK = 2 ** 20;

let simd = loadSimdKernel();
let useSimd = simd !== null;
let pool: ThreadPool | null = null;

/** Whether the WebAssembly SIMD kernel is in use; `setSimd(false)` forces the JS kernel (tests, bench). */
export const simdEnabled = () => useSimd;
export function setSimd(on: boolean): void {
  useSimd = on && simd !== null;
}

/** Threads the SIMD matmul uses, the calling one included (1 unless `setThreads` started more). */
export const threadCount = () => pool?.size ?? 1;

/**
 * Splits large SIMD products across `threads` threads (worker threads in Node; browser workers of a
 * cross-origin-isolated page), or back to one with 1. Resolves to the count in use: 1 where the
 * runtime cannot share WebAssembly memory or block a thread, or has no SIMD.
 */
export async function setThreads(threads: number): Promise<number> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a whole number ≥ 1, got ${threads}`);
  pool?.close();
  pool = null;
  if (threads === 1 || !simd || !threadsSupported()) return 1;
  // The workers need the kernel's memory shared; the same module bytes, so the same arithmetic.
  const shared = loadSimdKernel(simd.fma, true);
  if (!shared) return 1;
  pool = await startPool(shared, threads);
  simd = shared;
  return threads;
}

/** The product [batch, m, n], written into `out` when given (every value is overwritten). */
export function matmul(a: Float32Array, b: Float32Array, args: MatmulArgs, out?: Float32Array): Float32Array {
  return useSimd ? matmulSimd(a, b, args, out) : matmulJs(a, b, args, out);
}

export function matmulJs(a: Float32Array, b: Float32Array, args: MatmulArgs, out: Float32Array = new Float32Array(args.batch * args.m * args.n)): Float32Array {
  const { batch, m, k, n, transA, transB, aBatched, bBatched } = args;
  const mBlocks = Math.ceil(m / 4);
  const nBlocks = Math.ceil(n / 4);
  const packedA = new Float32Array(mBlocks * 4 * k);
  const packedB = new Float32Array(nBlocks * 4 * k);
  for (let p = 0; p < batch; p++) {
    if (p === 0 || aBatched) {
      packA(a, aBatched ? p * m * k : 0, m, k, transA, packedA, 0, 4);
      if (args.causal === 'aLower' || args.causal === 'aUpper') zeroTriangle(packedA, 0, m, k, 4, args.causal, true);
    }
    if (p === 0 || bBatched) packB(b, bBatched ? p * k * n : 0, k, n, transB, packedB, 0, 4);
    const oo = p * m * n;
    for (let jc = 0; jc < nBlocks; jc += NC / 4) {
      const jEnd = Math.min(nBlocks, jc + NC / 4);
      for (let ib = 0; ib < mBlocks; ib++) {
        for (let jb = jc; jb < jEnd; jb++) kernel4x4(packedA, ib * 4 * k, packedB, jb * 4 * k, k, out, oo, ib * 4, jb * 4, m, n);
      }
    }
  }
  if (args.causal === 'out') maskAboveDiagonal(out, batch, m, n);
  return out;
}

/**
 * Same result through the WebAssembly kernel: every batch item's panels and padded output live in
 * its memory, then the row blocks are computed (split across threads when a pool runs and the
 * product is large).
 */
export function matmulSimd(a: Float32Array, b: Float32Array, args: MatmulArgs, out: Float32Array = new Float32Array(args.batch * args.m * args.n)): Float32Array {
  const { batch, m, k, n, transA, transB, aBatched, bBatched } = args;
  const { memory, kernel } = simd!;
  const mPad = Math.ceil(m / KERNEL_ROWS) * KERNEL_ROWS;
  const nPad = Math.ceil(n / 8) * 8;
  const aCount = aBatched ? batch : 1, bCount = bBatched ? batch : 1;
  const aStep = aBatched ? mPad * k : 0, bStep = bBatched ? nPad * k : 0, outStep = mPad * nPad;
  const aAt = 0, bAt = aAt + aCount * mPad * k, outAt = bAt + bCount * nPad * k;
  // The operands are staged in the module's memory, as they are, and packed there in SIMD.
  const aSrc = outAt + batch * outStep, bSrc = aSrc + aCount * m * k;
  const bytes = 4 * (bSrc + bCount * k * n);
  growTo(memory, bytes);
  const heap = new Float32Array(memory.buffer);
  heap.set(a.subarray(0, aCount * m * k), aSrc);
  heap.set(b.subarray(0, bCount * k * n), bSrc);
  for (let p = 0; p < aCount; p++) {
    packStaged(heap, aSrc + p * m * k, m, k, !transA, aAt + p * aStep, KERNEL_ROWS);
    if (args.causal === 'aLower' || args.causal === 'aUpper') zeroTriangle(heap, aAt + p * aStep, m, k, KERNEL_ROWS, args.causal);
  }
  for (let p = 0; p < bCount; p++) packStaged(heap, bSrc + p * k * n, n, k, transB, bAt + p * bStep, 8);
  const job = Int32Array.of(aAt, bAt, outAt, k, KERNEL_ROWS, mPad / KERNEL_ROWS, nPad, aStep, bStep, outStep, MATMUL_CAUSAL.indexOf(args.causal ?? 'none')); // runBlocks's order
  const blocks = batch * (mPad / KERNEL_ROWS);
  if (pool && batch * m * k * n >= THREAD_MIN_WORK && blocks >= pool.size) pool.run(kernel, job, blocks);
  else runBlocks(kernel, job, 0, blocks);
  for (let p = 0; p < batch; p++) {
    const at = outAt + p * outStep, oo = p * m * n;
    if (nPad === n) out.set(heap.subarray(at, at + m * n), oo); // no padding columns: one copy
    else for (let i = 0; i < m; i++) out.set(heap.subarray(at + i * nPad, at + i * nPad + n), oo + i * n);
  }
  // A masked output's skipped tiles hold stale values, and the diagonal tiles computed a few past it.
  if (args.causal === 'out') maskAboveDiagonal(out, batch, m, n);
  return out;
}

/**
 * Zeroes the packed A entries a triangular A counts as zero (kk > i for 'aLower', kk < i for
 * 'aUpper'): all of them (`whole`, for the JS kernel) or those the SIMD kernel still reads, inside
 * each row block's own k range (./matmulBlocks.ts skips the rest).
 */
function zeroTriangle(panels: Float32Array, at: number, m: number, k: number, h: number, causal: 'aLower' | 'aUpper', whole = false): void {
  for (let i = 0; i < m; i++) {
    const i0 = i - (i % h), base = at + i0 * k + (i % h);
    const [from, to] = causal === 'aLower' ? [i + 1, whole ? k : Math.min(i0 + h, k)] : [whole ? 0 : i0, Math.min(i, k)];
    for (let kk = from; kk < to; kk++) panels[base + kk * h] = 0;
  }
}

/** out[p][i][j] = 0 for j > i: the masked product of causal attention's scores. */
function maskAboveDiagonal(out: Float32Array, batch: number, m: number, n: number): void {
  for (let p = 0; p < batch; p++) {
    for (let i = 0, row = p * m * n; i < m; i++, row += n) out.fill(0, row + Math.min(i + 1, n), row + n);
  }
}

/**
 * Packs `count` rows of length k into panels of w rows at `at`, from an operand staged in the
 * module's memory at `src` (floats): with `alongRows` the panels' rows are the operand's rows
 * ([count, k]: A, or a transposed B), else its columns ([k, count]). Whole panels go through the
 * module's SIMD packers; the last, partial panel (zero-padded) and a k past a multiple of 4 in JS.
 */
function packStaged(heap: Float32Array, src: number, count: number, k: number, alongRows: boolean, at: number, w: 5 | 8): void {
  const { copy, transpose } = simd!;
  const full = Math.floor(count / w), k4 = k - (k % 4);
  for (let p = 0; p < full; p++) {
    const dst = at + p * w * k;
    if (!alongRows) {
      copy[w](4 * (src + p * w), 4 * dst, k, 4 * count);
      continue;
    }
    transpose[w](4 * (src + p * w * k), 4 * dst, k4, 4 * k);
    for (let kk = k4; kk < k; kk++) for (let r = 0; r < w; r++) heap[dst + kk * w + r] = heap[src + (p * w + r) * k + kk];
  }
  const rest = count - full * w;
  if (!rest) return;
  const dst = at + full * w * k;
  heap.fill(0, dst, dst + w * k);
  for (let r = 0; r < rest; r++) {
    const i = full * w + r;
    for (let kk = 0; kk < k; kk++) heap[dst + kk * w + r] = alongRows ? heap[src + i * k + kk] : heap[src + kk * count + i];
  }
}

/** panel[ib][kk][r] = A[ib·h + r, kk] (zero past the last row); A is [m, k], or [k, m] when transposed. */
function packA(a: Float32Array, ao: number, m: number, k: number, trans: boolean, out: Float32Array, at: number, h: number): void {
  if (m % h) out.fill(0, at + Math.floor(m / h) * h * k, at + Math.ceil(m / h) * h * k); // only the last panel pads
  if (trans) {
    // read A's rows (contiguous), h values at a time into each panel
    for (let kk = 0; kk < k; kk++) {
      const src = ao + kk * m;
      for (let i0 = 0; i0 < m; i0 += h) {
        const dst = at + i0 * k + kk * h;
        const rows = Math.min(h, m - i0);
        for (let r = 0; r < rows; r++) out[dst + r] = a[src + i0 + r];
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const base = at + Math.floor(i / h) * h * k + (i % h);
    for (let kk = 0, src = ao + i * k; kk < k; kk++) out[base + kk * h] = a[src + kk];
  }
}

/** panel[jb][kk][c] = B[kk, jb·w + c] (zero past the last column); B is [k, n], or [n, k] when transposed. */
function packB(b: Float32Array, bo: number, k: number, n: number, trans: boolean, out: Float32Array, at: number, w: number): void {
  if (n % w) out.fill(0, at + Math.floor(n / w) * w * k, at + Math.ceil(n / w) * w * k); // only the last panel pads
  if (!trans) {
    // read B's rows (contiguous), w values at a time into each panel
    for (let kk = 0; kk < k; kk++) {
      const src = bo + kk * n;
      for (let j0 = 0; j0 < n; j0 += w) {
        const dst = at + j0 * k + kk * w;
        const cols = Math.min(w, n - j0);
        for (let c = 0; c < cols; c++) out[dst + c] = b[src + j0 + c];
      }
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const base = at + Math.floor(j / w) * w * k + (j % w);
    for (let kk = 0, src = bo + j * k; kk < k; kk++) out[base + kk * w] = b[src + kk];
  }
}

/** out[i0..i0+3, j0..j0+3] = panelA · panelB, clipped to the output's edges. */
function kernel4x4(pa: Float32Array, ao: number, pb: Float32Array, bo: number, k: number,
  out: Float32Array, oo: number, i0: number, j0: number, m: number, n: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let kk = 0; kk < k; kk++) {
    const x = ao + kk * 4, y = bo + kk * 4;
    const a0 = pa[x], a1 = pa[x + 1], a2 = pa[x + 2], a3 = pa[x + 3];
    const b0 = pb[y], b1 = pb[y + 1], b2 = pb[y + 2], b3 = pb[y + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  const rows = Math.min(4, m - i0), cols = Math.min(4, n - j0);
  if (rows === 4 && cols === 4) {
    let o = oo + i0 * n + j0;
    out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03; o += n;
    out[o] = c10; out[o + 1] = c11; out[o + 2] = c12; out[o + 3] = c13; o += n;
    out[o] = c20; out[o + 1] = c21; out[o + 2] = c22; out[o + 3] = c23; o += n;
    out[o] = c30; out[o + 1] = c31; out[o + 2] = c32; out[o + 3] = c33;
    return;
  }
  const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < rows; r++) {
    const o = oo + (i0 + r) * n + j0;
    for (let c = 0; c < cols; c++) out[o + c] = block[r * 4 + c];
  }
}
