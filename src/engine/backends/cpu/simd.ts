// A WebAssembly SIMD matmul kernel, emitted byte by byte (./wasm.ts; no toolchain needed, nothing
// to fetch): the whole module is ~200 bytes, compiled synchronously where the engine loads. It
// computes one 5×8 block of the output from packed panels (5-row A panels, 8-column B panels, as
// ./matmul.ts packs them): per step of k, a 4-lane splat of each of the 5 A values times two
// 4-lane B vectors into 10 vector accumulators — 80 flops for 2 vector loads and 5 splat loads.
// Five rows is what x86's 16 vector registers allow (10 accumulators, 2 B, 1 A, 1 product; V8
// keeps one as scratch): 6 rows spill, and the 5×8 tile measured ~1.2× the 4×8 one. Unrolling k
// measured slower in V8, so the loop does one step of k per turn.
// Everything else (packing, edges, batching) stays in JS. Where the runtime has relaxed SIMD
// (Chrome 114+; Node 20 only behind a flag) the multiply-adds are fused (f32x4.relaxed_madd, one
// rounding instead of two); the plain-SIMD module is the fallback, chosen when the engine loads.

import { I32, V128, instantiate, op, wasmModule } from './wasm';

/** Output rows per kernel call, so rows per packed A panel. */
export const KERNEL_ROWS = 5;

// kernel(pa, pb, out, k, rowStrideBytes): out[r][0..7] = Σ_kk pa[kk][r] · pb[kk][0..7], r < KERNEL_ROWS
const PA = 0, PB = 1, OUT = 2, K = 3, STRIDE = 4;
const ACC = 5; // 2 accumulators per row: row r, half h at ACC + 2r + h
const B0 = ACC + 2 * KERNEL_ROWS, B1 = B0 + 1, A = B1 + 1, END = A + 1;

function kernelCode(fma: boolean): number[] {
  const code: number[] = [
    ...op.localGet(PA), ...op.localGet(K), ...op.i32Const(4 * KERNEL_ROWS), ...op.i32Mul, ...op.i32Add, ...op.localSet(END),
    ...op.block,
    ...op.localGet(K), ...op.i32Eqz, ...op.brIf(0),
    ...op.loop,
    ...op.localGet(PB), ...op.v128Load(0), ...op.localSet(B0),
    ...op.localGet(PB), ...op.v128Load(16), ...op.localSet(B1),
  ];
  for (let r = 0; r < KERNEL_ROWS; r++) {
    if (fma) {
      code.push(
        ...op.localGet(PA), ...op.v128Load32Splat(4 * r), ...op.localTee(A),
        ...op.localGet(B0), ...op.localGet(ACC + 2 * r), ...op.f32x4RelaxedMadd, ...op.localSet(ACC + 2 * r),
        ...op.localGet(A), ...op.localGet(B1), ...op.localGet(ACC + 2 * r + 1), ...op.f32x4RelaxedMadd,
        ...op.localSet(ACC + 2 * r + 1),
      );
      continue;
    }
    code.push(
      ...op.localGet(ACC + 2 * r), ...op.localGet(PA), ...op.v128Load32Splat(4 * r), ...op.localTee(A),
      ...op.localGet(B0), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(ACC + 2 * r),
      ...op.localGet(ACC + 2 * r + 1), ...op.localGet(A), ...op.localGet(B1), ...op.f32x4Mul, ...op.f32x4Add,
      ...op.localSet(ACC + 2 * r + 1),
    );
  }
  code.push(
    ...op.localGet(PA), ...op.i32Const(4 * KERNEL_ROWS), ...op.i32Add, ...op.localTee(PA),
    ...op.localGet(PB), ...op.i32Const(32), ...op.i32Add, ...op.localSet(PB),
    ...op.localGet(END), ...op.i32LtU, ...op.brIf(0),
    ...op.end, // loop
    ...op.end, // block
  );
  for (let r = 0; r < KERNEL_ROWS; r++) {
    code.push(...op.localGet(OUT), ...op.localGet(ACC + 2 * r), ...op.v128Store(0));
    code.push(...op.localGet(OUT), ...op.localGet(ACC + 2 * r + 1), ...op.v128Store(16));
    code.push(...op.localGet(OUT), ...op.localGet(STRIDE), ...op.i32Add, ...op.localSet(OUT));
  }
  return code;
}

/**
 * The module's bytes: imports env.mem (a shared memory when `shared`, for threads), exports
 * `kernel`; `fma` uses relaxed SIMD's fused multiply-add.
 */
export function simdMatmulModule(fma = false, shared = false): Uint8Array<ArrayBuffer> {
  return wasmModule([{ name: 'kernel', params: 5, locals: [[2 * KERNEL_ROWS + 3, V128], [1, I32]], code: kernelCode(fma) }], shared);
}

export interface SimdKernel {
  /** Whether the kernel fuses its multiply-adds (relaxed SIMD). */
  fma: boolean;
  memory: WebAssembly.Memory;
  /** The compiled module, for worker threads to instantiate against the same (shared) memory. */
  module: WebAssembly.Module;
  kernel: (pa: number, pb: number, out: number, k: number, strideBytes: number) => void;
}

/**
 * Compiles the kernel with fused multiply-adds where relaxed SIMD validates (unless `allowFma` is
 * false), else with plain SIMD, against a shared memory when `shared`; null where WebAssembly SIMD
 * (or, with `shared`, shared memory) is missing.
 */
export function loadSimdKernel(allowFma = true, shared = false): SimdKernel | null {
  const fma = allowFma && typeof WebAssembly !== 'undefined' && WebAssembly.validate(simdMatmulModule(true));
  const wasm = instantiate(simdMatmulModule(fma, shared), shared);
  return wasm && { fma, memory: wasm.memory, module: wasm.module, kernel: wasm.exports.kernel as SimdKernel['kernel'] };
}
