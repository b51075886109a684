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
