// Runs the training check off the main thread on the backend the page chooses (honouring
// ?backend=), and destroys the GPU device on request, as a driver reset would.
import { currentBackend, selectBackend, type WebGpuBackend } from '../../engine/index';
import { serve, type CallContext } from '../../lib/worker';
import { runCheck, type Progress } from './webGpuTrainCheck';

const cpu = currentBackend();
let webgpu: WebGpuBackend | undefined;

const api = {
  async run(args: { search: string; steps: number }, ctx: CallContext<Progress>): Promise<Progress> {
    const choice = await selectBackend({ search: args.search, cpu });
    webgpu = choice.webgpu;
    return runCheck({ steps: args.steps, cpu, webgpu, reason: choice.reason, onProgress: ctx.progress });
  },
  /** False when there is no live GPU device to destroy. */
  async destroyDevice(): Promise<boolean> {
    if (!webgpu || webgpu.isLost) return false;
    webgpu.device.destroy();
    return true;
  },
};

export type TrainCheckApi = typeof api;
serve(api);
