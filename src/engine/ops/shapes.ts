// Shape rules shared by the ops: dims, broadcasting, and reducing a gradient back to the shape
// of an input that was broadcast.
import { Tensor } from '../tensor';

export const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** PyTorch-style dim: negative counts from the end; a 0-d tensor accepts 0 and -1, as in PyTorch. */
export function normDim(dim: number, rank: number, op: string): number {
  const r = Math.max(rank, 1);
  const d = dim < 0 ? dim + r : dim;
  if (!Number.isInteger(dim) || d < 0 || d >= r) {
    throw new Error(`${op}: dim ${dim} is out of range for a tensor with ${rank} dims`);
  }
  return d;
}

/** NumPy broadcasting: align from the right; sizes must match or be 1. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new Error(`${op}: shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast together (size ${x} vs ${y} in dim ${i})`);
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

export const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Sums `grad` over the dims along which an input of `shape` was broadcast. */
export function sumToShape(grad: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const lead = grad.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < grad.ndim; i++) if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) dims.push(i);
  return grad.sum(dims, true).reshape([...shape]);
}
