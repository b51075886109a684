// A training run's state as plain arrays: the model's tensors under their stateDict names and the
// optimizer's tensors and settings. The in-memory snapshot (device-loss fallback) and the
// checkpoint file are both written from this one read.
import type { NamedTensor } from '../checkpoint/safetensors';
import type { Module } from '../nn/module';
import type { OptimizerState } from '../optim/optimizer';
import type { Tensor } from '../tensor';

export interface TrainingState {
  model: Record<string, NamedTensor>;
  optimizer: { tensors: Record<string, NamedTensor>; meta: Record<string, unknown> } | null;
}

/** Reads every tensor back at once (one submit and one batch of buffer maps on WebGPU). */
export async function readTrainingState(model: Module, optimizer?: { stateDict(): OptimizerState }): Promise<TrainingState> {
  const opt = optimizer?.stateDict();
  const named: [string, Tensor][] = Object.entries(model.stateDict());
  const optimNamed: [string, Tensor][] = Object.entries(opt?.tensors ?? {});
  const all = [...named, ...optimNamed];
  const values = await Promise.all(all.map(([, t]) => t.data()));
  const plain = all.map(([name, t], i): [string, NamedTensor] => [name, { shape: [...t.shape], data: values[i] }]);
  return {
    model: Object.fromEntries(plain.slice(0, named.length)),
    optimizer: opt ? { tensors: Object.fromEntries(plain.slice(named.length)), meta: structuredClone(opt.meta) } : null,
  };
}
