// The engine's public API (PyTorch-like names; see SPEC "Engine contract"). Re-exports only.
export { Tensor, isTensor, type NestedArray, type TensorLike } from './tensor';
export { tensor, fromFloat32, zeros, ones, full, randn, rand, arange, type CreateOptions, type RandomOptions } from './creation';
export { noGrad, isGradEnabled } from './autograd';
export { tidy, keep, memory } from './memory';
export { Generator, defaultGenerator, manualSeed, type GeneratorState } from './random';
export { F } from './functional';
export { useBackend, backendName, registerBackend, currentBackend, setBackend, type BackendName } from './backends/registry';
export * as scalar from './scalar';
export type { Backend, Storage, Shape } from './backend';
export * as nn from './nn';
export * as optim from './optim';
export * as rl from './rl';
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
export { snapshotTraining, restoreTraining, type TrainingSnapshot } from './backends/snapshot';
