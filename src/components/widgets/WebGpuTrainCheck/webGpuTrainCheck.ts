// A tiny GPT trained step by step on the chosen backend, with the device-loss fallback the
// training studio uses too: a snapshot every few steps, and on a lost device the run rebuilds
// itself on the CPU from the last snapshot and repeats the steps since.
import { GPT } from '../../../engine/nn/gpt';
import { prepareCorpus } from '../../../engine/data/corpus';
import { Trainer } from '../../../engine/train/trainer';
import { manualSeed } from '../../../engine/tensor';
import { restoreTraining, snapshotTraining, type TrainingSnapshot } from '../../../engine/backends/snapshot';
import type { WebGpuBackend } from '../../../engine/backends/webgpu/webgpuBackend';

export interface Progress {
  step: number;
  loss: number;
  firstLoss: number;
  backend: 'cpu' | 'webgpu';
  /** The step at which the device was lost, or null. */
  fallbackStep: number | null;
  /** The snapshot step the CPU run resumed from, or null. */
  resumedFrom: number | null;
  reason: string;
}

export interface RunOptions {
  steps: number;
  snapshotEvery?: number;
  backend: 'cpu' | 'webgpu';
  reason: string;
  /** The WebGPU backend in use, whose device-loss notice triggers the fallback. */
  webgpu?: WebGpuBackend;
  /** Makes the engine compute on the named backend from now on. */
  activate: (name: 'cpu' | 'webgpu') => Promise<void>;
  onProgress: (p: Progress) => void;
}

const TEXT = `the quick brown fox jumps over the lazy dog. a neuron adds its weighted inputs and a bias.
gradient descent walks downhill on the loss. attention lets each token look back at the others.
`.repeat(8);

export const CHECK_CONFIG = { blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0, batchSize: 8, lr: 1e-2 };

function build(vocabSize: number) {
  const corpus = prepareCorpus(TEXT, 'prose');
  const { blockSize, nLayer, nHead, nEmbd, dropout, batchSize, lr } = CHECK_CONFIG;
  const model = new GPT({ vocabSize, blockSize, nLayer, nHead, nEmbd, dropout });
  const trainer = new Trainer(model, corpus, { batchSize, lr });
  return { model, trainer, corpus };
}

export async function trainWithFallback(opts: RunOptions): Promise<Progress> {
  const every = opts.snapshotEvery ?? 5;
  await opts.activate(opts.backend);
  manualSeed(1337);
  const vocab = prepareCorpus(TEXT, 'prose').tokenizer.vocabSize;
  let run = build(vocab);
  let snapshot: TrainingSnapshot = await snapshotTraining(0, run.model, run.trainer.optimizer);
  let lost = false;
  opts.webgpu?.onDeviceLost(() => (lost = true));
  const p: Progress = { step: 0, loss: NaN, firstLoss: NaN, backend: opts.backend, fallbackStep: null, resumedFrom: null, reason: opts.reason };

  const fallBack = async () => {
    lost = false;
    p.fallbackStep = run.trainer.step;
    await opts.activate('cpu');
    run = build(vocab);
    restoreTraining(snapshot, run.model, run.trainer.optimizer);
    run.trainer.step = snapshot.step;
    p.resumedFrom = snapshot.step;
    p.backend = 'cpu';
    p.reason = `The GPU device was lost at step ${p.fallbackStep}; continuing on the CPU from step ${snapshot.step}.`;
  };

  while (run.trainer.step < opts.steps) {
    if (lost || opts.webgpu?.isLost) {
      if (p.backend === 'webgpu') await fallBack();
    }
    let loss: number;
    try {
      const t = run.trainer.trainStep();
      loss = await t.item();
      t.dispose();
    } catch (e) {
      if (p.backend === 'webgpu' && (await opts.webgpu?.lostWithin(2000))) continue; // the loop falls back above
      throw e;
    }
    if (!Number.isFinite(loss)) throw new Error(`the loss became ${loss} at step ${run.trainer.step}`);
    p.step = run.trainer.step;
    p.loss = loss;
    if (Number.isNaN(p.firstLoss)) p.firstLoss = loss;
    if (p.step % every === 0) snapshot = await snapshotTraining(p.step, run.model, run.trainer.optimizer);
    opts.onProgress({ ...p });
  }
  return p;
}
