// LayerNorm forward and backward in WebAssembly SIMD, four columns at a time, for rows whose
// length is a multiple of 4 (the JS loops in ./cpuBackend.ts take the others). The formulas are
// the JS loops' ones; sums run in four float32 lanes added at the end of each row, as PyTorch's
// float32 kernels sum in vector lanes too. Per-row statistics are stored interleaved,
// [mean, 1/std] per row.
import { F32, I32, V128, columns, growTo, instantiate, laneSum, op, wasmModule } from './wasm';

/** Emits the loop over rows: `body`, then every pointer in `advance` moves on by its step local or constant. */
function rowsLoop(r: number, rows: number, body: number[], advance: [ptr: number, step: number[]][]): number[] {
  return [
    ...op.i32Const(0), ...op.localSet(r),
    ...op.block, ...op.loop,
    ...op.localGet(r), ...op.localGet(rows), ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...advance.flatMap(([p, step]) => [...op.localGet(p), ...step, ...op.i32Add, ...op.localSet(p)]),
    ...op.localGet(r), ...op.i32Const(1), ...op.i32Add, ...op.localSet(r),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
}

/** v128 at byte address (local ptr + local c). */
const load = (ptr: number, c: number) => [...op.localGet(ptr), ...op.localGet(c), ...op.i32Add, ...op.v128Load(0)];
const ZERO = op.f32x4Const(0);

// layerNorm(x, w, b, out, stats, rows, cols, eps)
const forward = (() => {
  const [x, w, b, out, stats, rows, cols, eps] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [r, c, rowBytes] = [8, 9, 10]; // i32
  const [mu, rs] = [11, 12]; // f32
  const [acc, v, mu4, rs4] = [13, 14, 15, 16]; // v128
  const addr = (p: number) => [...op.localGet(p), ...op.localGet(c), ...op.i32Add];
  return {
    name: 'layerNorm', params: [I32, I32, I32, I32, I32, I32, I32, F32], locals: [[3, I32], [2, F32], [4, V128]] as [number, number][],
    code: [
      ...op.localGet(cols), ...op.i32Const(4), ...op.i32Mul, ...op.localSet(rowBytes),
      ...rowsLoop(r, rows, [
        ...ZERO, ...op.localSet(acc),
        ...columns(c, rowBytes, [...op.localGet(acc), ...load(x, c), ...op.f32x4Add, ...op.localSet(acc)]),
        ...laneSum(acc), ...op.localGet(cols), ...op.f32ConvertI32U, ...op.f32Div, ...op.localTee(mu), ...op.f32x4Splat, ...op.localSet(mu4),
        ...ZERO, ...op.localSet(acc),
        ...columns(c, rowBytes, [
          ...load(x, c), ...op.localGet(mu4), ...op.f32x4Sub, ...op.localTee(v), ...op.localGet(v), ...op.f32x4Mul,
          ...op.localGet(acc), ...op.f32x4Add, ...op.localSet(acc),
        ]),
        ...op.f32Const(1), ...laneSum(acc), ...op.localGet(cols), ...op.f32ConvertI32U, ...op.f32Div, ...op.localGet(eps), ...op.f32Add,
        ...op.f32Sqrt, ...op.f32Div, ...op.localTee(rs), ...op.f32x4Splat, ...op.localSet(rs4),
        ...columns(c, rowBytes, [
          ...addr(out),
          ...load(x, c), ...op.localGet(mu4), ...op.f32x4Sub, ...op.localGet(rs4), ...op.f32x4Mul, ...load(w, c), ...op.f32x4Mul,
          ...load(b, c), ...op.f32x4Add, ...op.v128Store(0),
        ]),
        ...op.localGet(stats), ...op.localGet(mu), ...op.f32Store(0),
        ...op.localGet(stats), ...op.localGet(rs), ...op.f32Store(4),
      ], [[x, op.localGet(rowBytes)], [out, op.localGet(rowBytes)], [stats, op.i32Const(8)]]),
    ],
  };
})();

// layerNormBackward(g, x, w, stats, dx, dw, db, rows, cols): dw and db accumulate (start them at 0)
const backward = (() => {
  const [g, x, w, stats, dx, dw, db, rows, cols] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [r, c, rowBytes] = [9, 10, 11]; // i32
  const [mu4, rs4, xh, gv, d, sumD, sumDX, meanD, meanDX] = [12, 13, 14, 15, 16, 17, 18, 19, 20]; // v128
  const addr = (p: number) => [...op.localGet(p), ...op.localGet(c), ...op.i32Add];
  const xhat = [...load(x, c), ...op.localGet(mu4), ...op.f32x4Sub, ...op.localGet(rs4), ...op.f32x4Mul, ...op.localSet(xh)];
  const perColumnMean = (v: number, into: number) => [
    ...laneSum(v), ...op.localGet(cols), ...op.f32ConvertI32U, ...op.f32Div, ...op.f32x4Splat, ...op.localSet(into),
  ];
  return {
    name: 'layerNormBackward', params: 9, locals: [[3, I32], [9, V128]] as [number, number][],
    code: [
      ...op.localGet(cols), ...op.i32Const(4), ...op.i32Mul, ...op.localSet(rowBytes),
      ...rowsLoop(r, rows, [
        ...op.localGet(stats), ...op.f32Load(0), ...op.f32x4Splat, ...op.localSet(mu4),
        ...op.localGet(stats), ...op.f32Load(4), ...op.f32x4Splat, ...op.localSet(rs4),
        ...ZERO, ...op.localSet(sumD), ...ZERO, ...op.localSet(sumDX),
        ...columns(c, rowBytes, [
          ...xhat,
          ...load(g, c), ...op.localTee(gv), ...load(w, c), ...op.f32x4Mul, ...op.localTee(d),
          ...op.localGet(sumD), ...op.f32x4Add, ...op.localSet(sumD),
          ...op.localGet(d), ...op.localGet(xh), ...op.f32x4Mul, ...op.localGet(sumDX), ...op.f32x4Add, ...op.localSet(sumDX),
          ...addr(dw), ...load(dw, c), ...op.localGet(gv), ...op.localGet(xh), ...op.f32x4Mul, ...op.f32x4Add, ...op.v128Store(0),
          ...addr(db), ...load(db, c), ...op.localGet(gv), ...op.f32x4Add, ...op.v128Store(0),
        ]),
        ...perColumnMean(sumD, meanD), ...perColumnMean(sumDX, meanDX),
        ...columns(c, rowBytes, [
          ...xhat,
          ...addr(dx),
          ...load(g, c), ...load(w, c), ...op.f32x4Mul, ...op.localGet(meanD), ...op.f32x4Sub,
          ...op.localGet(xh), ...op.localGet(meanDX), ...op.f32x4Mul, ...op.f32x4Sub, ...op.localGet(rs4), ...op.f32x4Mul,
          ...op.v128Store(0),
        ]),
      ], [[g, op.localGet(rowBytes)], [x, op.localGet(rowBytes)], [dx, op.localGet(rowBytes)], [stats, op.i32Const(8)]]),
    ],
  };
})();

export const simdLayerNormModule = () => wasmModule([forward, backward]);

export interface SimdLayerNorm {
  /** Writes out, mean and rstd as the JS loop does; cols must be a multiple of 4. */
  forward(x: Float32Array, w: Float32Array, b: Float32Array, rows: number, cols: number, eps: number,
    out: Float32Array, mean: Float32Array, rstd: Float32Array): void;
  /** Writes dx and (overwriting) dweight and dbias; cols must be a multiple of 4. */
  backward(g: Float32Array, x: Float32Array, w: Float32Array, mean: Float32Array, rstd: Float32Array, rows: number, cols: number,
    dx: Float32Array, dweight: Float32Array, dbias: Float32Array): void;
}

/** The kernels, or null where WebAssembly SIMD is missing. */
export function loadSimdLayerNorm(): SimdLayerNorm | null {
  const wasm = instantiate(simdLayerNormModule());
  if (!wasm) return null;
  const { memory } = wasm;
  const fwd = wasm.exports.layerNorm as (...a: number[]) => void;
  const bwd = wasm.exports.layerNormBackward as (...a: number[]) => void;
  /** Float offsets of consecutive regions of the given lengths, the memory grown to hold them. */
  const regions = (lengths: number[]) => {
    const at: number[] = [];
    let end = 0;
    for (const n of lengths) {
      at.push(end);
      end += Math.ceil(n / 4) * 4;
    }
    growTo(memory, 4 * end);
    return { at, heap: new Float32Array(memory.buffer) };
  };
  return {
    forward(x, w, b, rows, cols, eps, out, mean, rstd) {
      const n = rows * cols;
      const { at: [X, W, B, OUT, S], heap } = regions([n, cols, cols, n, 2 * rows]);
      heap.set(x.subarray(0, n), X);
      heap.set(w, W);
      heap.set(b, B);
      fwd(4 * X, 4 * W, 4 * B, 4 * OUT, 4 * S, rows, cols, eps);
      out.set(heap.subarray(OUT, OUT + n));
      for (let r = 0; r < rows; r++) {
        mean[r] = heap[S + 2 * r];
        rstd[r] = heap[S + 2 * r + 1];
      }
    },
    backward(g, x, w, mean, rstd, rows, cols, dx, dweight, dbias) {
      const n = rows * cols;
      const { at: [G, X, W, S, DX, DW, DB], heap } = regions([n, n, cols, 2 * rows, n, cols, cols]);
      heap.set(g.subarray(0, n), G);
      heap.set(x.subarray(0, n), X);
      heap.set(w, W);
      for (let r = 0; r < rows; r++) {
        heap[S + 2 * r] = mean[r];
        heap[S + 2 * r + 1] = rstd[r];
      }
      heap.fill(0, DW, DB + cols);
      bwd(4 * G, 4 * X, 4 * W, 4 * S, 4 * DX, 4 * DW, 4 * DB, rows, cols);
      dx.set(heap.subarray(DX, DX + n));
      dweight.set(heap.subarray(DW, DW + cols));
      dbias.set(heap.subarray(DB, DB + cols));
    },
  };
}
