// The training check's logic in Node on Dawn: a run that starts on WebGPU, loses its device
// mid-way and finishes on the CPU from its last snapshot, as the page's worker does.
import { afterAll, expect, test } from 'vitest';
import { cpuBackend } from '../../../engine/backends/cpu';
import { currentBackend, setBackend } from '../../../engine/backends/registry';
import { nodeWebGpuBackend } from '../../../engine/backends/webgpu/nodeGpu';
import { trainWithFallback, type Progress } from './webGpuTrainCheck';

afterAll(() => setBackend(cpuBackend));

test('a run that loses its GPU at step 12 finishes all 30 steps on the CPU, resuming from the step-10 snapshot', async () => {
  const webgpu = await nodeWebGpuBackend();
  const seen: Progress[] = [];
  const final = await trainWithFallback({
    steps: 30,
    snapshotEvery: 5,
    backend: 'webgpu',
    reason: 'forced for the test',
    webgpu,
    activate: async (name) => setBackend(name === 'webgpu' ? webgpu : cpuBackend),
    onProgress: (p) => {
      seen.push(p);
      if (p.step === 12 && p.backend === 'webgpu') webgpu.destroyDeviceForTest();
    },
  });
  expect(seen.filter((p) => p.backend === 'webgpu').map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  expect(final).toMatchObject({ step: 30, backend: 'cpu', resumedFrom: 10 });
  expect(final.fallbackStep).toBeGreaterThanOrEqual(12);
  expect(final.reason).toMatch(/lost at step \d+; continuing on the CPU from step 10/);
  expect(currentBackend().name).toBe('cpu');
  // Resumed, not restarted: the first CPU step is near the GPU's step-11 loss, far below the start.
  const firstCpu = seen.find((p) => p.backend === 'cpu')!;
  expect(firstCpu.step).toBe(11);
  expect(Math.abs(firstCpu.loss - seen[10].loss)).toBeLessThan(0.2);
  expect(final.loss).toBeLessThan(final.firstLoss - 0.5);
}, 60_000);
