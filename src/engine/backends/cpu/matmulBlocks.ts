// The loop over output blocks of the WebAssembly matmul, shared by the calling thread and the
// worker threads (./threads.ts), so every thread computes its blocks in exactly the same order and
// a product is bit-identical whatever the thread count. Worker threads get this function as source
// text (`runBlocks.toString()`), so it must refer to nothing outside itself.

/**
 * A product's layout in the kernel's memory, in floats, as `job` holds it: A's, B's and the output's
 * offsets, k, rows per block, row blocks and padded columns per batch item, each operand's step
 * per batch item, and MatmulArgs' `causal` as its index in MATMUL_CAUSAL (src/kernels/ops.ts:
 * 0 none, 1 a masked output, 2 / 3 a lower / upper triangular A).
 */
export const JOB_FIELDS = 11;

/**
 * Computes row blocks [start, end) of a batched product: block u is batch item ⌊u / mBlocks⌋, rows
 * h·(u mod mBlocks)…+h−1, all nPad columns, each h×8 tile by `kernel` (byte offsets, like the module).
 */
export function runBlocks(kernel: (pa: number, pb: number, out: number, k: number, strideBytes: number) => void,
  job: Int32Array, start: number, end: number): void {
  const aAt = job[0], bAt = job[1], outAt = job[2], k = job[3], h = job[4], mBlocks = job[5], nPad = job[6];
  const aStep = job[7], bStep = job[8], outStep = job[9], causal = job[10];
  const chunk = 128; // columns of B per cache chunk: k × 128 floats of packed B stay in L2
  for (let u = start; u < end;) {
    const p = Math.floor(u / mBlocks);
    const stop = Math.min(end, (p + 1) * mBlocks);
    const a = aAt + p * aStep, b = bAt + p * bStep, o = outAt + p * outStep;
    for (let jc = 0; jc < nPad; jc += chunk) {
      for (let ib = u - p * mBlocks; ib < stop - p * mBlocks; ib++) {
        const i = ib * h;
        // Causal attention: rows i…i+h−1 need columns < i + h of a masked output (1), or only the
        // terms kk < i + h (2) or kk ≥ i (3) of a triangular A; panels are interleaved along k,
        // so a term range is an offset into both.
        const jEnd = Math.min(nPad, jc + chunk, causal === 1 ? i + h : nPad);
        const k0 = causal === 3 ? Math.min(i, k) : 0;
        const k1 = causal === 2 ? Math.min(i + h, k) : k;
        for (let j = jc; j < jEnd; j += 8) kernel(4 * (a + i * k + k0 * h), 4 * (b + j * k + k0 * 8), 4 * (o + i * nPad + j), k1 - k0, 4 * nPad);
      }
    }
    u = stop;
  }
}
