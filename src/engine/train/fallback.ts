// Training that survives a lost GPU: a snapshot every few steps, and when the WebGPU device is
// lost the run switches the engine to the CPU, builds its trainer again, restores the last
// snapshot and repeats the steps since. The training studio and the WebGPU check both train this way.
import type { Backend } from '../backend';
import { setBackend } from '../backends/registry';
import type { WebGpuBackend } from '../backends/webgpu/webgpuBackend';
import { restoreTraining, snapshotTraining, type TrainingSnapshot } from './snapshot';
import type { Trainer } from './trainer';

export interface FallbackProgress {
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

export interface FallbackOptions {
  steps: number;
  snapshotEvery?: number;
  /** The CPU backend the run falls back to. */
  cpu: Backend;
  /** The WebGPU backend to start on; the run starts on the CPU when it is left out. */
  webgpu?: WebGpuBackend;
  /** Why this backend: the sentence the reader sees until a fallback replaces it. */
  reason: string;
  /** Builds the model and its trainer on the current backend (again after a fallback). */
  build(): Trainer;
  onProgress?(p: FallbackProgress): void;
  /** Stops the run after the current step. */
  signal?: AbortSignal;
}

export async function trainWithFallback(opts: FallbackOptions): Promise<FallbackProgress> {
  const every = opts.snapshotEvery ?? 5;
  const webgpu = opts.webgpu;
  setBackend(webgpu ?? opts.cpu);
  let trainer = opts.build();
  let snapshot: TrainingSnapshot = await snapshotTraining(trainer.step, trainer.model, trainer.optimizer);
  let lost = false;
  webgpu?.onDeviceLost(() => (lost = true));
  const p: FallbackProgress = {
    step: trainer.step,
    loss: NaN,
    firstLoss: NaN,
    backend: webgpu ? 'webgpu' : 'cpu',
    fallbackStep: null,
    resumedFrom: null,
    reason: opts.reason,
  };

  const fallBack = () => {
    lost = false;
    p.fallbackStep = trainer.step;
    setBackend(opts.cpu);
    trainer = opts.build();
    restoreTraining(snapshot, trainer.model, trainer.optimizer);
    trainer.step = snapshot.step;
    p.resumedFrom = snapshot.step;
    p.backend = 'cpu';
    p.reason = `The GPU device was lost at step ${p.fallbackStep}; continuing on the CPU from step ${snapshot.step}.`;
  };

  while (trainer.step < opts.steps && !opts.signal?.aborted) {
    if ((lost || webgpu?.isLost) && p.backend === 'webgpu') fallBack();
    let loss: number;
    try {
      const t = trainer.trainStep();
      loss = await t.item();
      t.dispose();
    } catch (e) {
      if (p.backend === 'webgpu' && (await webgpu?.lostWithin(2000))) continue; // the loop falls back above
      throw e;
    }
    if (!Number.isFinite(loss)) throw new Error(`the loss became ${loss} at step ${trainer.step}`);
    p.step = trainer.step;
    p.loss = loss;
    if (Number.isNaN(p.firstLoss)) p.firstLoss = loss;
    if (p.step % every === 0) snapshot = await snapshotTraining(p.step, trainer.model, trainer.optimizer);
    opts.onProgress?.({ ...p });
  }
  return p;
}
