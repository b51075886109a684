// The optimizer's tail in WebAssembly SIMD, four values at a time: AdamW's update in float32, as
// PyTorch's float32 kernel computes it (p·(1 − lr·wd), then m and v, then
// p − stepSize·m / (√v / √(1 − β₂ᵗ) + ε)), and gradient clipping's Σ g² (in float64 lanes, as
// exact as the JS loop) and in-place scale. The arrays live outside the module's memory, so each
// one streams through it in chunks that stay in cache: copying costs less than the JS loops'
// float64 conversions, division and sqrt. Lengths that are not a multiple of 4 compute a few lanes
// of stale values that are never copied out (Σ g² zeroes them first).
import { F32, I32, V128, instantiate, op, wasmModule } from './wasm';

/** Floats per array per kernel call: the four arrays fill the module's first page. */
const CHUNK = 4096;
const [P, G, M, V] = [0, 1, 2, 3].map((k) => k * CHUNK);

/** A loop of `body` over local i from 0 to local end, 16 bytes a step. */
function overChunk(i: number, end: number, body: number[]): number[] {
  return [
    ...op.block, ...op.loop,
    ...op.localGet(i), ...op.localGet(end), ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...op.localGet(i), ...op.i32Const(16), ...op.i32Add, ...op.localSet(i),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
}

// adamw(end, decay, beta1, 1 − beta1, beta2, 1 − beta2, stepSize, √(1 − beta2^t), eps): p, g, m, v at
// byte offsets P, G, M, V; one pointer i walks them all, the regions' offsets are the loads' immediates.
const adamwCode = (() => {
  const end = 0;
  const scalars = [1, 2, 3, 4, 5, 6, 7, 8]; // f32 parameters, splat into the v128 locals 10..17
  const i = 9; // i32
  const [decay, beta1, c1, beta2, c2, stepSize, sqrtBc2, eps] = scalars.map((s) => s + 9);
  const [g, m, v] = [18, 19, 20]; // v128
  const at = (region: number) => 4 * region;
  return {
    name: 'adamw', params: [I32, F32, F32, F32, F32, F32, F32, F32, F32], locals: [[1, I32], [11, V128]] as [number, number][],
    code: [
      ...scalars.flatMap((s) => [...op.localGet(s), ...op.f32x4Splat, ...op.localSet(s + 9)]),
      ...overChunk(i, end, [
        ...op.localGet(i), ...op.v128Load(at(G)), ...op.localSet(g),
        ...op.localGet(i),
        ...op.localGet(beta1), ...op.localGet(i), ...op.v128Load(at(M)), ...op.f32x4Mul, ...op.localGet(c1), ...op.localGet(g), ...op.f32x4Mul, ...op.f32x4Add,
        ...op.localTee(m), ...op.v128Store(at(M)),
        ...op.localGet(i),
        ...op.localGet(beta2), ...op.localGet(i), ...op.v128Load(at(V)), ...op.f32x4Mul, ...op.localGet(c2), ...op.localGet(g), ...op.f32x4Mul, ...op.localGet(g), ...op.f32x4Mul, ...op.f32x4Add,
        ...op.localTee(v), ...op.v128Store(at(V)),
        ...op.localGet(i),
        ...op.localGet(i), ...op.v128Load(at(P)), ...op.localGet(decay), ...op.f32x4Mul,
        ...op.localGet(stepSize),
        ...op.localGet(m), ...op.localGet(v), ...op.f32x4Sqrt, ...op.localGet(sqrtBc2), ...op.f32x4Div, ...op.localGet(eps), ...op.f32x4Add, ...op.f32x4Div,
        ...op.f32x4Mul, ...op.f32x4Sub,
        ...op.v128Store(at(P)),
      ]),
    ],
  };
})();

// sumOfSquares(end): Σ x² over region P in float64 lanes, the two lanes stored at byte offset 4·G.
// Each vector's low and high pairs of floats are promoted by two loads 8 bytes apart, into sums of their own.
const sumOfSquaresCode = (() => {
  const [end, i, low, high, x] = [0, 1, 2, 3, 4];
  const addSquares = (offset: number, acc: number) => [
    ...op.localGet(i), ...op.v128Load(offset), ...op.f64x2PromoteLowF32x4, ...op.localTee(x), ...op.localGet(x), ...op.f64x2Mul,
    ...op.localGet(acc), ...op.f64x2Add, ...op.localSet(acc),
  ];
  return {
    name: 'sumOfSquares', params: 1, locals: [[1, I32], [3, V128]] as [number, number][],
    code: [
      ...overChunk(i, end, [...addSquares(4 * P, low), ...addSquares(4 * P + 8, high)]),
      ...op.i32Const(0), ...op.localGet(low), ...op.localGet(high), ...op.f64x2Add, ...op.v128Store(4 * G),
    ],
  };
})();

// scale(end, factor): region P *= factor
const scaleCode = (() => {
  const [end, factor, i, f] = [0, 1, 2, 3];
  return {
    name: 'scale', params: [I32, F32], locals: [[1, I32], [1, V128]] as [number, number][],
    code: [
      ...op.localGet(factor), ...op.f32x4Splat, ...op.localSet(f),
      ...overChunk(i, end, [...op.localGet(i), ...op.localGet(i), ...op.v128Load(4 * P), ...op.localGet(f), ...op.f32x4Mul, ...op.v128Store(4 * P)]),
    ],
  };
})();

export const simdOptimModule = () => wasmModule([adamwCode, sumOfSquaresCode, scaleCode]);

/** The scalars of one AdamW step, shared by every parameter of a call. */
export interface AdamWStep {
  decay: number;
  beta1: number;
  beta2: number;
  stepSize: number;
  sqrtBc2: number;
  eps: number;
}

/** The optimizer tail's loops over one array each; the CPU backend calls them per storage. */
export interface OptimKernels {
  /** Updates p, m and v in place from g (all of one length). */
  adamw(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWStep): void;
  /** Σ x², summed in float64. */
  sumOfSquares(x: Float32Array): number;
  /** x *= factor, in place. */
  scale(x: Float32Array, factor: number): void;
}

/** The loops where SIMD is missing: the kernels' formulas in float64. */
export const optimLoops: OptimKernels = {
  adamw(p, g, m, v, s) {
    const { decay, beta1, beta2, stepSize, sqrtBc2, eps } = s;
    const [c1, c2] = [1 - beta1, 1 - beta2];
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      const mi = (m[i] = beta1 * m[i] + c1 * gi);
      const vi = (v[i] = beta2 * v[i] + c2 * gi * gi);
      p[i] = p[i] * decay - stepSize * (mi / (Math.sqrt(vi) / sqrtBc2 + eps));
    }
  },
  sumOfSquares(x) {
    // Four sums: one would wait on its own previous add every value (~2× slower).
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const n4 = x.length - (x.length % 4);
    for (let i = 0; i < n4; i += 4) {
      s0 += x[i] * x[i];
      s1 += x[i + 1] * x[i + 1];
      s2 += x[i + 2] * x[i + 2];
      s3 += x[i + 3] * x[i + 3];
    }
    for (let i = n4; i < x.length; i++) s0 += x[i] * x[i];
    return s0 + s1 + s2 + s3;
  },
  scale(x, factor) {
    for (let i = 0; i < x.length; i++) x[i] *= factor;
  },
};

/** The kernels, or null where WebAssembly SIMD is missing (`optimLoops` run instead). */
export function loadSimdOptim(): OptimKernels | null {
  const wasm = instantiate(simdOptimModule());
  if (!wasm) return null;
  const heap = new Float32Array(wasm.memory.buffer); // the first page holds the four chunks; it never grows
  const sums = new Float64Array(wasm.memory.buffer, 4 * G, 2);
  const adamw = wasm.exports.adamw as (end: number, ...scalars: number[]) => void;
  const sumOfSquares = wasm.exports.sumOfSquares as (end: number) => void;
  const scale = wasm.exports.scale as (end: number, factor: number) => void;
  const endOf = (n: number) => 16 * Math.ceil(n / 4);
  return {
    adamw(p, g, m, v, s) {
      for (let i = 0; i < p.length; i += CHUNK) {
        const n = Math.min(CHUNK, p.length - i);
        heap.set(p.subarray(i, i + n), P);
        heap.set(g.subarray(i, i + n), G);
        heap.set(m.subarray(i, i + n), M);
        heap.set(v.subarray(i, i + n), V);
        adamw(endOf(n), s.decay, s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, s.stepSize, s.sqrtBc2, s.eps);
        p.set(heap.subarray(P, P + n), i);
        m.set(heap.subarray(M, M + n), i);
        v.set(heap.subarray(V, V + n), i);
      }
    },
    sumOfSquares(x) {
      let sum = 0;
      for (let i = 0; i < x.length; i += CHUNK) {
        const n = Math.min(CHUNK, x.length - i);
        heap.set(x.subarray(i, i + n), P);
        heap.fill(0, P + n, P + endOf(n) / 4);
        sumOfSquares(endOf(n));
        sum += sums[0] + sums[1];
      }
      return sum;
    },
    scale(x, factor) {
      for (let i = 0; i < x.length; i += CHUNK) {
        const n = Math.min(CHUNK, x.length - i);
        heap.set(x.subarray(i, i + n), P);
        scale(endOf(n), factor);
        x.set(heap.subarray(P, P + n), i);
      }
    },
  };
}
