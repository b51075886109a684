// Runs the backend choice (device request and the one-second probe) off the main thread.
import { currentBackend, selectBackend } from '../../../engine/index';
import { serve } from '../../../lib/worker';
import type { BadgeChoice } from './backendBadge';

const api = {
  async choose(args: { search: string }): Promise<BadgeChoice> {
    const choice = await selectBackend({ search: args.search, cpu: currentBackend() });
    choice.webgpu?.destroy();
    return { backend: choice.backend, reason: choice.reason };
  },
};

export type BackendProbeApi = typeof api;
serve(api);
