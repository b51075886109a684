// Tensors hold backend buffers (GPU memory on WebGPU) that JavaScript's garbage collector cannot
// see, so their lifetime is explicit: `dispose()`, or `tidy(fn)`, which frees every tensor made
// inside fn except what fn returns or `keep`s. A training step wrapped in tidy keeps memory flat.
import type { Tensor } from './tensor';
import { currentBackend } from './backends/registry';

const live = new Set<Tensor>();
const scopes: Set<Tensor>[] = [];

/** Called by every new tensor. */
export function track(t: Tensor): void {
  live.add(t);
  scopes.at(-1)?.add(t);
}

/** Called by `dispose()`. */
export function untrack(t: Tensor): void {
  live.delete(t);
  for (const s of scopes) s.delete(t);
}

/** Exempts a tensor from every enclosing tidy (parameters, gradients, optimizer state). */
export function keep<T extends Tensor>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}

function collect(value: unknown, out: Set<Tensor>, isTensor: (v: unknown) => v is Tensor, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (isTensor(value)) out.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out, isTensor, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, out, isTensor, depth + 1);
  }
}

let tensorCheck: (v: unknown) => v is Tensor = (v): v is Tensor => false;
/** tensor.ts registers how to recognise a Tensor (avoids an import cycle). */
export function setTensorCheck(check: (v: unknown) => v is Tensor): void {
  tensorCheck = check;
}

/**
 * Runs fn and disposes every tensor created inside it, except the tensors in its result (a
 * tensor, an array or a plain object of them) and those passed to `keep`. Those survive into
 * the enclosing tidy, if any.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    // Free what the synchronous part made, as when fn throws, so the mistake leaks nothing.
    for (const t of scope) t.dispose();
    throw new Error('tidy: fn must be synchronous (an async fn would free tensors it still uses)');
  }
  const survivors = new Set<Tensor>();
  collect(result, survivors, tensorCheck);
  for (const t of scope) if (!survivors.has(t)) t.dispose();
  const parent = scopes.at(-1);
  if (parent) for (const t of survivors) if (scope.has(t)) parent.add(t);
  return result;
}

/** Live tensors, and buffers the current backend holds. */
export function memory(): { tensors: number; buffers: number } {
  return { tensors: live.size, buffers: currentBackend().liveBuffers() };
}
