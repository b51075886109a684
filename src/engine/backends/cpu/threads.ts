// Worker threads for the WebAssembly matmul: N − 1 workers instantiate the same kernel module
// against the calling thread's shared memory, and each product's row blocks are split N ways.
// The calling thread wakes the workers through a control block (Atomics.notify), computes its own
// share, then blocks (Atomics.wait) until they are done — which is why threads exist only in Node
// (worker_threads) and in browser workers of a cross-origin-isolated page: a page's main thread
// cannot block. Every block is computed by the same function in the same order (./matmulBlocks.ts),
// so results are bit-identical to one thread.
import { JOB_FIELDS, runBlocks } from './matmulBlocks';
import type { SimdKernel } from './simd';

// Control block (Int32 indices): a generation counter the workers wait on, the count of workers
// still busy, a stop flag, a failure flag, the job, then each worker's [start, end) of row blocks.
const GEN = 0, PENDING = 1, STOP = 2, FAILED = 3, JOB_AT = 4, RANGES_AT = JOB_AT + JOB_FIELDS;

interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  /** Where this worker's [start, end) sits in the control block. */
  range: number;
}

// Runs inside each worker, as source text: it refers to nothing but its arguments (the control
// indices 0…4 are GEN, PENDING, STOP, FAILED and JOB_AT). Instantiates the kernel on the shared
// memory, then serves jobs until stopped; a job that throws still counts as done, flagged, so the
// calling thread never waits forever.
function workerMain(data: WorkerData, ready: () => void, blocks: typeof runBlocks): void {
  const { exports } = new WebAssembly.Instance(data.module, { env: { mem: data.memory } });
  const kernel = exports.kernel as SimdKernel['kernel'];
  const ctl = new Int32Array(data.control);
  const job = ctl.subarray(4, data.range);
  let seen = Atomics.load(ctl, 0);
  ready();
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    seen = Atomics.load(ctl, 0);
    if (Atomics.load(ctl, 2)) return;
    try {
      blocks(kernel, job, ctl[data.range], ctl[data.range + 1]);
    } catch {
      Atomics.store(ctl, 3, 1);
    }
    if (Atomics.sub(ctl, 1, 1) === 1) Atomics.notify(ctl, 1);
  }
}

/** Source of a worker that runs `workerMain` with `runBlocks` once it receives its data. */
const workerSource = (node: boolean) => `
const runBlocks = ${runBlocks.toString()};
const workerMain = ${workerMain.toString()};
${node
    ? `const { parentPort, workerData } = require('node:worker_threads');
workerMain(workerData, () => parentPort.postMessage('ready'), runBlocks);`
    : `self.onmessage = (e) => workerMain(e.data, () => self.postMessage('ready'), runBlocks);`}`;

interface ThreadHandle { stop: () => void }

export interface ThreadPool {
  /** Threads in all, the calling one included. */
  size: number;
  /** Computes row blocks [0, total) of the job with every thread; returns when all are done. */
  run(kernel: SimdKernel['kernel'], job: Int32Array, total: number): void;
  /** Stops the workers (they exit; nothing else runs on them). */
  close(): void;
}

/** Whether this runtime can block a thread and share WebAssembly memory, so a pool can start. */
export function threadsSupported(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  if (isNode()) return true;
  // A browser: only a worker may block, and only an isolated page has SharedArrayBuffer at all.
  const g = globalThis as { crossOriginIsolated?: boolean; document?: unknown };
  return g.crossOriginIsolated === true && typeof g.document === 'undefined' && typeof Worker !== 'undefined';
}

const isNode = () => typeof process !== 'undefined' && !!process.versions?.node;

/** Starts `threads − 1` workers on `kernel`'s module and shared memory. */
export async function startPool(kernel: SimdKernel, threads: number): Promise<ThreadPool> {
  const workers = threads - 1;
  const control = new SharedArrayBuffer(4 * (RANGES_AT + 2 * workers));
  const ctl = new Int32Array(control);
  const handles: ThreadHandle[] = await Promise.all(Array.from({ length: workers }, (_, index) =>
    spawn({ module: kernel.module, memory: kernel.memory, control, range: RANGES_AT + 2 * index })));
  let closed = false;
  return {
    size: threads,
    run(run, job, total) {
      ctl.set(job, JOB_AT);
      // Contiguous, near-equal shares; the calling thread takes the last.
      const share = (t: number) => Math.round((t * total) / threads);
      for (let w = 0; w < workers; w++) {
        ctl[RANGES_AT + 2 * w] = share(w);
        ctl[RANGES_AT + 2 * w + 1] = share(w + 1);
      }
      Atomics.store(ctl, PENDING, workers);
      Atomics.add(ctl, GEN, 1);
      Atomics.notify(ctl, GEN);
      runBlocks(run, job, share(workers), total);
      for (let left = Atomics.load(ctl, PENDING); left !== 0; left = Atomics.load(ctl, PENDING)) Atomics.wait(ctl, PENDING, left);
      if (Atomics.load(ctl, FAILED)) throw new Error('a matmul worker thread failed; call setThreads(1) to carry on with one thread');
    },
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(ctl, STOP, 1);
      Atomics.add(ctl, GEN, 1);
      Atomics.notify(ctl, GEN);
      for (const h of handles) h.stop();
    },
  };
}

async function spawn(data: WorkerData): Promise<ThreadHandle> {
  if (isNode()) {
    // A variable specifier keeps bundlers from resolving Node's module for the browser build.
    const specifier = 'node:worker_threads';
    const { Worker: NodeWorker } = (await import(/* @vite-ignore */ specifier)) as typeof import('node:worker_threads');
    const worker = new NodeWorker(workerSource(true), { eval: true, workerData: data });
    worker.unref(); // an idle pool never keeps Node from exiting
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return { stop: () => void worker.terminate() };
  }
  const url = URL.createObjectURL(new Blob([workerSource(false)], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (e) => reject(new Error(`matmul thread failed to start: ${e.message}`));
    worker.postMessage(data);
  });
  return { stop: () => worker.terminate() };
}
