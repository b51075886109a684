// The loop over output blocks of the WebAssembly matmul, shared by the calling thread and the
// worker threads (./threads.ts), so every thread computes its blocks in exactly the same order and
// a product is bit-identical whatever the thread count. Worker threads get this function as source
// text (`runBlocks.toString()`), so it must refer to nothing outside itself.

/**
 * A product's layout in the kernel's memory, in floats, as `job` holds it: A's, B's and the output's
 * offsets, k, rows per block, row blocks and padded columns per batch item, and each operand's step
 * per batch item.
 */
export const JOB_FIELDS = 10;

/**
 * Computes row blocks [start, end) of a batched product: block u is batch item ⌊u / mBlocks⌋, rows
 * h·(u mod mBlocks)…+h−1, all nPad columns, each h×8 tile by `kernel` (byte offsets, like the module).
 */
export function runBlocks(kernel: (pa: number, pb: number, out: number, k: number, strideBytes: number) => void,
  job: Int32Array, start: number, end: number): void {
  const aAt = job[0], bAt = job[1], outAt = job[2], k = job[3], h = job[4], mBlocks = job[5], nPad = job[6];
  const aStep = job[7], bStep = job[8], outStep = job[9];
  const chunk = 128; // columns of B per cache chunk: k × 128 floats of packed B stay in L2
  for (let u = start; u < end;) {
    const p = Math.floor(u / mBlocks);
    const stop = Math.min(end, (p + 1) * mBlocks);
    const a = aAt + p * aStep, b = bAt + p * bStep, o = outAt + p * outStep;
    for (let jc = 0; jc < nPad; jc += chunk) {
      const jEnd = Math.min(nPad, jc + chunk);
      for (let ib = u - p * mBlocks; ib < stop - p * mBlocks; ib++) {
        const i = ib * h;
        for (let j = jc; j < jEnd; j += 8) kernel(4 * (a + i * k), 4 * (b + j * k), 4 * (o + i * nPad + j), k, 4 * nPad);
      }
    }
    u = stop;
  }
}
