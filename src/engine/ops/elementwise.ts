// Arithmetic with broadcasting. Each op: compute the output on the backend, then record how the
// gradient of the output flows back to each input (summed over broadcast dims).
import type { BinaryOp, UnaryOp } from '../backend';
import { record } from '../autograd';
import { Tensor, type TensorLike } from '../tensor';
import { broadcastShapes, sumToShape } from './shapes';

type LocalGrads = (g: Tensor) => [Tensor | null, Tensor | null];

function binary(op: BinaryOp, a: Tensor, b: TensorLike, grads?: LocalGrads): Tensor {
  if (!(a instanceof Tensor)) throw new Error(`${op}: expected a Tensor, got ${typeof a}`);
  const isNumber = typeof b === 'number';
  if (!isNumber && !(b instanceof Tensor)) throw new Error(`${op}: the other operand must be a Tensor or a number, got ${typeof b}`);
  const bt = isNumber ? new Tensor(a.backend.full(1, b), [], a.backend) : b;
  if (bt.backend !== a.backend) throw new Error(`${op}: tensors live on different backends (${a.backend.name} and ${bt.backend.name})`);
  const shape = broadcastShapes(a.shape, bt.shape, op);
  const out = new Tensor(a.backend.binary(op, a.storage, a.shape, bt.storage, bt.shape, shape), shape, a.backend);
  if (isNumber) bt.dispose();
  if (!grads) return out;
  return record(out, isNumber ? [a] : [a, bt], (g) => {
    const [ga, gb] = grads(g);
    return [ga && sumToShape(ga, a.shape), gb && sumToShape(gb, bt.shape)];
  });
}

const needs = (t: TensorLike) => t instanceof Tensor && t.requiresGrad;

export const add = (a: Tensor, b: TensorLike) => binary('add', a, b, (g) => [g, needs(b) ? g : null]);

export const sub = (a: Tensor, b: TensorLike) => binary('sub', a, b, (g) => [g, needs(b) ? g.neg() : null]);

export const mul = (a: Tensor, b: TensorLike) =>
  binary('mul', a, b, (g) => [a.requiresGrad ? g.mul(b) : null, needs(b) ? g.mul(a) : null]);

export const div = (a: Tensor, b: TensorLike) =>
  binary('div', a, b, (g) => [
    a.requiresGrad ? g.div(b) : null,
    needs(b) ? g.mul(a).div((b as Tensor).mul(b)).neg() : null, // -g·a/b²
  ]);

export const maximum = (a: Tensor, b: TensorLike) =>
  binary('maximum', a, b, (g) => {
    const aWins = a.gt(b).add(a.eq(b).mul(0.5)); // ties share the gradient, as PyTorch
    return [g.mul(aWins), needs(b) ? g.mul(aWins.neg().add(1)) : null];
  });

export const minimum = (a: Tensor, b: TensorLike) =>
  binary('minimum', a, b, (g) => {
    const aWins = a.lt(b).add(a.eq(b).mul(0.5));
    return [g.mul(aWins), needs(b) ? g.mul(aWins.neg().add(1)) : null];
  });

/** g · gelu'(x) in one pass: GELU's backward. Not differentiable itself (no double backward). */
export const geluBackward = (g: Tensor, x: Tensor) => binary('geluBackward', g, x);

/** 1 where the comparison holds, else 0. Not differentiable. */
export const compare = (op: 'gt' | 'lt' | 'eq', a: Tensor, b: TensorLike) => binary(op, a, b);

function unary(op: UnaryOp, a: Tensor, grad: ((g: Tensor, out: Tensor) => Tensor) | null, param?: number): Tensor {
  if (!(a instanceof Tensor)) throw new Error(`${op}: expected a Tensor, got ${typeof a}`);
  const out = new Tensor(a.backend.unary(op, a.storage, param), a.shape, a.backend);
  return grad ? record(out, [a], (g) => [grad(g, out)]) : out;
}

export { unary };

export const neg = (a: Tensor) => unary('neg', a, (g) => g.neg());
export const exp = (a: Tensor) => unary('exp', a, (g, out) => g.mul(out));
export const log = (a: Tensor) => unary('log', a, (g) => g.div(a));
export const sqrt = (a: Tensor) => unary('sqrt', a, (g, out) => g.mul(0.5).div(out));
export const abs = (a: Tensor) => unary('abs', a, (g) => g.mul(unary('step', a, null).sub(unary('step', a.neg(), null))));

export function pow(a: Tensor, exponent: number): Tensor {
  if (typeof exponent !== 'number') throw new Error(`pow: the exponent must be a number, got ${typeof exponent}`);
  return unary('pow', a, (g) => g.mul(a.pow(exponent - 1)).mul(exponent), exponent);
}
