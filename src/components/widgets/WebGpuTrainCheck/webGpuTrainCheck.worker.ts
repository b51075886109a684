// Runs the training check off the main thread: picks the backend (honouring ?backend=), trains,
// and exposes the test hook that destroys the GPU device.
import * as Comlink from 'comlink';
import { selectBackend } from '../../../engine/backends/select';
import { cpuBackend } from '../../../engine/backends/cpu';
import { setBackend } from '../../../engine/backends/registry';
import type { WebGpuBackend } from '../../../engine/backends/webgpu/webgpuBackend';
import { trainWithFallback, type Progress } from './webGpuTrainCheck';

let webgpu: WebGpuBackend | undefined;

const api = {
  async run(search: string, steps: number, onProgress: (p: Progress) => void): Promise<Progress> {
    const choice = await selectBackend({ search, cpu: cpuBackend });
    webgpu = choice.webgpu;
    return trainWithFallback({
      steps,
      backend: choice.backend,
      reason: choice.reason,
      webgpu,
      activate: async (name) => setBackend(name === 'webgpu' && webgpu ? webgpu : cpuBackend),
      onProgress,
    });
  },
  /** Test hook: destroys the GPU device as a driver reset would. False when there is none. */
  async destroyDevice(): Promise<boolean> {
    if (!webgpu || webgpu.isLost) return false;
    webgpu.destroyDeviceForTest();
    return true;
  },
};

export type TrainCheckApi = typeof api;
Comlink.expose(api);
