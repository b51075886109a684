// Nonlinearities and softmax. The CPU kernels use the scalar definitions in ../scalar, the same
// functions the chapter widgets plot (GELU's loops compute its tanh in a faster rational form).
import { record } from '../autograd';
import type { ActivationName } from '../scalar';
import { Tensor } from '../tensor';
import { unary } from './elementwise';
import { normDim } from './shapes';

export const tanh = (a: Tensor) => unary('tanh', a, (g, y) => g.mul(y.mul(y).neg().add(1))); // 1 - y²
export const sigmoid = (a: Tensor) => unary('sigmoid', a, (g, y) => g.mul(y.mul(y.neg().add(1)))); // y(1 - y)
export const relu = (a: Tensor) => unary('relu', a, (g) => g.mul(unary('step', a, null)));
export const gelu = (a: Tensor) => unary('gelu', a, (g) => g.mul(unary('geluGrad', a, null)));

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

function lastDimSoftmax(a: Tensor, log: boolean): Tensor {
  const cols = a.shape.at(-1) ?? 1;
  const rows = a.size / Math.max(cols, 1);
  const storage = log ? a.backend.logSoftmax(a.storage, rows, cols) : a.backend.softmax(a.storage, rows, cols);
  const y = new Tensor(storage, a.shape, a.backend);
  return record(y, [a], (g) =>
    log
      ? [g.sub(y.exp().mul(g.sum(-1, true)))] // g - softmax·Σg
      : [y.mul(g.sub(g.mul(y).sum(-1, true)))], // y·(g - Σ g·y)
  );
}

export const softmax = (a: Tensor, dim: number) => alongLastDim(a, dim, 'softmax', (x) => lastDimSoftmax(x, false));
export const logSoftmax = (a: Tensor, dim: number) => alongLastDim(a, dim, 'logSoftmax', (x) => lastDimSoftmax(x, true));
