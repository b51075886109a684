// Changing how values are arranged. reshape shares storage (no copy); transpose, permute,
// narrow and expand copy into a new contiguous layout, which keeps every kernel simple.
import { record } from '../autograd';
import { Tensor } from '../tensor';
import { fmt, normDim, sameShape, sumToShape } from './shapes';

export function reshape(a: Tensor, shape: number[]): Tensor {
  if (!Array.isArray(shape)) throw new Error(`reshape: shape must be an array, got ${typeof shape}`);
  const free = shape.indexOf(-1);
  if (free !== shape.lastIndexOf(-1)) throw new Error(`reshape: only one dim can be -1, got ${fmt(shape)}`);
  const known = shape.reduce((n, d, i) => (i === free ? n : n * d), 1);
  const target = shape.map((d, i) => (i === free ? a.size / known : d));
  if (target.some((d) => !Number.isInteger(d) || d < 0) || target.reduce((x, y) => x * y, 1) !== a.size) {
    throw new Error(`reshape: cannot reshape a tensor of shape ${fmt(a.shape)} (${a.size} values) into ${fmt(shape)}`);
  }
  const out = a.shareStorage(target);
  return record(out, [a], (g) => [g.reshape(a.shape)]);
}

export function unsqueeze(a: Tensor, dim: number): Tensor {
  const d = normDim(dim, a.ndim + 1, 'unsqueeze');
  return reshape(a, [...a.shape.slice(0, d), 1, ...a.shape.slice(d)]);
}

export function squeeze(a: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(a, a.shape.filter((d) => d !== 1));
  const d = normDim(dim, a.ndim, 'squeeze');
  return a.shape[d] === 1 ? reshape(a, a.shape.filter((_, i) => i !== d)) : reshape(a, a.shape);
}

export function permute(a: Tensor, dims: number[]): Tensor {
  const perm = dims.map((d) => normDim(d, a.ndim, 'permute'));
  if (perm.length !== a.ndim || new Set(perm).size !== perm.length) {
    throw new Error(`permute: ${fmt(dims)} is not a permutation of the ${a.ndim} dims of a tensor of shape ${fmt(a.shape)}`);
  }
  const shape = perm.map((p) => a.shape[p]);
  const out = new Tensor(a.backend.permute(a.storage, a.shape, perm), shape, a.backend);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return record(out, [a], (g) => [g.permute(inverse)]);
}

export function transpose(a: Tensor, dim0: number, dim1: number): Tensor {
  const d0 = normDim(dim0, a.ndim, 'transpose');
  const d1 = normDim(dim1, a.ndim, 'transpose');
  const perm = a.shape.map((_, i) => (i === d0 ? d1 : i === d1 ? d0 : i));
  return permute(a, perm);
}

/** `length` entries of dim starting at `start` (PyTorch's narrow). */
export function narrow(a: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normDim(dim, a.ndim, 'narrow');
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > a.shape[d]) {
    throw new Error(`narrow: [${start}, ${start + length}) is outside dim ${dim} of size ${a.shape[d]} (shape ${fmt(a.shape)})`);
  }
  const shape = a.shape.map((s, i) => (i === d ? length : s));
  const out = new Tensor(a.backend.narrow(a.storage, a.shape, d, start, length), shape, a.backend);
  return record(out, [a], (g) => [new Tensor(a.backend.unnarrow(g.storage, shape, d, start, a.shape), a.shape, a.backend)]);
}

/** Broadcasts to a larger shape (copying); the gradient sums back. */
export function expand(a: Tensor, shape: number[]): Tensor {
  const lead = shape.length - a.ndim;
  const target = shape.map((s, i) => (s === -1 ? a.shape[i - lead] : s));
  const ok = lead >= 0 && a.shape.every((s, i) => s === target[i + lead] || s === 1);
  if (!ok) throw new Error(`expand: cannot expand shape ${fmt(a.shape)} to ${fmt(shape)}`);
  // Only new leading 1s (e.g. [m, k] → [1, m, k] for a batched matmul): the same values, no copy.
  if (target.reduce((x, y) => x * y, 1) === a.size) return reshape(a, target);
  const out = new Tensor(a.backend.expand(a.storage, a.shape, target), target, a.backend);
  return record(out, [a], (g) => [sumToShape(g, a.shape)]);
}

/** A copy with its own storage; the gradient passes through unchanged. */
export function copy(a: Tensor): Tensor {
  const out = new Tensor(a.backend.copy(a.storage), a.shape, a.backend);
  return record(out, [a], (g) => [g]);
}
