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

// Packing, the same panels ./matmul.ts's JS packs, from operands staged in the module's memory:
// a panel holds w rows (of A; columns of B) interleaved along k, panel[kk][r]. JS packing cost
// about a third of the kernels' time in a GPT step. Each call packs one whole panel; ./matmul.ts
// does a partial last panel and a k not a multiple of 4 in JS.

/** copy{w}(src, dst, k, ld): panel[kk][0..w) = src[kk·ld …] — the w values are contiguous in the source (bytes). */
function copyPanelCode(w: 5 | 8): number[] {
  const SRC = 0, DST = 1, K = 2, LD = 3, END = 4;
  return [
    ...op.localGet(DST), ...op.localGet(K), ...op.i32Const(4 * w), ...op.i32Mul, ...op.i32Add, ...op.localSet(END),
    ...op.block, ...op.localGet(K), ...op.i32Eqz, ...op.brIf(0), ...op.loop,
    ...op.localGet(DST), ...op.localGet(SRC), ...op.v128Load(0), ...op.v128Store(0),
    ...(w === 8
      ? [...op.localGet(DST), ...op.localGet(SRC), ...op.v128Load(16), ...op.v128Store(16)]
      : [...op.localGet(DST), ...op.localGet(SRC), ...op.f32Load(16), ...op.f32Store(16)]),
    ...op.localGet(SRC), ...op.localGet(LD), ...op.i32Add, ...op.localSet(SRC),
    ...op.localGet(DST), ...op.i32Const(4 * w), ...op.i32Add, ...op.localTee(DST),
    ...op.localGet(END), ...op.i32LtU, ...op.brIf(0),
    ...op.end, ...op.end,
  ];
}

/** f32 lanes a0…a3 of a 4-lane shuffle of two vectors (lanes 4…7 are the second's). */
const lanes = (...ls: number[]) => op.i8x16Shuffle(ls.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));

/**
 * transpose{w}(src, dst, k4, ld): panel[kk][r] = src[r·ld + kk] for kk < k4 (a multiple of 4) —
 * the source rows are the panel's rows. Four values of each row at a time, 4×4 blocks turned by
 * shuffles; a fifth row goes lane by lane.
 */
function transposePanelCode(w: 5 | 8): number[] {
  const SRC = 0, DST = 1, K4 = 2, LD = 3, ROW = 4, END = ROW + w; // i32: row pointers, end
  const R = END + 1, T = R + w; // v128: the rows' four values, then shuffle temporaries
  const code: number[] = [];
  for (let r = 0; r < w; r++) code.push(...op.localGet(SRC), ...op.localGet(LD), ...op.i32Const(r), ...op.i32Mul, ...op.i32Add, ...op.localSet(ROW + r));
  code.push(
    ...op.localGet(DST), ...op.localGet(K4), ...op.i32Const(4 * w), ...op.i32Mul, ...op.i32Add, ...op.localSet(END),
    ...op.block, ...op.localGet(K4), ...op.i32Eqz, ...op.brIf(0), ...op.loop,
  );
  for (let r = 0; r < w; r++) {
    code.push(...op.localGet(ROW + r), ...op.v128Load(0), ...op.localSet(R + r));
    code.push(...op.localGet(ROW + r), ...op.i32Const(16), ...op.i32Add, ...op.localSet(ROW + r));
  }
  for (let g = 0; g + 4 <= w; g += 4) {
    const [r0, r1, r2, r3] = [R + g, R + g + 1, R + g + 2, R + g + 3];
    // interleave pairs of rows, then pairs of pairs: column c of the block in vector c
    const pairs: [number, number, number[]][] = [[r0, r1, [0, 4, 1, 5]], [r0, r1, [2, 6, 3, 7]], [r2, r3, [0, 4, 1, 5]], [r2, r3, [2, 6, 3, 7]]];
    pairs.forEach(([x, y, ls], t) => code.push(...op.localGet(x), ...op.localGet(y), ...lanes(...ls), ...op.localSet(T + t)));
    const cols: [number, number, number[]][] = [[T, T + 2, [0, 1, 4, 5]], [T, T + 2, [2, 3, 6, 7]], [T + 1, T + 3, [0, 1, 4, 5]], [T + 1, T + 3, [2, 3, 6, 7]]];
    cols.forEach(([x, y, ls], c) => code.push(...op.localGet(DST), ...op.localGet(x), ...op.localGet(y), ...lanes(...ls), ...op.v128Store(4 * (c * w + g))));
  }
  if (w === 5) {
    for (let c = 0; c < 4; c++) code.push(...op.localGet(DST), ...op.localGet(R + 4), ...op.f32x4ExtractLane(c), ...op.f32Store(4 * (c * w + 4)));
  }
  code.push(
    ...op.localGet(DST), ...op.i32Const(16 * w), ...op.i32Add, ...op.localTee(DST),
    ...op.localGet(END), ...op.i32LtU, ...op.brIf(0),
    ...op.end, ...op.end,
  );
  return code;
}

/**
 * The module's bytes: imports env.mem (a shared memory when `shared`, for threads), exports
 * `kernel` and the packing functions; `fma` uses relaxed SIMD's fused multiply-add.
 */
export function simdMatmulModule(fma = false, shared = false): Uint8Array<ArrayBuffer> {
  const packing = ([5, 8] as const).flatMap((w) => [
    { name: `copy${w}`, params: 4, locals: [[1, I32]] as [number, number][], code: copyPanelCode(w) },
    { name: `transpose${w}`, params: 4, locals: [[w + 1, I32], [w + 4, V128]] as [number, number][], code: transposePanelCode(w) },
  ]);
  return wasmModule([{ name: 'kernel', params: 5, locals: [[2 * KERNEL_ROWS + 3, V128], [1, I32]], code: kernelCode(fma) }, ...packing], shared);
}

/** Packs one whole panel of w rows (bytes): from contiguous runs (`copy`) or from rows to transpose (`transpose`, k a multiple of 4). */
export type PanelPacker = (src: number, dst: number, k: number, ldBytes: number) => void;

export interface SimdKernel {
  /** Whether the kernel fuses its multiply-adds (relaxed SIMD). */
  fma: boolean;
  memory: WebAssembly.Memory;
  /** The compiled module, for worker threads to instantiate against the same (shared) memory. */
  module: WebAssembly.Module;
  kernel: (pa: number, pb: number, out: number, k: number, strideBytes: number) => void;
  /** Panel packing by width: 5 (KERNEL_ROWS, A) and 8 (B). */
  copy: Record<5 | 8, PanelPacker>;
  transpose: Record<5 | 8, PanelPacker>;
}

/**
 * Compiles the kernel with fused multiply-adds where relaxed SIMD validates (unless `allowFma` is
 * false), else with plain SIMD, against a shared memory when `shared`; null where WebAssembly SIMD
 * (or, with `shared`, shared memory) is missing.
 */
export function loadSimdKernel(allowFma = true, shared = false): SimdKernel | null {
  const fma = allowFma && typeof WebAssembly !== 'undefined' && WebAssembly.validate(simdMatmulModule(true));
  const wasm = instantiate(simdMatmulModule(fma, shared), shared);
  if (!wasm) return null;
  const fn = (name: string) => wasm.exports[name] as PanelPacker;
  return {
    fma, memory: wasm.memory, module: wasm.module, kernel: wasm.exports.kernel as SimdKernel['kernel'],
    copy: { 5: fn('copy5'), 8: fn('copy8') }, transpose: { 5: fn('transpose5'), 8: fn('transpose8') },
  };
}
