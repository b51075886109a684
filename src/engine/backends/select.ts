// Which backend should a page use? WebGPU only where it is likely to win: an adapter exists, it
// is real hardware (SwiftShader and other software adapters run on the CPU, slower than our CPU
// backend), and it beats the CPU in a short matmul probe. `?backend=cpu|webgpu` overrides all that.
import type { Backend, MatmulArgs } from '../backend';
import { acquireDevice, adapterName, type AdapterDescription } from './webgpu/device';
import type { WebGpuBackend } from './webgpu/webgpuBackend';
import { backendOverride, type BackendName } from './override';

export { backendOverride, type BackendName };

export interface BackendChoice {
  backend: BackendName;
  /** One sentence for the reader: which backend and why. */
  reason: string;
  /** The adapter, when one was found. */
  adapter?: AdapterDescription;
  /** The probed WebGPU backend when the choice is WebGPU (reuse it rather than opening a second device). */
  webgpu?: WebGpuBackend;
}

export interface SelectOptions {
  /** The page's query string (location.search); `backend=cpu|webgpu` forces a backend. */
  search?: string;
  /** The CPU backend, probed against the GPU. */
  cpu: Backend;
  /** GPU object; navigator.gpu when left out. */
  gpu?: GPU;
  /** Time for the probe, split between the backends. */
  probeMs?: number;
}

const PROBE_SIZE = 256;

/**
 * Best time of one 256×256 matmul in ms, over repeated bursts of 4 within `budgetMs` (after a
 * warm-up that compiles the GPU kernel). Each burst waits for its result, so the GPU is timed
 * with its submit and readback latency, as a training step would see it.
 */
export async function probeMatmulMs(b: Backend, budgetMs: number): Promise<number> {
  const n = PROBE_SIZE;
  const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const a = b.fromArray(data);
  const args: MatmulArgs = { batch: 1, m: n, k: n, n, transA: false, transB: false, aBatched: true, bBatched: true };
  const warm = b.matmul(a, a, args);
  await b.read(warm);
  b.dispose(warm);
  const burst = 4;
  let best = Infinity;
  const start = performance.now();
  do {
    const t0 = performance.now();
    const outs = Array.from({ length: burst }, () => b.matmul(a, a, args));
    await b.read(outs[burst - 1]);
    best = Math.min(best, (performance.now() - t0) / burst);
    for (const o of outs) b.dispose(o);
  } while (performance.now() - start < budgetMs);
  b.dispose(a);
  return best;
}

/** The probe's verdict: WebGPU only when its matmul was faster than the CPU's. */
export function chooseByProbe(adapter: string, gpuMs: number, cpuMs: number): { backend: BackendName; reason: string } {
  const ratio = cpuMs / gpuMs;
  if (ratio > 1) return { backend: 'webgpu', reason: `WebGPU on ${adapter}: ${ratio.toFixed(1)}× faster than the CPU in a one-second matmul probe.` };
  return {
    backend: 'cpu',
    reason: `CPU: the GPU (${adapter}) was slower than the CPU in a one-second matmul probe (${gpuMs.toFixed(1)} ms vs ${cpuMs.toFixed(1)} ms per 256² matmul).`,
  };
}

export async function selectBackend(opts: SelectOptions): Promise<BackendChoice> {
  const forced = backendOverride(opts.search);
  if (forced === 'cpu') return { backend: 'cpu', reason: 'CPU: chosen with ?backend=cpu in the address.' };

  let gpuBackend: WebGpuBackend;
  try {
    const acquired = await acquireDevice(opts.gpu);
    // Loaded only here, so pages that never get a device never download the kernels.
    const { WebGpuBackend } = await import('./webgpu/webgpuBackend');
    gpuBackend = new WebGpuBackend(acquired);
  } catch (e) {
    const why = (e as Error).message;
    return {
      backend: 'cpu',
      reason: forced
        ? `CPU: ?backend=webgpu was asked for, but WebGPU cannot run here (${why}) so the CPU runs instead.`
        : `CPU: ${why}`,
    };
  }
  const adapter = gpuBackend.adapterInfo;
  const name = adapterName(adapter);
  if (forced === 'webgpu') {
    const soft = adapter.software ? ', a software adapter' : '';
    return { backend: 'webgpu', adapter, webgpu: gpuBackend, reason: `WebGPU on ${name}${soft}: chosen with ?backend=webgpu in the address.` };
  }
  if (adapter.software) {
    gpuBackend.destroy();
    return {
      backend: 'cpu',
      adapter,
      reason: `CPU: the only WebGPU adapter is software (${name}), which is slower than the CPU path.`,
    };
  }
  const budget = (opts.probeMs ?? 1000) / 2;
  const [gpuMs, cpuMs] = [await probeMatmulMs(gpuBackend, budget), await probeMatmulMs(opts.cpu, budget)];
  const choice = chooseByProbe(name, gpuMs, cpuMs);
  if (choice.backend === 'webgpu') return { ...choice, adapter, webgpu: gpuBackend };
  gpuBackend.destroy();
  return { ...choice, adapter };
}
