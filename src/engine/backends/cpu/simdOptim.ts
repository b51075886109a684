// The optimizer's tail in WebAssembly SIMD: AdamW's update, and gradient clipping's Σ g² and
// in-place scale. AdamW runs in float64 lanes with the JS loop's operations and roundings, so it
// gives the loop's results to the bit (and seeded training its exact curve) at several times its
// speed; Σ g² sums in float64 lanes too. The arrays live outside the module's memory, so each one
// streams through it in chunks that stay in cache: copying costs less than the JS loops' work.
// Lengths that are not a multiple of 4 compute a few lanes of stale values that are never copied
// out (Σ g² zeroes them first).
import { CHUNK, F32, F64, I32, V128, instantiate, op, wasmModule } from './wasm';

const [P, G, M, V] = [0, 1, 2, 3].map((k) => k * CHUNK);

/** A loop of `body` over local i from 0 to local end, `step` bytes at a time. */
function overChunk(i: number, end: number, step: number, body: number[]): number[] {
  return [
    ...op.block, ...op.loop,
    ...op.localGet(i), ...op.localGet(end), ...op.i32GeU, ...op.brIf(1),
    ...body,
    ...op.localGet(i), ...op.i32Const(step), ...op.i32Add, ...op.localSet(i),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
}

// adamw(end, decay, beta1, 1 − beta1, beta2, 1 − beta2, stepSize, √(1 − beta2^t), eps): two values
// a step in float64 lanes, the JS loop's operations in its order, with m, v and the decayed p
// rounded to float32 where the loop stores them, so the result is the loop's to the bit. p, g, m, v
// sit at byte offsets P, G, M, V; one pointer i walks them all (the offsets are the loads' immediates).
const adamwCode = (() => {
  const end = 0;
  const scalars = [1, 2, 3, 4, 5, 6, 7, 8]; // f64 parameters, splat into the v128 locals 10..17
  const i = 9; // i32
  const [decay, beta1, c1, beta2, c2, stepSize, sqrtBc2, eps] = scalars.map((s) => s + 9);
  const [g, m, v, rounded] = [18, 19, 20, 21]; // v128
  const at = (region: number) => 4 * region;
  const load = (region: number) => [...op.localGet(i), ...op.v128Load64Zero(at(region)), ...op.f64x2PromoteLowF32x4];
  /** Rounds the f64x2 on the stack to float32, stores it in `region` and leaves it promoted back in `into`. */
  const store = (region: number, into: number) => [
    ...op.f32x4DemoteF64x2Zero, ...op.localSet(rounded),
    ...op.localGet(i), ...op.localGet(rounded), ...op.v128Store64Lane(at(region)),
    ...op.localGet(rounded), ...op.f64x2PromoteLowF32x4, ...op.localSet(into),
  ];
  return {
    name: 'adamw', params: [I32, F64, F64, F64, F64, F64, F64, F64, F64], locals: [[1, I32], [12, V128]] as [number, number][],
    code: [
      ...scalars.flatMap((s) => [...op.localGet(s), ...op.f64x2Splat, ...op.localSet(s + 9)]),
      ...overChunk(i, end, 8, [
        ...load(G), ...op.localSet(g),
        // m = beta1·m + (1 − beta1)·g
        ...op.localGet(beta1), ...load(M), ...op.f64x2Mul, ...op.localGet(c1), ...op.localGet(g), ...op.f64x2Mul, ...op.f64x2Add, ...store(M, m),
        // v = beta2·v + (1 − beta2)·g·g
        ...op.localGet(beta2), ...load(V), ...op.f64x2Mul, ...op.localGet(c2), ...op.localGet(g), ...op.f64x2Mul, ...op.localGet(g), ...op.f64x2Mul,
        ...op.f64x2Add, ...store(V, v),
        // p = p·decay, stored as float32 in the loop, then p − stepSize·m / (√v / √(1 − beta2^t) + eps)
        ...op.localGet(i),
        ...load(P), ...op.localGet(decay), ...op.f64x2Mul, ...op.f32x4DemoteF64x2Zero, ...op.f64x2PromoteLowF32x4,
        ...op.localGet(stepSize), ...op.localGet(m), ...op.f64x2Mul,
        ...op.localGet(v), ...op.f64x2Sqrt, ...op.localGet(sqrtBc2), ...op.f64x2Div, ...op.localGet(eps), ...op.f64x2Add,
        ...op.f64x2Div, ...op.f64x2Sub, ...op.f32x4DemoteF64x2Zero,
        ...op.v128Store64Lane(at(P)),
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
      ...overChunk(i, end, 16, [...addSquares(4 * P, low), ...addSquares(4 * P + 8, high)]),
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
      ...overChunk(i, end, 16, [...op.localGet(i), ...op.localGet(i), ...op.v128Load(4 * P), ...op.localGet(f), ...op.f32x4Mul, ...op.v128Store(4 * P)]),
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

/** The loops where SIMD is missing, in float64 (AdamW's is the kernel's reference to the bit). */
export const optimLoops: OptimKernels = {
  adamw(p, g, m, v, s) {
    const { decay, beta1, beta2, stepSize, sqrtBc2, eps } = s;
    for (let i = 0; i < p.length; i++) {
      p[i] *= decay; // decoupled weight decay
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtBc2 + eps);
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
