// A run that starts on WebGPU (Dawn in Node), loses its device mid-way and finishes on the CPU
// from its last snapshot, as the page's workers do.
import { afterAll, expect, test } from 'vitest';
import { cpuBackend } from '../backends/cpu';
import { currentBackend, setBackend } from '../backends/registry';
import { nodeWebGpuBackend } from '../backends/webgpu/nodeGpu';
import { prepareCorpus } from '../data/corpus';
import { GPT } from '../nn/gpt';
import { manualSeed } from '../random';
import { trainWithFallback, type FallbackProgress } from './fallback';
import { Trainer } from './trainer';

afterAll(() => setBackend(cpuBackend));

const corpus = prepareCorpus('the quick brown fox jumps over the lazy dog. a neuron adds its inputs.\n'.repeat(16), 'prose');
const build = () => new Trainer(new GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0 }), corpus, { batchSize: 8, lr: 1e-2 });

test('a run that loses its GPU at step 12 finishes all 30 steps on the CPU, resuming from the step-10 snapshot', async () => {
  const webgpu = await nodeWebGpuBackend();
  manualSeed(1337);
  const seen: FallbackProgress[] = [];
  const final = await trainWithFallback({
    steps: 30,
    snapshotEvery: 5,
    cpu: cpuBackend,
    webgpu,
    reason: 'forced for the test',
    build,
    onProgress: (p) => {
      seen.push(p);
      if (p.step === 12 && p.backend === 'webgpu') webgpu.device.destroy();
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

test('an aborted run stops after the current step', async () => {
  manualSeed(1);
  const controller = new AbortController();
  const final = await trainWithFallback({
    steps: 100,
    cpu: cpuBackend,
    reason: 'CPU',
    build,
    signal: controller.signal,
    onProgress: (p) => p.step === 3 && controller.abort(),
  });
  expect(final.step).toBe(3);
});
