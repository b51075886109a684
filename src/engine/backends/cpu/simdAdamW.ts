// AdamW's update in WebAssembly SIMD, four values at a time in float32, as PyTorch's float32
// kernel computes it: p·(1 − lr·wd), then m and v, then p − stepSize·m / (√v / √(1 − β₂ᵗ) + ε).
// The parameters' arrays live outside the module's memory, so each one streams through it in
// chunks that stay in cache (copying costs less than the float64 JS loop's division and sqrt).
// Lengths that are not a multiple of 4 compute a few lanes of stale values that are never copied out.
import { F32, I32, V128, instantiate, op, wasmModule } from './wasm';

/** Floats per array per kernel call: the four arrays fill the module's first page. */
const CHUNK = 4096;
const [P, G, M, V] = [0, 1, 2, 3].map((k) => k * CHUNK);

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
      ...op.block, ...op.loop,
      ...op.localGet(i), ...op.localGet(end), ...op.i32GeU, ...op.brIf(1),
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
      ...op.localGet(i), ...op.i32Const(16), ...op.i32Add, ...op.localSet(i),
      ...op.br(0),
      ...op.end, ...op.end,
    ],
  };
})();

export const simdAdamWModule = () => wasmModule([adamwCode]);

/** The scalars of one AdamW step, shared by every parameter of a call. */
export interface AdamWStep {
  decay: number;
  beta1: number;
  beta2: number;
  stepSize: number;
  sqrtBc2: number;
  eps: number;
}

export interface SimdAdamW {
  /** Updates p, m and v in place from g (all of one length). */
  update(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWStep): void;
}

/** The update where SIMD is missing: the kernel's formula, in float64. */
export function adamwLoop(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWStep): void {
  const { decay, beta1, beta2, stepSize, sqrtBc2, eps } = s;
  const [c1, c2] = [1 - beta1, 1 - beta2];
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = (m[i] = beta1 * m[i] + c1 * gi);
    const vi = (v[i] = beta2 * v[i] + c2 * gi * gi);
    p[i] = p[i] * decay - stepSize * (mi / (Math.sqrt(vi) / sqrtBc2 + eps));
  }
}

/** The kernel, or null where WebAssembly SIMD is missing (the JS loop runs instead). */
export function loadSimdAdamW(): SimdAdamW | null {
  const wasm = instantiate(simdAdamWModule());
  if (!wasm) return null;
  const heap = new Float32Array(wasm.memory.buffer); // the first page holds the four chunks; it never grows
  const adamw = wasm.exports.adamw as (end: number, ...scalars: number[]) => void;
  return {
    update(p, g, m, v, s) {
      for (let i = 0; i < p.length; i += CHUNK) {
        const n = Math.min(CHUNK, p.length - i);
        heap.set(p.subarray(i, i + n), P);
        heap.set(g.subarray(i, i + n), G);
        heap.set(m.subarray(i, i + n), M);
        heap.set(v.subarray(i, i + n), V);
        adamw(16 * Math.ceil(n / 4), s.decay, s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, s.stepSize, s.sqrtBc2, s.eps);
        p.set(heap.subarray(P, P + n), i);
        m.set(heap.subarray(M, M + n), i);
        v.set(heap.subarray(V, V + n), i);
      }
    },
  };
}
