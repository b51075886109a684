// The engine without tensors: plain-number pieces a page may use on the main thread without
// loading the tensor engine (chapter 1's sliders, the backend badge, seeded illustrations).
// Re-exports only, each from an import-free file; everything here is also in index.ts.
export * as scalar from './scalar';
export { activations, type ActivationName } from './scalar';
export { Generator, uniformStream } from './random';
export { shuffle } from './data/shuffle';
export { backendOverride, type BackendName } from './backends/override';
