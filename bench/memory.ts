// `npm run bench -- --memory`: does a long run of nanoGPT's CPU recipe keep its memory flat? It
// trains through the CLI's Trainer as `npm run train` does (evaluation over 20 batches per split
// and a checkpoint every 100 steps, plus a 200-token sample there as the studio takes one) and
// every 50 steps records live tensors, backend
// buffers, the JS heap after a forced full GC, ArrayBuffer bytes, the CPU pool's pooled floats and
// the arrays the pool had to make new since the last row. Flat means the last row ≈ the row at
// step 100, once the pool and the wasm memories have grown to the step's needs.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cpuBackend } from '../src/engine/backends/cpu/cpuBackend';
import { memory } from '../src/engine/memory';
import { tensor } from '../src/engine/tensor';
import { nanoGptCpuRecipe } from './gpt-step';

export interface MemoryRow {
  step: number;
  tensors: number;
  buffers: number;
  /** JS heap used after a full GC, bytes. */
  heapUsed: number;
  /** process.memoryUsage().arrayBuffers after the same GC, bytes. */
  arrayBuffers: number;
  rss: number;
  pooledFloats: number;
  /** Arrays the pool made new per step since the previous row (evaluation included). */
  freshPerStep: number;
  trainMs: number;
}

/** Node's full GC without --expose-gc on the command line (tsx starts node for us). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export async function memoryRun(opts: { steps: number; every?: number; evalEvery?: number; onRow?: (r: MemoryRow) => void }): Promise<MemoryRow[]> {
  const every = opts.every ?? 50;
  const evalEvery = opts.evalEvery ?? 100;
  const gc = exposeGc();
  const { model, trainer } = await nanoGptCpuRecipe();
  const rows: MemoryRow[] = [];
  let fresh = cpuBackend.pool.freshArrays;
  let trainMs = 0;
  const record = () => {
    gc();
    const m = memory();
    const u = process.memoryUsage();
    const made = cpuBackend.pool.freshArrays;
    const steps = rows.length ? trainer.step - rows.at(-1)!.step : Math.max(1, trainer.step);
    const row = { step: trainer.step, tensors: m.tensors, buffers: m.buffers, heapUsed: u.heapUsed, arrayBuffers: u.arrayBuffers, rss: u.rss, pooledFloats: cpuBackend.pool.pooledFloats, freshPerStep: (made - fresh) / steps, trainMs };
    fresh = made;
    rows.push(row);
    opts.onRow?.(row);
  };
  record();
  while (trainer.step < opts.steps) {
    const t0 = performance.now();
    const loss = trainer.trainStep();
    await loss.item();
    loss.dispose();
    trainMs += performance.now() - t0;
    if (trainer.step % evalEvery === 0 || trainer.step === opts.steps) {
      await trainer.estimateLoss();
      await trainer.save({ data: 'moby' }); // the bytes the CLI would write
      const start = tensor([[0]]);
      (await model.generate(start, 200, { seed: trainer.step })).dispose();
      start.dispose();
    }
    if (trainer.step % every === 0 || trainer.step === opts.steps) record();
  }
  return rows;
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

export function memoryTable(rows: MemoryRow[]): string[] {
  return [
    '| step | live tensors | backend buffers | JS heap after GC (MB) | ArrayBuffers (MB) | RSS (MB) | pooled floats (M) | fresh arrays per step |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.step} | ${r.tensors} | ${r.buffers} | ${mb(r.heapUsed)} | ${mb(r.arrayBuffers)} | ${mb(r.rss)} | ${(r.pooledFloats / 1e6).toFixed(2)} | ${r.freshPerStep.toFixed(2)} |`),
  ];
}

/** Least-squares slope of `value` against `step`, per 100 steps: how fast a measure grows. */
export function slopePer100<T extends { step: number }>(rows: T[], value: (r: T) => number): number {
  const n = rows.length;
  const mx = rows.reduce((s, r) => s + r.step, 0) / n;
  const my = rows.reduce((s, r) => s + value(r), 0) / n;
  const sxy = rows.reduce((s, r) => s + (r.step - mx) * (value(r) - my), 0);
  const sxx = rows.reduce((s, r) => s + (r.step - mx) ** 2, 0);
  return sxx > 0 ? (100 * sxy) / sxx : 0;
}

/** Growth per 100 steps of each measure over the rows from step `from` on (after warm-up). */
export function slopes(rows: MemoryRow[], from = 100): { tensors: number; heapMB: number; arrayBuffersMB: number; rssMB: number } {
  const after = rows.filter((r) => r.step >= from);
  return {
    tensors: slopePer100(after, (r) => r.tensors),
    heapMB: slopePer100(after, (r) => r.heapUsed / 2 ** 20),
    arrayBuffersMB: slopePer100(after, (r) => r.arrayBuffers / 2 ** 20),
    rssMB: slopePer100(after, (r) => r.rss / 2 ** 20),
  };
}
