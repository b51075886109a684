// Reductions along dims, with PyTorch's dim/keepdim conventions. The backward of a reduction
// broadcasts the output's gradient back over the reduced dims.
import type { ReduceOp } from '../backend';
import { record } from '../autograd';
import { Tensor } from '../tensor';
import { normDim } from './shapes';

function dimsOf(a: Tensor, dim: number | number[] | undefined, op: string): number[] {
  const dims = dim === undefined ? a.shape.map((_, i) => i) : (Array.isArray(dim) ? dim : [dim]).map((d) => normDim(d, a.ndim, op));
  if (new Set(dims).size !== dims.length) throw new Error(`${op}: dim ${JSON.stringify(dim)} repeats a dim`);
  if (a.ndim === 0) return []; // a scalar has nothing to reduce; dim 0 / -1 name itself
  return dims.sort((x, y) => y - x); // highest first, so lower indices stay valid as dims go
}

const keptShape = (shape: readonly number[], dims: number[]) => shape.map((d, i) => (dims.includes(i) ? 1 : d));

/** Applies a backend reduction over several dims (one at a time). */
function reduceDims(op: ReduceOp, a: Tensor, dims: number[]): Tensor {
  let storage = a.storage;
  let shape = [...a.shape];
  for (const d of dims) {
    const next = a.backend.reduce(op, storage, shape, d);
    if (storage !== a.storage) a.backend.dispose(storage);
    storage = next;
    shape = shape.filter((_, i) => i !== d);
  }
  if (storage === a.storage) storage = a.backend.unary('pow', storage, 1); // reducing no dims still copies
  return new Tensor(storage, shape, a.backend);
}

export function sum(a: Tensor, dim?: number | number[], keepdim = false): Tensor {
  const dims = dimsOf(a, dim, 'sum');
  const reduced = reduceDims('sum', a, dims);
  const out = keepdim ? reshapeOwned(reduced, keptShape(a.shape, dims)) : reduced;
  return record(out, [a], (g) => [g.reshape(keptShape(a.shape, dims)).expand(a.shape)]);
}

export function mean(a: Tensor, dim?: number | number[], keepdim = false): Tensor {
  const dims = dimsOf(a, dim, 'mean');
  const count = dims.reduce((n, d) => n * a.shape[d], 1);
  return sum(a, dim, keepdim).div(count);
}

/** Maximum values (use argmax for indices). Tied maxima share the gradient equally. */
export function max(a: Tensor, dim?: number, keepdim = false): Tensor {
  const dims = dimsOf(a, dim, 'max');
  if (a.size === 0) throw new Error('max: tensor has no elements');
  const reduced = reduceDims('max', a, dims);
  const out = keepdim ? reshapeOwned(reduced, keptShape(a.shape, dims)) : reduced;
  return record(out, [a], (g) => {
    const winners = a.eq(out.reshape(keptShape(a.shape, dims)));
    const share = winners.div(winners.sum(dims, true));
    return [g.reshape(keptShape(a.shape, dims)).mul(share)];
  });
}

/** Index of the maximum along dim (over all elements, flattened, when dim is omitted). */
export function argmax(a: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) {
    const flat = a.reshape([a.size]);
    const out = reduceDims('argmax', flat, [0]);
    flat.dispose();
    return out;
  }
  const d = normDim(dim, a.ndim, 'argmax');
  if (a.ndim === 0) return new Tensor(a.backend.full(1, 0), [], a.backend);
  const out = reduceDims('argmax', a, [d]);
  return keepdim ? reshapeOwned(out, keptShape(a.shape, [d])) : out;
}

/** Reshape a tensor this module just made, without leaving the original alive. */
function reshapeOwned(t: Tensor, shape: number[]): Tensor {
  const view = t.shareStorage(shape);
  t.dispose();
  return view;
}
