// Runs the backend choice (device request and the one-second probe) off the main thread.
import * as Comlink from 'comlink';
import { selectBackend } from '../../../engine/backends/select';
import { cpuBackend } from '../../../engine/backends/cpu';
import type { BadgeChoice } from './backendBadge';

const api = {
  async choose(search: string): Promise<BadgeChoice> {
    const choice = await selectBackend({ search, cpu: cpuBackend });
    choice.webgpu?.destroy();
    return { backend: choice.backend, reason: choice.reason };
  },
};

export type BackendProbeApi = typeof api;
Comlink.expose(api);
