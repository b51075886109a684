// Makes `useBackend('webgpu')` work. Importing this is cheap: the backend's module (kernels and
// all) loads only when WebGPU is first asked for, and one device is shared until it is lost.
import { registerBackend } from '../registry';
import type { WebGpuBackend } from './webgpuBackend';

let instance: Promise<WebGpuBackend> | null = null;

registerBackend('webgpu', async () => {
  const current = instance && (await instance.catch(() => null));
  if (current && !current.isLost) return current;
  instance = import('./webgpuBackend').then((m) => m.createWebGpuBackend());
  try {
    return await instance;
  } catch (e) {
    instance = null;
    throw new Error(`useBackend("webgpu"): ${(e as Error).message} The CPU backend still works.`);
  }
});
