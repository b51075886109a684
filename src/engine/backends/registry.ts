// Which backend new tensors live on. The CPU backend is always there; WebGPU is registered
// lazily (its module is only loaded where it is used) and chosen with `useBackend`.
import type { Backend } from '../backend';
import { cpuBackend } from './cpu';
import type { BackendName } from './override';

export type { BackendName };

const factories = new Map<BackendName, () => Promise<Backend>>([['cpu', async () => cpuBackend]]);
let current: Backend = cpuBackend;

/** Makes a backend available to `useBackend` (the WebGPU module registers itself this way). */
export function registerBackend(name: BackendName, factory: () => Promise<Backend>): void {
  factories.set(name, factory);
}

/** Switches the backend that new tensors are created on. Rejects with the reason when it can't. */
export async function useBackend(name: BackendName): Promise<Backend> {
  const factory = factories.get(name);
  if (!factory) {
    const hasGpu = typeof navigator !== 'undefined' && 'gpu' in navigator && !!navigator.gpu;
    throw new Error(
      name === 'webgpu'
        ? hasGpu
          ? 'useBackend("webgpu"): the WebGPU backend is not loaded; import "src/engine/backends/webgpu/register" first'
          : 'useBackend("webgpu"): this environment has no WebGPU (navigator.gpu is missing); the CPU backend still works'
        : `useBackend: unknown backend "${name}" (use "cpu" or "webgpu")`,
    );
  }
  current = await factory();
  return current;
}

/** Sets an already created backend as current (tests, and the device-loss fallback). */
export function setBackend(backend: Backend): void {
  current = backend;
}

export function currentBackend(): Backend {
  return current;
}

export function backendName(): BackendName {
  return current.name;
}
