// Keeping a training run alive when the GPU goes away (driver reset, tab in the background too
// long, or a test destroying the device). Every few steps the run copies its parameters and
// optimizer state into plain arrays; when the WebGPU backend reports a lost device, the run
// switches the engine to the CPU, builds the model and optimizer again, loads the last snapshot
// and repeats the few steps since (fallback.ts). The reader loses seconds, never the run.
import type { NamedTensor } from '../checkpoint/safetensors';
import type { Module } from '../nn/module';
import type { OptimizerState, OptimizerStateSource } from '../optim/optimizer';
import { readTrainingState } from './state';

export interface TrainingSnapshot {
  /** Steps completed when the snapshot was taken. */
  step: number;
  model: Record<string, NamedTensor>;
  optimizer: { tensors: Record<string, NamedTensor>; meta: Record<string, unknown> };
}

export async function snapshotTraining(step: number, model: Module, optimizer: { stateDict(): OptimizerState }): Promise<TrainingSnapshot> {
  const state = await readTrainingState(model, optimizer);
  return { step, model: state.model, optimizer: state.optimizer! };
}

/** Loads a snapshot into a freshly built model and optimizer (on whichever backend is current). */
export function restoreTraining(snapshot: TrainingSnapshot, model: Module, optimizer: { loadStateDict(s: OptimizerStateSource): void }): void {
  model.loadStateDict(snapshot.model);
  optimizer.loadStateDict(snapshot.optimizer);
}
