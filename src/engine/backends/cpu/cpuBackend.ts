// The CPU backend: plain loops over Float32Arrays. It is the reference the WebGPU kernels are
// tested against, so clarity wins over cleverness everywhere except the hot paths of training
// (matmul, elementwise ops, sums, softmax, GELU, LayerNorm and the optimizer in WebAssembly SIMD,
// copies) and memory: the arrays of disposed storages go back to a pool (./pool.ts)
// and are handed out again, so a training step allocates almost nothing and the garbage
// collector has little to do. Pooled arrays hold old values: kernels write every output value,
// and the few that accumulate start from `zeros`.
import type { AdamWArgs, Backend, BinaryOp, MatmulArgs, ReduceOp, Shape, Storage, UnaryOp } from '../../backend';
import { gelu, geluGrad, relu, sigmoid, step } from '../../scalar';
import { matmul } from './matmul';
import { repeatLoops, repeatSize, runLoops, runSize, sumMiddle, unaryLoops } from './loops';
import { BufferPool } from './pool';
import { loadSimdCopy } from './simdCopy';
import { loadSimdOptim, optimLoops, type AdamWStep } from './simdOptim';
import { loadSimdLayerNorm } from './simdLayerNorm';
import { loadSimdSoftmax } from './simdSoftmax';
import { broadcastStrides, contiguousStrides, gatherIndex, size } from './shape';

export interface CpuStorage extends Storage {
  readonly data: Float32Array;
}

const unaryFns: Record<UnaryOp, (x: number, p: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  sigmoid,
  relu,
  gelu,
  abs: Math.abs,
  step,
  geluGrad,
  pow: (x, p) => Math.pow(x, p),
};

const binaryFns: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: Math.max,
  minimum: Math.min,
  gt: (a, b) => (a > b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
  geluBackward: (g, x) => g * geluGrad(x),
};

/** LayerNorm in WebAssembly SIMD for rows of a multiple of 4 values; null where SIMD is missing. */
const simdLayerNorm = loadSimdLayerNorm();
/** Gathers short runs (a head's values) in WebAssembly SIMD; null where SIMD is missing. */
const simdCopy = loadSimdCopy();
/** Softmax and its backward in WebAssembly SIMD for rows of a multiple of 4 values; null where SIMD is missing. */
const simdSoftmax = loadSimdSoftmax();
/** AdamW and gradient clipping's loops, in WebAssembly SIMD where it validates. */
const optim = loadSimdOptim() ?? optimLoops;

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  private live = 0;
  /** Arrays of disposed storages, reused by length; up to 32M floats (128 MB) are kept. */
  readonly pool = new BufferPool(32 * 2 ** 20);

  private wrap(data: Float32Array): CpuStorage {
    this.live++;
    return { length: data.length, data };
  }

  private scratch = new Float64Array(0);

  /** A float64 row of at least `n` values for a kernel's intermediates (not a storage). */
  private rowScratch(n: number): Float64Array {
    if (this.scratch.length < n) this.scratch = new Float64Array(n);
    return this.scratch;
  }

  /** An array of `n` floats with unspecified contents (the caller writes every one). */
  private alloc(n: number): Float32Array {
    return this.pool.take(n);
  }

  private zeros(n: number): Float32Array {
    return this.pool.take(n).fill(0);
  }

  fromArray(data: Float32Array): CpuStorage {
    const out = this.alloc(data.length);
    out.set(data);
    return this.wrap(out);
  }

  full(length: number, value: number): CpuStorage {
    return this.wrap(this.alloc(length).fill(value));
  }

  read(s: Storage): Promise<Float32Array> {
    return Promise.resolve(Float32Array.from((s as CpuStorage).data));
  }

  peek(s: Storage): Float32Array {
    return (s as CpuStorage).data;
  }

  copy(a: Storage): CpuStorage {
    return this.fromArray((a as CpuStorage).data);
  }

  dispose(s: Storage): void {
    this.live--;
    this.pool.give((s as CpuStorage).data);
  }

  liveBuffers(): number {
    return this.live;
  }

  expand(a: Storage, shape: Shape, outShape: Shape): CpuStorage {
    return this.wrap(strided((a as CpuStorage).data, outShape, broadcastStrides(shape, outShape), this.alloc(size(outShape))));
  }

  permute(a: Storage, shape: Shape, perm: readonly number[]): CpuStorage {
    const strides = contiguousStrides(shape);
    const outShape = perm.map((p) => shape[p]);
    return this.wrap(strided((a as CpuStorage).data, outShape, perm.map((p) => strides[p]), this.alloc(size(outShape))));
  }

  narrow(a: Storage, shape: Shape, dim: number, start: number, length: number): CpuStorage {
    const src = (a as CpuStorage).data;
    const outer = size(shape.slice(0, dim));
    const inner = size(shape.slice(dim + 1));
    const out = this.alloc(outer * length * inner);
    for (let o = 0; o < outer; o++) copyRun(src, (o * shape[dim] + start) * inner, out, o * length * inner, length * inner);
    return this.wrap(out);
  }

  unnarrow(a: Storage, shape: Shape, dim: number, start: number, fullShape: Shape): CpuStorage {
    const src = (a as CpuStorage).data;
    const outer = size(shape.slice(0, dim));
    const inner = size(shape.slice(dim + 1));
    const out = this.zeros(size(fullShape));
    for (let o = 0; o < outer; o++) copyRun(src, o * shape[dim] * inner, out, (o * fullShape[dim] + start) * inner, shape[dim] * inner);
    return this.wrap(out);
  }

  unary(op: UnaryOp, a: Storage, param = 0): CpuStorage {
    const src = (a as CpuStorage).data;
    const out = this.alloc(src.length);
    const loop = unaryLoops[op];
    if (loop) loop(src, out);
    else if (op === 'pow' && param === 1) out.set(src); // the copy that clone and assign make
    else {
      const f = unaryFns[op];
      for (let i = 0; i < src.length; i++) out[i] = f(src[i], param);
    }
    return this.wrap(out);
  }

  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): CpuStorage {
    const x = (a as CpuStorage).data;
    const y = (b as CpuStorage).data;
    const f = binaryFns[op];
    const n = size(outShape);
    const out = this.alloc(n);
    const loop = repeatLoops[op];
    const commutes = op === 'add' || op === 'mul';
    let repeat: number;
    if (loop && n > 0 && sameShape(aShape, outShape) && (repeat = repeatSize(bShape, outShape)) > 0) {
      loop(x, y, out, repeat);
    } else if (loop && n > 0 && commutes && sameShape(bShape, outShape) && (repeat = repeatSize(aShape, outShape)) > 0) {
      loop(y, x, out, repeat);
    } else if (runLoops[op] && n > 0 && sameShape(aShape, outShape) && (repeat = runSize(bShape, outShape)) > 0) {
      runLoops[op]!(x, y, out, repeat); // e.g. softmax's backward: g - rowsum(g·y)
    } else if (runLoops[op] && n > 0 && commutes && sameShape(bShape, outShape) && (repeat = runSize(aShape, outShape)) > 0) {
      runLoops[op]!(y, x, out, repeat);
    } else if (sameShape(aShape, outShape) && sameShape(bShape, outShape)) {
      for (let i = 0; i < n; i++) out[i] = f(x[i], y[i]);
    } else if (sameShape(aShape, outShape) && y.length === 1) {
      const s = y[0];
      for (let i = 0; i < n; i++) out[i] = f(x[i], s);
    } else {
      const ia = gatherIndex(outShape, broadcastStrides(aShape, outShape));
      const ib = gatherIndex(outShape, broadcastStrides(bShape, outShape));
      for (let i = 0; i < n; i++) out[i] = f(x[ia[i]], y[ib[i]]);
    }
    return this.wrap(out);
  }

  reduce(op: ReduceOp, a: Storage, shape: Shape, dim: number): CpuStorage {
    const src = (a as CpuStorage).data;
    const outer = size(shape.slice(0, dim));
    const len = shape[dim];
    const inner = size(shape.slice(dim + 1));
    const out = this.alloc(outer * inner);
    if (op === 'sum') {
      sumMiddle(src, outer, len, inner, out);
      return this.wrap(out);
    }
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * len * inner + i;
        let max = -Infinity;
        let arg = 0;
        for (let r = 0; r < len; r++) {
          const v = src[base + r * inner];
          if (v > max || Number.isNaN(v)) {
            max = v;
            arg = r;
            if (Number.isNaN(v)) break;
          }
        }
        out[o * inner + i] = op === 'argmax' ? arg : max;
      }
    }
    return this.wrap(out);
  }

  matmul(a: Storage, b: Storage, args: MatmulArgs): CpuStorage {
    return this.wrap(matmul((a as CpuStorage).data, (b as CpuStorage).data, args, this.alloc(args.batch * args.m * args.n)));
  }

  softmax(a: Storage, rows: number, cols: number, scale = 1, causal = false): CpuStorage {
    const x = (a as CpuStorage).data;
    const out = this.alloc(rows * cols);
    if (simdSoftmax && cols % 4 === 0 && cols <= simdSoftmax.maxCols) {
      simdSoftmax.forward(x, rows, cols, scale, causal, out);
      return this.wrap(out);
    }
    const e = this.rowScratch(cols); // exp values kept in float64: one Math.exp per value, same rounding as two
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const seen = causal ? (r % cols) + 1 : cols; // columns this row may attend to
      let max = -Infinity;
      for (let c = 0; c < seen; c++) max = Math.max(max, scale * x[o + c]);
      let sum = 0;
      for (let c = 0; c < seen; c++) sum += e[c] = Math.exp(scale * x[o + c] - max);
      for (let c = 0; c < seen; c++) out[o + c] = e[c] / sum;
      for (let c = seen; c < cols; c++) out[o + c] = 0;
    }
    return this.wrap(out);
  }

  softmaxBackward(y: Storage, g: Storage, rows: number, cols: number, scale: number): CpuStorage {
    const ys = (y as CpuStorage).data, gs = (g as CpuStorage).data;
    const out = this.alloc(rows * cols);
    if (simdSoftmax && cols % 4 === 0 && cols <= simdSoftmax.maxCols) {
      simdSoftmax.backward(ys, gs, rows, cols, scale, out);
      return this.wrap(out);
    }
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += gs[o + c] * ys[o + c];
      for (let c = 0; c < cols; c++) out[o + c] = scale * ys[o + c] * (gs[o + c] - dot);
    }
    return this.wrap(out);
  }

  logSoftmax(a: Storage, rows: number, cols: number): CpuStorage {
    return this.wrap(rowLogSoftmax((a as CpuStorage).data, rows, cols, this.alloc(rows * cols)));
  }

  layerNorm(x: Storage, weight: Storage, bias: Storage, rows: number, cols: number, eps: number) {
    const xs = (x as CpuStorage).data, w = (weight as CpuStorage).data, b = (bias as CpuStorage).data;
    const out = this.alloc(rows * cols);
    const mean = this.alloc(rows);
    const rstd = this.alloc(rows);
    if (simdLayerNorm && cols % 4 === 0) simdLayerNorm.forward(xs, w, b, rows, cols, eps, out, mean, rstd);
    else for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let mu = 0;
      for (let c = 0; c < cols; c++) mu += xs[o + c];
      mu /= cols;
      let variance = 0;
      for (let c = 0; c < cols; c++) { const d = xs[o + c] - mu; variance += d * d; }
      variance /= cols; // biased, as PyTorch
      const rs = 1 / Math.sqrt(variance + eps);
      for (let c = 0; c < cols; c++) out[o + c] = (xs[o + c] - mu) * rs * w[c] + b[c];
      mean[r] = mu;
      rstd[r] = rs;
    }
    return { out: this.wrap(out), mean: this.wrap(mean), rstd: this.wrap(rstd) };
  }

  layerNormBackward(dy: Storage, x: Storage, weight: Storage, mean: Storage, rstd: Storage, rows: number, cols: number) {
    const g = (dy as CpuStorage).data, xs = (x as CpuStorage).data, w = (weight as CpuStorage).data;
    const mu = (mean as CpuStorage).data, rs = (rstd as CpuStorage).data;
    const dx = this.alloc(rows * cols);
    const dweight = this.zeros(cols);
    const dbias = this.zeros(cols);
    if (simdLayerNorm && cols % 4 === 0) {
      simdLayerNorm.backward(g, xs, w, mu, rs, rows, cols, dx, dweight, dbias);
      return { dx: this.wrap(dx), dweight: this.wrap(dweight), dbias: this.wrap(dbias) };
    }
    const xhat = this.rowScratch(cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const m = mu[r], s = rs[r];
      // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), with dxhat = dy * w
      let sumD = 0, sumDX = 0;
      for (let c = 0; c < cols; c++) {
        const xh = xhat[c] = (xs[o + c] - m) * s;
        const gc = g[o + c];
        const d = gc * w[c];
        sumD += d;
        sumDX += d * xh;
        dweight[c] += gc * xh;
        dbias[c] += gc;
      }
      const meanD = sumD / cols, meanDX = sumDX / cols;
      for (let c = 0; c < cols; c++) dx[o + c] = s * (g[o + c] * w[c] - meanD - xhat[c] * meanDX);
    }
    return { dx: this.wrap(dx), dweight: this.wrap(dweight), dbias: this.wrap(dbias) };
  }

  crossEntropy(logits: Storage, targets: Storage, rows: number, cols: number, ignoreIndex: number) {
    const x = (logits as CpuStorage).data, t = (targets as CpuStorage).data;
    const losses = this.alloc(rows);
    const probs = this.alloc(rows * cols);
    const e = this.rowScratch(cols); // one Math.exp per logit serves both the loss and the saved probabilities
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let c = 0; c < cols; c++) if (x[o + c] > max) max = x[o + c];
      let sum = 0;
      for (let c = 0; c < cols; c++) sum += e[c] = Math.exp(x[o + c] - max);
      for (let c = 0; c < cols; c++) probs[o + c] = e[c] / sum;
      losses[r] = t[r] === ignoreIndex ? 0 : Math.log(sum) - (x[o + t[r]] - max);
    }
    return { losses: this.wrap(losses), probs: this.wrap(probs) };
  }

  crossEntropyBackward(probs: Storage, targets: Storage, scale: Storage, rows: number, cols: number, ignoreIndex: number): CpuStorage {
    const p = (probs as CpuStorage).data, t = (targets as CpuStorage).data;
    const k = (scale as CpuStorage).data[0];
    const out = this.zeros(rows * cols);
    for (let r = 0; r < rows; r++) {
      if (t[r] === ignoreIndex) continue;
      for (let c = 0; c < cols; c++) out[r * cols + c] = p[r * cols + c] * k;
      out[r * cols + t[r]] -= k;
    }
    return this.wrap(out);
  }

  gather(table: Storage, ids: Storage, count: number, dim: number): CpuStorage {
    const w = (table as CpuStorage).data, id = (ids as CpuStorage).data;
    const out = this.alloc(count * dim);
    for (let i = 0; i < count; i++) copyRun(w, id[i] * dim, out, i * dim, dim);
    return this.wrap(out);
  }

  scatterAdd(grad: Storage, ids: Storage, count: number, dim: number, vocab: number): CpuStorage {
    const g = (grad as CpuStorage).data, id = (ids as CpuStorage).data;
    const out = this.zeros(vocab * dim);
    for (let i = 0; i < count; i++) {
      const o = id[i] * dim;
      for (let c = 0; c < dim; c++) out[o + c] += g[i * dim + c];
    }
    return this.wrap(out);
  }

  adamw(params: Storage[], grads: Storage[], ms: Storage[], vs: Storage[], args: AdamWArgs): void {
    const { lr, beta1, beta2, eps, weightDecay, step } = args;
    const s: AdamWStep = { decay: 1 - lr * weightDecay, beta1, beta2, eps, stepSize: lr / (1 - beta1 ** step), sqrtBc2: Math.sqrt(1 - beta2 ** step) };
    for (let k = 0; k < params.length; k++) {
      optim.adamw((params[k] as CpuStorage).data, (grads[k] as CpuStorage).data, (ms[k] as CpuStorage).data, (vs[k] as CpuStorage).data, s);
    }
  }

  sumOfSquares(xs: Storage[]): CpuStorage {
    let sum = 0;
    for (const x of xs) sum += optim.sumOfSquares((x as CpuStorage).data);
    return this.wrap(this.alloc(1).fill(sum));
  }

  scaleInPlace(xs: Storage[], factor: Storage): void {
    const f = (factor as CpuStorage).data[0];
    if (f === 1) return; // clipping found the norm within bounds: nothing to do
    for (const x of xs) optim.scale((x as CpuStorage).data, f);
  }

  sgd(param: Storage, grad: Storage, buf: Storage | null, lr: number, momentum: number, weightDecay: number): void {
    const p = (param as CpuStorage).data, g = (grad as CpuStorage).data;
    const b = buf ? (buf as CpuStorage).data : null;
    for (let i = 0; i < p.length; i++) {
      let d = g[i] + weightDecay * p[i];
      if (b) d = b[i] = momentum * b[i] + d;
      p[i] -= lr * d;
    }
  }
}

/** Runs at least this long copy fastest with `set(subarray(…))`, whose view object per run costs less than a JS loop over them. */
const SET_MIN_RUN = 64;

/** out[to..to+n) = src[from..from+n). */
function copyRun(src: Float32Array, from: number, out: Float32Array, to: number, n: number): void {
  if (n >= SET_MIN_RUN) out.set(src.subarray(from, from + n), to);
  else for (let c = 0; c < n; c++) out[to + c] = src[from + c];
}

/**
 * Reads `src` through `strides` into `out`, contiguous of `outShape`. When the last dim is
 * contiguous in the source (most permutes and expands keep it), whole rows are copied and the
 * index array has one entry per row rather than per value.
 */
function strided(src: Float32Array, outShape: Shape, strides: readonly number[], out: Float32Array): Float32Array {
  const rank = outShape.length;
  const inner = rank > 0 && strides[rank - 1] === 1 ? outShape[rank - 1] : 1;
  if (inner > 1) {
    const rows = gatherIndex(outShape.slice(0, -1), strides.slice(0, -1));
    if (simdCopy && inner % 4 === 0 && inner < SET_MIN_RUN) simdCopy.gatherRuns(src, rows, inner, out);
    else for (let r = 0; r < rows.length; r++) copyRun(src, rows[r], out, r * inner, inner);
  } else {
    const idx = gatherIndex(outShape, strides);
    for (let i = 0; i < idx.length; i++) out[i] = src[idx[i]];
  }
  return out;
}

function rowLogSoftmax(x: Float32Array, rows: number, cols: number, out: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (x[o + c] > max) max = x[o + c];
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(x[o + c] - max);
    const logSum = Math.log(sum);
    for (let c = 0; c < cols; c++) out[o + c] = x[o + c] - max - logSum;
  }
  return out;
}

/** The process-wide CPU backend. */
export const cpuBackend = new CpuBackend();
