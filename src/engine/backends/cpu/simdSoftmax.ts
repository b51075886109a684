// Softmax forward and backward in WebAssembly SIMD, four columns at a time, for rows of a
// multiple of 4 values (the JS loops in ./cpuBackend.ts take the others). Math.exp was most of
// attention's softmax; here exp is Cephes' float32 expf (a range reduction to 2ⁿ·eʳ, |r| ≤ ln2/2,
// and a degree-7 polynomial, within 2 ulp), and the sums run in four float32 lanes, as
// PyTorch's float32 kernels do. A causal row r sees columns ≤ r mod cols: the columns after it up
// to a multiple of 4 are read as −∞ (exp gives exactly 0) and the rest are written 0.
import { CHUNK, F32, I32, V128, columns, horner, instantiate, laneFold, laneSum, op, wasmModule } from './wasm';

const [A, B, OUT] = [0, CHUNK, 2 * CHUNK];

// Cephes expf: x = n·ln2 + r, ln2 in two parts so that n·ln2 is exact; eʳ = 1 + r + r²·p(r)
const EXP_LO = -87.33654475; // ln of the smallest normal float32: 2ⁿ stays a normal number
const EXP_HI = 88.0;
const LN2_HI = 0.693359375, LN2_LO = -2.12194440e-4;
const EXP_P = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];

/**
 * Replaces the v128 on the stack by its exp, with `x`, `n` and `r` three scratch v128 locals.
 * At or below EXP_LO (e.g. −∞, a masked score) the result is exactly 0, as Math.exp's is in float32.
 */
function exp(x: number, n: number, r: number): number[] {
  return [
    ...op.f32x4Const(EXP_HI), ...op.f32x4Min, ...op.f32x4Const(EXP_LO), ...op.f32x4Max, ...op.localTee(x),
    ...op.f32x4Const(Math.LOG2E), ...op.f32x4Mul, ...op.f32x4Nearest, ...op.localSet(n),
    ...op.localGet(x), ...op.localGet(n), ...op.f32x4Const(LN2_HI), ...op.f32x4Mul, ...op.f32x4Sub,
    ...op.localGet(n), ...op.f32x4Const(LN2_LO), ...op.f32x4Mul, ...op.f32x4Sub, ...op.localSet(r),
    ...horner(r, EXP_P), ...op.localGet(r), ...op.f32x4Mul, ...op.localGet(r), ...op.f32x4Mul,
    ...op.localGet(r), ...op.f32x4Add, ...op.f32x4Const(1), ...op.f32x4Add,
    // 2ⁿ: n + 127 in a float32's exponent bits
    ...op.localGet(n), ...op.i32x4TruncSatF32x4S, ...op.i32x4Const(127), ...op.i32x4Add, ...op.i32Const(23), ...op.i32x4Shl,
    ...op.f32x4Mul, ...op.localGet(x), ...op.f32x4Const(EXP_LO), ...op.f32x4Ne, ...op.v128And, // 0 where x was clamped up to EXP_LO
  ];
}

/** The byte address (local ptr + local c). */
const at = (ptr: number, c: number) => [...op.localGet(ptr), ...op.localGet(c), ...op.i32Add];

// softmaxRow(x, out, rowBytes, scale): out = exp(scale·x − max) / Σ over one row of rowBytes
const forwardCode = (() => {
  const [x, out, rowBytes, scale, c, s, acc, m, t, n, r] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const scaled = [...at(x, c), ...op.v128Load(0), ...op.localGet(s), ...op.f32x4Mul];
  return [
    ...op.localGet(scale), ...op.f32x4Splat, ...op.localSet(s),
    ...op.f32x4Const(-Infinity), ...op.localSet(acc),
    ...columns(c, rowBytes, [...op.localGet(acc), ...scaled, ...op.f32x4Max, ...op.localSet(acc)]),
    ...laneFold(acc, op.f32Max), ...op.f32x4Splat, ...op.localSet(m),
    ...op.f32x4Const(0), ...op.localSet(acc),
    ...columns(c, rowBytes, [
      ...at(out, c), ...scaled, ...op.localGet(m), ...op.f32x4Sub, ...exp(t, n, r), ...op.localTee(t), ...op.v128Store(0),
      ...op.localGet(acc), ...op.localGet(t), ...op.f32x4Add, ...op.localSet(acc),
    ]),
    ...laneSum(acc), ...op.f32x4Splat, ...op.localSet(m),
    ...columns(c, rowBytes, [...at(out, c), ...at(out, c), ...op.v128Load(0), ...op.localGet(m), ...op.f32x4Div, ...op.v128Store(0)]),
  ];
})();

// softmaxBackwardRow(y, g, out, rowBytes, scale): out = scale·y·(g − Σ g·y) over one row
const backwardCode = (() => {
  const [y, g, out, rowBytes, scale, c, acc, d] = [0, 1, 2, 3, 4, 5, 6, 7];
  const load = (ptr: number) => [...at(ptr, c), ...op.v128Load(0)];
  return [
    ...op.f32x4Const(0), ...op.localSet(acc),
    ...columns(c, rowBytes, [...op.localGet(acc), ...load(g), ...load(y), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(acc)]),
    ...laneSum(acc), ...op.f32x4Splat, ...op.localSet(d),
    ...columns(c, rowBytes, [
      ...at(out, c), ...op.localGet(scale), ...op.f32x4Splat, ...load(y), ...op.f32x4Mul, ...load(g), ...op.localGet(d), ...op.f32x4Sub, ...op.f32x4Mul,
      ...op.v128Store(0),
    ]),
  ];
})();

export function simdSoftmaxModule(): Uint8Array<ArrayBuffer> {
  return wasmModule([
    { name: 'softmaxRow', params: [I32, I32, I32, F32], locals: [[1, I32], [6, V128]], code: forwardCode },
    { name: 'softmaxBackwardRow', params: [I32, I32, I32, I32, F32], locals: [[1, I32], [2, V128]], code: backwardCode },
  ]);
}

export interface SimdSoftmax {
  /** The CPU backend's softmax (scale, causal mask) for cols a multiple of 4, at most `maxCols`. */
  forward(x: Float32Array, rows: number, cols: number, scale: number, causal: boolean, out: Float32Array): void;
  /** out = scale · y · (g − rowsum(g · y)) for cols a multiple of 4, at most `maxCols`. */
  backward(y: Float32Array, g: Float32Array, rows: number, cols: number, scale: number, out: Float32Array): void;
  readonly maxCols: number;
}

/** The kernels, or null where WebAssembly SIMD is missing (the JS loops run instead). */
export function loadSimdSoftmax(): SimdSoftmax | null {
  const wasm = instantiate(simdSoftmaxModule());
  if (!wasm) return null;
  const heap = new Float32Array(wasm.memory.buffer); // 3 chunks fit the first page; it never grows
  const forwardRow = wasm.exports.softmaxRow as (x: number, out: number, rowBytes: number, scale: number) => void;
  const backwardRow = wasm.exports.softmaxBackwardRow as (y: number, g: number, out: number, rowBytes: number, scale: number) => void;
  return {
    maxCols: CHUNK,
    forward(x, rows, cols, scale, causal, out) {
      const step = Math.floor(CHUNK / cols); // rows per chunk
      for (let r0 = 0; r0 < rows; r0 += step) {
        const n = Math.min(step, rows - r0) * cols;
        heap.set(x.subarray(r0 * cols, r0 * cols + n), A);
        if (causal) heap.fill(0, OUT, OUT + n);
        for (let i = 0, o = 0; o < n; i++, o += cols) {
          const seen = causal ? ((r0 + i) % cols) + 1 : cols; // columns this row may attend to
          const width = Math.ceil(seen / 4) * 4;
          for (let c = seen; c < width; c++) heap[A + o + c] = -Infinity; // exp gives exactly 0 there
          forwardRow(4 * (A + o), 4 * (OUT + o), 4 * width, scale);
        }
        out.set(heap.subarray(OUT, OUT + n), r0 * cols);
      }
    },
    backward(y, g, rows, cols, scale, out) {
      const step = Math.floor(CHUNK / cols);
      for (let r0 = 0; r0 < rows; r0 += step) {
        const n = Math.min(step, rows - r0) * cols;
        heap.set(y.subarray(r0 * cols, r0 * cols + n), A);
        heap.set(g.subarray(r0 * cols, r0 * cols + n), B);
        for (let o = 0; o < n; o += cols) backwardRow(4 * (A + o), 4 * (B + o), 4 * (OUT + o), 4 * cols, scale);
        out.set(heap.subarray(OUT, OUT + n), r0 * cols);
      }
    },
  };
}
