// Elementwise loops specialised per op. A single loop calling `f(x, y)` through a table sees
// every op at one call site, which V8 cannot inline (megamorphic), and broadcasting through index
// arrays allocates; these monomorphic loops handle the hot cases (same shape, a scalar, a
// repeated row such as a bias) without either. Other cases use the general path in cpuBackend.
import type { BinaryOp, Shape, UnaryOp } from '../../backend';
import { gelu, geluGrad, relu, sigmoid, step } from '../../scalar';

/** out = x OP y where y repeats every `yn` values (yn = x.length: same shape; 1: a scalar). */
type RepeatLoop = (x: Float32Array, y: Float32Array, out: Float32Array, yn: number) => void;

export const repeatLoops: Partial<Record<BinaryOp, RepeatLoop>> = {
  add: (x, y, out, yn) => {
    if (yn === 1) {
      const s = y[0];
      for (let i = 0; i < out.length; i++) out[i] = x[i] + s;
    } else {
      for (let o = 0; o < out.length; o += yn) for (let j = 0; j < yn; j++) out[o + j] = x[o + j] + y[j];
    }
  },
  sub: (x, y, out, yn) => {
    if (yn === 1) {
      const s = y[0];
      for (let i = 0; i < out.length; i++) out[i] = x[i] - s;
    } else {
      for (let o = 0; o < out.length; o += yn) for (let j = 0; j < yn; j++) out[o + j] = x[o + j] - y[j];
    }
  },
  mul: (x, y, out, yn) => {
    if (yn === 1) {
      const s = y[0];
      for (let i = 0; i < out.length; i++) out[i] = x[i] * s;
    } else {
      for (let o = 0; o < out.length; o += yn) for (let j = 0; j < yn; j++) out[o + j] = x[o + j] * y[j];
    }
  },
  div: (x, y, out, yn) => {
    if (yn === 1) {
      const s = y[0];
      for (let i = 0; i < out.length; i++) out[i] = x[i] / s;
    } else {
      for (let o = 0; o < out.length; o += yn) for (let j = 0; j < yn; j++) out[o + j] = x[o + j] / y[j];
    }
  },
};

export const unaryLoops: Partial<Record<UnaryOp, (x: Float32Array, out: Float32Array) => void>> = {
  neg: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = -v; } },
  exp: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = Math.exp(v); } },
  log: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = Math.log(v); } },
  sqrt: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = Math.sqrt(v); } },
  tanh: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = Math.tanh(v); } },
  sigmoid: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = sigmoid(v); } },
  relu: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = relu(v); } },
  step: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = step(v); } },
  gelu: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = gelu(v); } },
  geluGrad: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = geluGrad(v); } },
};

/**
 * How often an operand of `shape` repeats when broadcast to `outShape`, if it only broadcasts
 * along leading dims (its values then repeat every `size` outputs); -1 otherwise.
 */
export function repeatSize(shape: Shape, outShape: Shape): number {
  let start = 0;
  while (start < shape.length && shape[start] === 1) start++;
  const own = shape.length - start;
  if (own > outShape.length) return -1;
  let n = 1;
  for (let i = 0; i < own; i++) {
    const d = shape[start + i];
    if (d !== outShape[outShape.length - own + i]) return -1;
    n *= d;
  }
  return n;
}
