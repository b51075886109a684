// Making tensors. Random values come from the one seeded generator (./random), drawn in JS and
// uploaded, so a seed gives the same numbers on every backend.
import { currentBackend } from './backends/registry';
import { defaultGenerator, type Generator } from './random';
import { Tensor, type NestedArray } from './tensor';

export interface CreateOptions {
  requiresGrad?: boolean;
}

export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

function checkShape(shape: readonly number[], op: string): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${op}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
}

/** Wraps values already laid out row-major. */
export function fromFloat32(data: Float32Array, shape: readonly number[], options: CreateOptions = {}): Tensor {
  checkShape(shape, 'tensor');
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new Error(`tensor: ${data.length} values do not fill shape [${shape.join(', ')}] (${n} values)`);
  const backend = currentBackend();
  const t = new Tensor(backend.fromArray(data), shape, backend);
  t.requiresGrad = options.requiresGrad ?? false;
  return t;
}

function inferShape(data: NestedArray, path = 'data'): number[] {
  if (typeof data === 'number') return [];
  if (!Array.isArray(data)) throw new Error(`tensor: ${path} is ${typeof data}; expected a number or an array`);
  if (data.length === 0) return [0];
  const inner = inferShape(data[0], `${path}[0]`);
  for (let i = 1; i < data.length; i++) {
    const s = inferShape(data[i], `${path}[${i}]`);
    if (s.join() !== inner.join()) {
      throw new Error(`tensor: ragged nested array: ${path}[0] has shape [${inner}] but ${path}[${i}] has shape [${s}]`);
    }
  }
  return [data.length, ...inner];
}

/** tensor([[1, 2], [3, 4]]), tensor(3), or tensor(float32Array) for a 1-D tensor. */
export function tensor(data: NestedArray | Float32Array | readonly number[], options: CreateOptions = {}): Tensor {
  if (data instanceof Float32Array) return fromFloat32(data, [data.length], options);
  const shape = inferShape(data as NestedArray);
  const flat = typeof data === 'number' ? [data] : (data as unknown[]).flat(Infinity as 1) as number[];
  for (const v of flat) if (typeof v !== 'number') throw new Error(`tensor: every value must be a number, got ${typeof v}`);
  return fromFloat32(Float32Array.from(flat), shape, options);
}

export function full(shape: number[], value: number, options: CreateOptions = {}): Tensor {
  checkShape(shape, 'full');
  const backend = currentBackend();
  const t = new Tensor(backend.full(shape.reduce((a, b) => a * b, 1), value), shape, backend);
  t.requiresGrad = options.requiresGrad ?? false;
  return t;
}

export const zeros = (shape: number[], options?: CreateOptions) => full(shape, 0, options);
export const ones = (shape: number[], options?: CreateOptions) => full(shape, 1, options);

function random(shape: number[], draw: (g: Generator) => number, options: RandomOptions, op: string): Tensor {
  checkShape(shape, op);
  const g = options.generator ?? defaultGenerator();
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = draw(g);
  return fromFloat32(data, shape, options);
}

/** Standard normal values. */
export const randn = (shape: number[], options: RandomOptions = {}) => random(shape, (g) => g.normal(), options, 'randn');
/** Uniform values in [0, 1). */
export const rand = (shape: number[], options: RandomOptions = {}) => random(shape, (g) => g.random(), options, 'rand');

/** arange(end) or arange(start, end, step), as PyTorch. */
export function arange(start: number, end?: number, step = 1): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new Error('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((end - start) / step));
  return fromFloat32(Float32Array.from({ length: n }, (_, i) => start + i * step), [n]);
}
