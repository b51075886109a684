// Nonlinearities and softmax. The CPU kernels use the scalar definitions in ../scalar, the same
// functions the chapter widgets plot (GELU's loops compute its tanh in a faster rational form).
import { record } from '../autograd';
import type { ActivationName } from '../scalar';
import { Tensor } from '../tensor';
import { geluBackward, unary } from './elementwise';
import { normDim } from './shapes';

export const tanh = (a: Tensor) => unary('tanh', a, (g, y) => g.mul(y.mul(y).neg().add(1))); // 1 - y²
export const sigmoid = (a: Tensor) => unary('sigmoid', a, (g, y) => g.mul(y.mul(y.neg().add(1)))); // y(1 - y)
export const relu = (a: Tensor) => unary('relu', a, (g) => g.mul(unary('step', a, null)));
export const gelu = (a: Tensor) => unary('gelu', a, (g) => geluBackward(g, a));

/** The tensor op of every activation in the scalar table (../scalar.ts) that has a gradient. */
export const ACTIVATION_OPS = { tanh, sigmoid, relu, gelu } satisfies Record<Exclude<ActivationName, 'step'>, (a: Tensor) => Tensor>;
export type TensorActivation = keyof typeof ACTIVATION_OPS;

/** Applies the named activation (F.activation('relu', x) is x.relu()). */
export const activation = (name: TensorActivation, a: Tensor): Tensor => ACTIVATION_OPS[name](a);

/** Runs a last-axis kernel along any dim by moving that dim last and back. */
function alongLastDim(a: Tensor, dim: number, op: string, kernel: (x: Tensor) => Tensor): Tensor {
  const d = normDim(dim, a.ndim, op);
  if (d >= a.ndim - 1) return kernel(a); // the last dim, or a 0-d tensor
  return kernel(a.transpose(d, -1)).transpose(d, -1);
}

/** log softmax over the last dim; its gradient is g − softmax·Σg. */
function lastDimLogSoftmax(a: Tensor): Tensor {
  const cols = a.shape.at(-1) ?? 1;
  const rows = a.size / Math.max(cols, 1);
  const y = new Tensor(a.backend.logSoftmax(a.storage, rows, cols), a.shape, a.backend);
  return record(y, [a], (g) => [g.sub(y.exp().mul(g.sum(-1, true)))]);
}

/**
 * softmax(scale·a) over the last dim, one kernel forward and one backward. `causal` (for
 * attention scores of shape (..., T, T)) zeroes the weights of later positions, as an additive
 * mask of -∞ would, without building the mask.
 */
export function scaledSoftmax(a: Tensor, scale = 1, causal = false): Tensor {
  const cols = a.shape.at(-1) ?? 1;
  const rows = a.size / Math.max(cols, 1);
  const y = new Tensor(a.backend.softmax(a.storage, rows, cols, scale, causal), a.shape, a.backend);
  return record(y, [a], (g) => [new Tensor(a.backend.softmaxBackward(y.storage, g.storage, rows, cols, scale), a.shape, a.backend)]);
}

export const softmax = (a: Tensor, dim: number) => alongLastDim(a, dim, 'softmax', (x) => scaledSoftmax(x));
export const logSoftmax = (a: Tensor, dim: number) => alongLastDim(a, dim, 'logSoftmax', lastDimLogSoftmax);
