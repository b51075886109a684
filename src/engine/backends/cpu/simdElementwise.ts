// add, sub, mul and div, and sums along a middle dim, in WebAssembly SIMD, four values at a time.
// On this VM V8's plain JS loops over Float32Arrays manage ~3–4 ns a value while copying into and
// out of the module's memory costs well under 1: the arrays stream through in 16 KB chunks, and
// the results are bit-identical to the JS loops (one float32 operation rounds the same either
// way; the sums accumulate in float64 lanes, in the same order). A row that repeats (a bias, a
// scalar) is tiled once to fill a chunk, so every chunk is a same-length operation.
import { CHUNK, I32, V128, columns, instantiate, op, streamLoop, wasmModule } from './wasm';

/** Regions of the one 64 KiB page, in floats: two operands and the output (or a float64 accumulator row). */
const [A, B, OUT] = [0, CHUNK, 2 * CHUNK];

export type SimdBinaryOp = 'add' | 'sub' | 'mul' | 'div';

const opcodes: Record<SimdBinaryOp, number[]> = { add: op.f32x4Add, sub: op.f32x4Sub, mul: op.f32x4Mul, div: op.f32x4Div };

// op(a, b, out, end): out = a OP b, 16 bytes a step until out reaches end
const binaryCode = (code: number[]) => {
  const [ap, bp, outp, end] = [0, 1, 2, 3];
  return streamLoop([ap, bp, outp], outp, end, [
    ...op.localGet(outp), ...op.localGet(ap), ...op.v128Load(0), ...op.localGet(bp), ...op.v128Load(0), ...code, ...op.v128Store(0),
  ]);
};

// sumRows(src, acc, rowBytes, end): acc (float64) += every float32 row of src until src reaches end
const sumRowsCode = (() => {
  const [src, acc, rowBytes, end, c, a, v] = [0, 1, 2, 3, 4, 5, 6];
  const highLanes = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
  const addLanes = (offset: number, lanes: number[]) => [
    ...op.localGet(a), ...op.localGet(a), ...op.v128Load(offset), ...op.localGet(v), ...lanes, ...op.f64x2PromoteLowF32x4,
    ...op.f64x2Add, ...op.v128Store(offset),
  ];
  return [
    ...op.block, ...op.loop,
    ...op.localGet(src), ...op.localGet(end), ...op.i32GeU, ...op.brIf(1),
    ...columns(c, rowBytes, [
      ...op.localGet(src), ...op.localGet(c), ...op.i32Add, ...op.v128Load(0), ...op.localSet(v),
      ...op.localGet(acc), ...op.localGet(c), ...op.localGet(c), ...op.i32Add, ...op.i32Add, ...op.localSet(a), // 8 bytes per float64
      ...addLanes(0, []),
      ...addLanes(16, [...op.localGet(v), ...op.i8x16Shuffle(highLanes)]),
    ]),
    ...op.localGet(src), ...op.localGet(rowBytes), ...op.i32Add, ...op.localSet(src),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
})();

export function simdElementwiseModule(): Uint8Array<ArrayBuffer> {
  return wasmModule([
    ...(Object.keys(opcodes) as SimdBinaryOp[]).map((name) => ({ name, params: 4, locals: [], code: binaryCode(opcodes[name]) })),
    { name: 'sumRows', params: 4, locals: [[2, I32], [1, V128]], code: sumRowsCode },
  ]);
}

export interface SimdElementwise {
  /** out = x OP y, where y repeats every `yn` values (yn = out.length: same shape; 1: a scalar). */
  binary(name: SimdBinaryOp, x: Float32Array, y: Float32Array, out: Float32Array, yn: number): void;
  /** out[o, i] = Σ_r src[o, r, i] for src of shape [outer, len, inner]; inner a multiple of 4, at most `maxSumWidth`. */
  sumMiddle(src: Float32Array, outer: number, len: number, inner: number, out: Float32Array): void;
  readonly maxSumWidth: number;
}

/** The kernels, or null where WebAssembly SIMD is missing (the JS loops run instead). */
export function loadSimdElementwise(): SimdElementwise | null {
  const wasm = instantiate(simdElementwiseModule());
  if (!wasm) return null;
  const heap = new Float32Array(wasm.memory.buffer); // 3 chunks fit the first page; it never grows
  const heap64 = new Float64Array(wasm.memory.buffer);
  const kernels = wasm.exports as Record<SimdBinaryOp | 'sumRows', (...args: number[]) => void>;
  const endOf = (n: number) => 4 * (OUT + Math.ceil(n / 4) * 4);

  /** out[at..at+n) = x[at..at+n) OP y[at..at+n) (y from its start when `tiled`: already in B). */
  const chunks = (kernel: (...args: number[]) => void, x: Float32Array, y: Float32Array | null, out: Float32Array, step: number) => {
    for (let i = 0; i < out.length; i += step) {
      const n = Math.min(step, out.length - i);
      heap.set(x.subarray(i, i + n), A);
      if (y) heap.set(y.subarray(i, i + n), B);
      kernel(4 * A, 4 * B, 4 * OUT, endOf(n));
      out.set(heap.subarray(OUT, OUT + n), i);
    }
  };

  return {
    binary(name, x, y, out, yn) {
      const kernel = kernels[name];
      if (yn === out.length) return chunks(kernel, x, y, out, CHUNK);
      if (yn > CHUNK) {
        for (let o = 0; o < out.length; o += yn) chunks(kernel, x.subarray(o, o + yn), y, out.subarray(o, o + yn), CHUNK);
        return;
      }
      // B holds y repeated to the largest whole number of rows that fits a chunk (doubling copies)
      const step = Math.floor(CHUNK / yn) * yn;
      heap.set(y.subarray(0, yn), B);
      for (let filled = yn; filled < step; filled *= 2) heap.copyWithin(B + filled, B, B + Math.min(filled, step - filled));
      chunks(kernel, x, null, out, step);
    },
    maxSumWidth: CHUNK / 2, // the float64 accumulator row fills B and OUT
    sumMiddle(src, outer, len, inner, out) {
      const rows = Math.floor(CHUNK / inner);
      for (let o = 0; o < outer; o++) {
        heap64.fill(0, B / 2, B / 2 + inner);
        for (let r = 0; r < len; r += rows) {
          const from = (o * len + r) * inner;
          const n = Math.min(rows, len - r) * inner;
          heap.set(src.subarray(from, from + n), A);
          kernels.sumRows(4 * A, 4 * B, 4 * inner, 4 * (A + n));
        }
        for (let i = 0; i < inner; i++) out[o * inner + i] = heap64[B / 2 + i];
      }
    },
  };
}
