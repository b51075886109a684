// The engine's public API (PyTorch-like names, listed in docs/engine.md). Re-exports only; light.ts is
// the tensor-free part for pages that must not load the tensor engine.
export { Tensor, isTensor, type NestedArray, type TensorLike } from './tensor';
export { tensor, fromFloat32, zeros, ones, full, randn, rand, arange, type CreateOptions, type RandomOptions } from './creation';
export { noGrad, isGradEnabled } from './autograd';
export { tidy, keep, memory } from './memory';
export { Generator, defaultGenerator, manualSeed, type GeneratorState } from './random';
export { F } from './functional';
export { useBackend, backendName, registerBackend, currentBackend, setBackend, type BackendName } from './backends/registry';
export * as scalar from './scalar';
export type { ActivationName } from './scalar';
export type { TensorActivation } from './ops/activation';
export type { Backend, Storage, Shape } from './backend';
export * as nn from './nn';
export * as optim from './optim';
export { CharTokenizer, type CharTokenizerJSON } from './tokenizers/char';
export { BpeTokenizer, type BpeTokenizerJSON, type BpePattern, type MergeStep } from './tokenizers/bpe';
export { splitText, trainCount } from './data/split';
export { prepareNames, splitNames, namesToText, namesTokenizer, NAMES_VOCAB, NAME_BOUNDARY } from './data/names';
export { shuffle } from './data/shuffle';
export { sampleBatch } from './data/batch';
export { prepareCorpus, BUILTIN_DATASETS, type Corpus, type CorpusKind, type BuiltinDataset } from './data/corpus';
export { fetchText } from './data/fetch';
export { Trainer, type TrainerOptions } from './train/trainer';
export { saveCheckpoint, loadCheckpoint, gptFromCheckpoint, tokenizerFromJSON, type Checkpoint, type CheckpointInput, type Tokenizer } from './checkpoint/checkpoint';
export { readSafetensors, writeSafetensors, type NamedTensor, type SafetensorsFile } from './checkpoint/safetensors';
// Makes useBackend('webgpu') available; its module loads only when WebGPU is first asked for.
import './backends/webgpu/register';
export { selectBackend, backendOverride, type BackendChoice } from './backends/select';
export { snapshotTraining, restoreTraining, type TrainingSnapshot } from './train/snapshot';
export { readTrainingState, type TrainingState } from './train/state';
export { trainWithFallback, type FallbackOptions, type FallbackProgress } from './train/fallback';
export type { WebGpuBackend } from './backends/webgpu/webgpuBackend';
