// GELU and its backward in WebAssembly SIMD, four values at a time: GELU was the largest share of
// a GPT step outside matmul. tanh is the same odd rational p(x)/q(x) as `fastTanh` (./loops.ts),
// computed in float32 lanes as Eigen does. The arrays stream through the kernel's memory in
// chunks small enough to stay in cache; lengths that are not a multiple of 4 compute a few lanes
// of stale values that are never copied out.
import { SQRT_2_OVER_PI, GELU_COEFF } from '../../scalar';
import { CHUNK, V128, horner, instantiate, op, streamLoop, wasmModule } from './wasm';

const TANH_CLAMP = 7.90531110763549805;
const P = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3];
const Q = [1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3];

// locals after the i32 parameters: x, u (then tanh's argument), t, x², scratch
const X = 0, U = 1, T = 2, X2 = 3;

/** Sets local T = tanh(√(2/π)·(x + 0.044715·x³)) from local X. */
function tanhOfX(base: number): number[] {
  const [x, u, t, x2] = [X, U, T, X2].map((l) => base + l);
  return [
    ...op.localGet(x), ...op.localGet(x), ...op.localGet(x), ...op.f32x4Mul, ...op.localGet(x), ...op.f32x4Mul,
    ...op.f32x4Const(GELU_COEFF), ...op.f32x4Mul, ...op.f32x4Add, ...op.f32x4Const(SQRT_2_OVER_PI), ...op.f32x4Mul,
    ...op.f32x4Const(TANH_CLAMP), ...op.f32x4Min, ...op.f32x4Const(-TANH_CLAMP), ...op.f32x4Max, ...op.localTee(u),
    ...op.localGet(u), ...op.f32x4Mul, ...op.localSet(x2),
    ...horner(x2, P), ...op.localGet(u), ...op.f32x4Mul,
    ...horner(x2, Q), ...op.f32x4Div, ...op.localSet(t),
  ];
}

// gelu(x, out, end): out = 0.5·x·(1 + t)
const geluCode = (() => {
  const [xp, outp, end, base] = [0, 1, 2, 3];
  return streamLoop([xp, outp], outp, end, [
    ...op.localGet(xp), ...op.v128Load(0), ...op.localSet(base + X),
    ...tanhOfX(base),
    ...op.localGet(outp),
    ...op.localGet(base + X), ...op.f32x4Const(0.5), ...op.f32x4Mul, ...op.localGet(base + T), ...op.f32x4Const(1), ...op.f32x4Add, ...op.f32x4Mul,
    ...op.v128Store(0),
  ]);
})();

// geluBackward(g, x, out, end): out = g · (0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²))
const geluBackwardCode = (() => {
  const [gp, xp, outp, end, base] = [0, 1, 2, 3, 4];
  const [x, t] = [base + X, base + T];
  return streamLoop([gp, xp, outp], outp, end, [
    ...op.localGet(xp), ...op.v128Load(0), ...op.localSet(x),
    ...tanhOfX(base),
    ...op.localGet(outp),
    ...op.localGet(t), ...op.f32x4Const(1), ...op.f32x4Add, ...op.f32x4Const(0.5), ...op.f32x4Mul,
    ...op.localGet(x), ...op.f32x4Const(0.5), ...op.f32x4Mul,
    ...op.f32x4Const(1), ...op.localGet(t), ...op.localGet(t), ...op.f32x4Mul, ...op.f32x4Sub, ...op.f32x4Mul,
    ...op.localGet(x), ...op.localGet(x), ...op.f32x4Mul, ...op.f32x4Const(3 * GELU_COEFF), ...op.f32x4Mul, ...op.f32x4Const(1), ...op.f32x4Add,
    ...op.f32x4Const(SQRT_2_OVER_PI), ...op.f32x4Mul, ...op.f32x4Mul,
    ...op.f32x4Add,
    ...op.localGet(gp), ...op.v128Load(0), ...op.f32x4Mul,
    ...op.v128Store(0),
  ]);
})();

export function simdGeluModule(): Uint8Array<ArrayBuffer> {
  return wasmModule([
    { name: 'gelu', params: 3, locals: [[4, V128]], code: geluCode },
    { name: 'geluBackward', params: 4, locals: [[4, V128]], code: geluBackwardCode },
  ]);
}

export interface SimdGelu {
  gelu(x: Float32Array, out: Float32Array): void;
  /** out = g · gelu'(x), all of one length. */
  geluBackward(g: Float32Array, x: Float32Array, out: Float32Array): void;
}

/** The kernels, or null where WebAssembly SIMD is missing (the JS loops run instead). */
export function loadSimdGelu(): SimdGelu | null {
  const wasm = instantiate(simdGeluModule());
  if (!wasm) return null;
  const heap = new Float32Array(wasm.memory.buffer); // 3 chunks fit the first page; it never grows
  const gelu = wasm.exports.gelu as (x: number, out: number, end: number) => void;
  const geluBackward = wasm.exports.geluBackward as (g: number, x: number, out: number, end: number) => void;
  const [A, B, OUT] = [0, CHUNK, 2 * CHUNK];
  const endOf = (n: number) => 4 * (OUT + Math.ceil(n / 4) * 4);
  return {
    gelu(x, out) {
      for (let i = 0; i < x.length; i += CHUNK) {
        const n = Math.min(CHUNK, x.length - i);
        heap.set(x.subarray(i, i + n), A);
        gelu(4 * A, 4 * OUT, endOf(n));
        out.set(heap.subarray(OUT, OUT + n), i);
      }
    },
    geluBackward(g, x, out) {
      for (let i = 0; i < x.length; i += CHUNK) {
        const n = Math.min(CHUNK, x.length - i);
        heap.set(g.subarray(i, i + n), A);
        heap.set(x.subarray(i, i + n), B);
        geluBackward(4 * A, 4 * B, 4 * OUT, endOf(n));
        out.set(heap.subarray(OUT, OUT + n), i);
      }
    },
  };
}
