// Elementwise loops specialised per op. A single loop calling `f(x, y)` through a table sees
// every op at one call site, which V8 cannot inline (megamorphic), and broadcasting through index
// arrays allocates; these monomorphic loops handle the hot cases (same shape, a scalar, a
// repeated row such as a bias) without either. Other cases use the general path in cpuBackend.
import type { BinaryOp, Shape, UnaryOp } from '../../backend';
import { GELU_COEFF, SQRT_2_OVER_PI, relu, sigmoid, step } from '../../scalar';
import { loadSimdElementwise, type SimdBinaryOp } from './simdElementwise';
import { loadSimdGelu } from './simdGelu';

const simdGelu = loadSimdGelu();
const simdElementwise = loadSimdElementwise();

/** out = x OP y where y repeats every `yn` values (yn = x.length: same shape; 1: a scalar). */
type RepeatLoop = (x: Float32Array, y: Float32Array, out: Float32Array, yn: number) => void;

/** out = x OP y for a repeated y in WebAssembly SIMD where it has it and the output is long enough to pay for the calls. */
const withSimd = (name: SimdBinaryOp, jsLoop: RepeatLoop): RepeatLoop =>
  simdElementwise ? (x, y, out, yn) => (out.length >= SIMD_MIN_LENGTH ? simdElementwise.binary(name, x, y, out, yn) : jsLoop(x, y, out, yn)) : jsLoop;

/** Below this many outputs the JS loop beats copying into the module's memory and back. */
const SIMD_MIN_LENGTH = 256;

/** The plain JS loops: the fallback where WebAssembly SIMD is missing, and the reference the SIMD kernels are tested against. */
export const jsRepeatLoops: Record<SimdBinaryOp, RepeatLoop> = {
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

export const repeatLoops: Partial<Record<BinaryOp, RepeatLoop>> = {
  add: withSimd('add', jsRepeatLoops.add),
  sub: withSimd('sub', jsRepeatLoops.sub),
  mul: withSimd('mul', jsRepeatLoops.mul),
  div: withSimd('div', jsRepeatLoops.div),
  geluBackward: (g, x, out, xn) => {
    if (simdGelu && xn === out.length) simdGelu.geluBackward(g, x, out);
    else for (let o = 0; o < out.length; o += xn) for (let j = 0; j < xn; j++) out[o + j] = g[o + j] * fastGeluGrad(x[j]);
  },
};

/** out = x OP y where each y value covers a run of `run` consecutive outputs (y has trailing 1-dims, e.g. a row sum). */
type RunLoop = (x: Float32Array, y: Float32Array, out: Float32Array, run: number) => void;

export const runLoops: Partial<Record<BinaryOp, RunLoop>> = {
  add: (x, y, out, run) => {
    for (let r = 0, o = 0; o < out.length; r++, o += run) { const s = y[r]; for (let j = o; j < o + run; j++) out[j] = x[j] + s; }
  },
  sub: (x, y, out, run) => {
    for (let r = 0, o = 0; o < out.length; r++, o += run) { const s = y[r]; for (let j = o; j < o + run; j++) out[j] = x[j] - s; }
  },
  mul: (x, y, out, run) => {
    for (let r = 0, o = 0; o < out.length; r++, o += run) { const s = y[r]; for (let j = o; j < o + run; j++) out[j] = x[j] * s; }
  },
  div: (x, y, out, run) => {
    for (let r = 0, o = 0; o < out.length; r++, o += run) { const s = y[r]; for (let j = o; j < o + run; j++) out[j] = x[j] / s; }
  },
};

/**
 * The run length when an operand of `shape` broadcasts to `outShape` only along trailing dims
 * (same rank, the last dims 1, the others equal: each value then covers `run` consecutive
 * outputs); -1 otherwise.
 */
export function runSize(shape: Shape, outShape: Shape): number {
  if (shape.length !== outShape.length) return -1;
  let i = shape.length;
  let run = 1;
  while (i > 0 && shape[i - 1] === 1) run *= outShape[--i];
  for (let d = 0; d < i; d++) if (shape[d] !== outShape[d]) return -1;
  return run > 1 ? run : -1;
}

/**
 * out[o, i] = Σ_r src[o, r, i] for src of shape [outer, len, inner], summed in float64 in order of
 * r. The loops stream through memory: a row at a time added into an accumulator row (bias
 * gradients sum [768, n] into [n]), never a strided walk down each column.
 */
export function sumMiddle(src: Float32Array, outer: number, len: number, inner: number, out: Float32Array): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc = 0;
      for (let r = o * len; r < (o + 1) * len; r++) acc += src[r];
      out[o] = acc;
    }
  } else if (simdElementwise && inner % 4 === 0 && inner <= simdElementwise.maxSumWidth && len > 1) {
    simdElementwise.sumMiddle(src, outer, len, inner, out);
  } else {
    sumMiddleLoop(src, outer, len, inner, out);
  }
}

let accRow = new Float64Array(0);

/** sumMiddle in plain JS for any inner size: the fallback, and the reference the SIMD kernel is tested against. */
export function sumMiddleLoop(src: Float32Array, outer: number, len: number, inner: number, out: Float32Array): void {
  if (accRow.length < inner) accRow = new Float64Array(inner);
  const acc = accRow;
  for (let o = 0; o < outer; o++) {
    acc.fill(0, 0, inner);
    for (let r = 0, at = o * len * inner; r < len; r++, at += inner) for (let i = 0; i < inner; i++) acc[i] += src[at + i];
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i];
  }
}

export const unaryLoops: Partial<Record<UnaryOp, (x: Float32Array, out: Float32Array) => void>> = {
  neg: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = -v; } },
  exp: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = Math.exp(v); } },
  log: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = Math.log(v); } },
  sqrt: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = Math.sqrt(v); } },
  tanh: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = Math.tanh(v); } },
  sigmoid: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = sigmoid(v); } },
  relu: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = relu(v); } },
  step: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = step(v); } },
  // GELU and its derivative as ../../scalar.ts defines them, with tanh from `fastTanh`: Math.tanh
  // alone made GELU a fifth of a GPT training step. WebAssembly SIMD where the runtime has it.
  gelu: (x, out) => (simdGelu ? simdGelu.gelu(x, out) : geluLoop(x, out)),
  geluGrad: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]; out[i] = fastGeluGrad(v); } },
};

/** GELU in plain JS: the fallback, and the reference the SIMD kernel is tested against. */
export function geluLoop(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = 0.5 * v * (1 + fastTanh(SQRT_2_OVER_PI * (v + GELU_COEFF * v * v * v)));
  }
}

/** d gelu / dx as ../../scalar.ts defines it, with tanh from `fastTanh`. */
export function fastGeluGrad(v: number): number {
  const t = fastTanh(SQRT_2_OVER_PI * (v + GELU_COEFF * v * v * v));
  return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_COEFF * v * v);
}

/**
 * tanh to within 3e-7 (a few float32 ulps), several times faster than Math.tanh: the odd rational
 * approximation p(x)/q(x) that Eigen uses for float tanh, clamped where tanh is ±1 in float32.
 */
export function fastTanh(x: number): number {
  if (x >= 9) return 1;
  if (x <= -9) return -1;
  if (x > 7.90531110763549805) x = 7.90531110763549805;
  else if (x < -7.90531110763549805) x = -7.90531110763549805;
  const x2 = x * x;
  const p = x * (4.89352455891786e-3 + x2 * (6.37261928875436e-4 + x2 * (1.48572235717979e-5 + x2 * (5.12229709037114e-8
    + x2 * (-8.60467152213735e-11 + x2 * (2.00018790482477e-13 + x2 * -2.76076847742355e-16))))));
  const q = 4.89352518554385e-3 + x2 * (2.268434632439e-3 + x2 * (1.18534705686654e-4 + x2 * 1.19825839466702e-6));
  return p / q;
}

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
