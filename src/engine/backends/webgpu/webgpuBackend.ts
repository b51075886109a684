// The WebGPU backend: the Backend contract on GPU buffers. This file is the ops: each one picks a
// kernel from src/kernels (keyed by the op lists in src/kernels/ops.ts), packs its parameters and
// records a dispatch. The device's health lives in `device.ts`, recording, submitting and reading
// back in `submit.ts`.
import type {
  AdamWArgs, Backend, BinaryOp, MatmulArgs, ReduceOp, Shape, Storage, UnaryOp,
} from '../../backend';
import {
  MATMUL_CAUSAL, MATMUL_SMALL_MAX, MATMUL_TILE, ROW_THREADS, THREAD_ROW_MAX, WG, adamwKernel, binaryKernel, crossEntropyBackwardKernel,
  crossEntropyKernel, fillKernel, gatherKernel, layerNormBackwardDxKernel,
  layerNormBackwardParamsKernel, layerNormKernel, logSoftmaxKernel, matmulKernel, matmulSmallKernel, narrowKernel,
  reduceKernel, rowMode, scaleKernel, scatterAddKernel, sgdKernel, softmaxBackwardKernel, softmaxKernel, stridedCopyKernel, unaryKernel,
  unnarrowKernel, type OperandIndexing, type RowMode,
} from '../../../kernels';
import { broadcastStrides, contiguousStrides, size as product } from '../cpu/shape';
import { acquireDevice, DeviceWatch, type AdapterDescription, type AcquiredDevice, type DeviceLostInfo } from './device';
import { PARAM_WORDS as WORDS, Submitter, WebGpuStorage } from './submit';

export { WebGpuStorage };
export type { DeviceLostInfo };

const MAX_GROUPS = 65535;

const f32bits = (() => {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  return (x: number): number => {
    f[0] = x;
    return u[0];
  };
})();

/** True when `shape` without leading 1s equals the trailing dims of `outShape`. */
function isSuffix(shape: Shape, outShape: Shape): boolean {
  let start = 0;
  while (start < shape.length && shape[start] === 1) start++;
  const rest = shape.slice(start);
  if (rest.length > outShape.length) return false;
  const tail = outShape.slice(outShape.length - rest.length);
  return rest.every((d, i) => d === tail[i]);
}

function elementGroups(n: number): [number, number, number] {
  const groups = Math.ceil(n / WG);
  const x = Math.min(groups, MAX_GROUPS);
  return [x, Math.ceil(groups / x) || 0, 1];
}

/** Workgroups for a row kernel: one per row, or one per ROW_THREADS rows in 'thread' mode. */
function rowGroups(rows: number, mode: RowMode): [number, number, number] {
  const groups = mode === 'thread' ? Math.ceil(rows / ROW_THREADS) : rows;
  const x = Math.min(groups, MAX_GROUPS);
  return [x, x === 0 ? 0 : Math.ceil(groups / x), 1];
}

export class WebGpuBackend implements Backend {
  readonly name = 'webgpu' as const;
  readonly device: GPUDevice;
  readonly adapterInfo: AdapterDescription;

  private readonly watch: DeviceWatch;
  private readonly submitter: Submitter;

  constructor(acquired: AcquiredDevice) {
    this.device = acquired.device;
    this.adapterInfo = acquired.info;
    this.watch = new DeviceWatch(this.device);
    this.submitter = new Submitter(this.device, this.watch);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /**
   * Calls `cb` once when the device is lost (driver reset, GPU removed, or `device.destroy()`),
   * at once if it already is. Returns a function that unsubscribes.
   */
  onDeviceLost(cb: (info: DeviceLostInfo) => void): () => void {
    return this.watch.onLost(cb);
  }

  get isLost(): boolean {
    return this.watch.isLost;
  }

  /**
   * Resolves true if the device is (or within `ms` becomes) lost. A failed read can arrive a moment
   * before the device-lost notice; callers use this to tell a lost device from a real error.
   */
  lostWithin(ms: number): Promise<boolean> {
    return this.watch.lostWithin(ms);
  }

  /** Releases the device on purpose (no device-lost notification). */
  destroy(): void {
    this.submitter.destroy();
  }

  /** Submits everything recorded so far and resolves when the GPU has finished it. */
  sync(): Promise<void> {
    return this.submitter.sync();
  }

  /** Pooled buffers, for diagnosing memory (liveBuffers counts tensors only). */
  poolStats(): { created: number; pooled: number; live: number } {
    return this.submitter.poolStats();
  }

  private dispatch(
    key: string,
    source: () => string,
    params: readonly number[],
    buffers: readonly GPUBuffer[],
    groups: readonly [number, number, number],
  ): void {
    this.submitter.dispatch(key, source, params, buffers, groups);
  }

  private alloc(length: number): WebGpuStorage {
    return this.submitter.alloc(length);
  }

  private buf(s: Storage): GPUBuffer {
    const st = s as WebGpuStorage;
    if (!(st instanceof WebGpuStorage)) throw new Error('WebGPU backend was given a storage from another backend.');
    if (st.disposed) throw new Error('WebGPU backend was given a storage that was already disposed.');
    return st.buffer;
  }

// ---- storage ------------------------------------------------------------------------------

  fromArray(data: Float32Array): Storage {
    const s = this.alloc(data.length);
    this.submitter.write(s, data);
    return s;
  }

  full(length: number, value: number): Storage {
    const s = this.alloc(length);
    this.dispatch('fill', () => fillKernel, [length, f32bits(value)], [s.buffer], elementGroups(length));
    return s;
  }

  read(s: Storage): Promise<Float32Array> {
    try {
      this.watch.check();
    } catch (e) {
      return Promise.reject(e);
    }
    const src = this.buf(s);
    if (s.length === 0) return Promise.resolve(new Float32Array(0));
    return this.submitter.read(src, s.length);
  }

  /** Values on the device are never at hand without a read. */
  peek(_s: Storage): null {
    return null;
  }

  copy(a: Storage): Storage {
    return this.stridedCopy(a, [a.length], [1]);
  }

  dispose(s: Storage): void {
    this.submitter.release(s as WebGpuStorage);
  }

  liveBuffers(): number {
    return this.submitter.live;
  }

  // ---- layout -------------------------------------------------------------------------------

  private stridedCopy(a: Storage, outShape: Shape, srcStrides: readonly number[]): Storage {
    const n = product(outShape);
    const out = this.alloc(n);
    const params = [n, outShape.length, ...outShape, ...srcStrides];
    if (params.length > WORDS) throw new Error(`WebGPU backend: rank ${outShape.length} is too high (at most ${(WORDS - 2) / 2}).`);
    this.dispatch('stridedCopy', () => stridedCopyKernel, params, [this.buf(a), out.buffer], elementGroups(n));
    return out;
  }

  expand(a: Storage, shape: Shape, outShape: Shape): Storage {
    return this.stridedCopy(a, outShape, broadcastStrides(shape, outShape));
  }

  permute(a: Storage, shape: Shape, perm: readonly number[]): Storage {
    const strides = contiguousStrides(shape);
    return this.stridedCopy(a, perm.map((p) => shape[p]), perm.map((p) => strides[p]));
  }

  narrow(a: Storage, shape: Shape, dim: number, start: number, length: number): Storage {
    const inner = product(shape.slice(dim + 1));
    const n = product(shape.slice(0, dim)) * length * inner;
    const out = this.alloc(n);
    this.dispatch('narrow', () => narrowKernel, [n, inner, length, start, shape[dim]], [this.buf(a), out.buffer], elementGroups(n));
    return out;
  }

  unnarrow(a: Storage, shape: Shape, dim: number, start: number, fullShape: Shape): Storage {
    const inner = product(fullShape.slice(dim + 1));
    const n = product(fullShape);
    const out = this.alloc(n);
    this.dispatch('unnarrow', () => unnarrowKernel, [n, inner, shape[dim], start, fullShape[dim]], [this.buf(a), out.buffer], elementGroups(n));
    return out;
  }

  // ---- elementwise --------------------------------------------------------------------------

  unary(op: UnaryOp, a: Storage, param = 0): Storage {
    const n = a.length;
    const out = this.alloc(n);
    this.dispatch(`unary:${op}`, () => unaryKernel(op), [n, f32bits(param)], [this.buf(a), out.buffer], elementGroups(n));
    return out;
  }

  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage {
    const n = product(outShape);
    const out = this.alloc(n);
    const aIdx: OperandIndexing = isSuffix(aShape, outShape) ? 'mod' : 'strided';
    const bIdx: OperandIndexing = isSuffix(bShape, outShape) ? 'mod' : 'strided';
    const rank = outShape.length;
    const params = [n, rank, Math.max(1, a.length), Math.max(1, b.length), ...outShape,
      ...broadcastStrides(aShape, outShape), ...broadcastStrides(bShape, outShape)];
    if (params.length > WORDS) throw new Error(`WebGPU backend: rank ${rank} is too high for a binary op (at most ${(WORDS - 4) / 3}).`);
    this.dispatch(`binary:${op}:${aIdx}:${bIdx}`, () => binaryKernel(op, aIdx, bIdx), params,
      [this.buf(a), this.buf(b), out.buffer], elementGroups(n));
    return out;
  }

  // ---- reductions ---------------------------------------------------------------------------

  reduce(op: ReduceOp, a: Storage, shape: Shape, dim: number): Storage {
    const outer = product(shape.slice(0, dim));
    const d = shape[dim];
    const inner = product(shape.slice(dim + 1));
    if (d === 0) {
      if (op !== 'sum') throw new Error(`WebGPU backend: ${op} over an empty dim.`);
      return this.full(outer * inner, 0);
    }
    const out = this.alloc(outer * inner);
    const layout = inner === 1 && d > THREAD_ROW_MAX ? 'row' : 'column';
    this.dispatch(`reduce:${op}:${layout}`, () => reduceKernel(op, layout), [outer, d, inner],
      [this.buf(a), out.buffer], layout === 'row' ? rowGroups(outer, 'workgroup') : elementGroups(outer * inner));
    return out;
  }

  // ---- linear algebra -----------------------------------------------------------------------

  matmul(a: Storage, b: Storage, args: MatmulArgs): Storage {
    const { batch, m, k, n } = args;
    if (batch > MAX_GROUPS) throw new Error(`WebGPU backend: matmul batch ${batch} exceeds ${MAX_GROUPS}.`);
    if (k === 0) return this.full(batch * m * n, 0);
    const out = this.alloc(batch * m * n);
    const params = [m, k, n, args.transA ? 1 : 0, args.transB ? 1 : 0, args.aBatched ? m * k : 0, args.bBatched ? k * n : 0, batch, MATMUL_CAUSAL.indexOf(args.causal ?? 'none')];
    const buffers = [this.buf(a), this.buf(b), out.buffer];
    if (m * n * k <= MATMUL_SMALL_MAX) {
      this.dispatch('matmulSmall', () => matmulSmallKernel, params, buffers, elementGroups(batch * m * n));
    } else {
      this.dispatch('matmul', () => matmulKernel, params, buffers, [Math.ceil(n / MATMUL_TILE), Math.ceil(m / MATMUL_TILE), batch]);
    }
    return out;
  }

  // ---- fused neural-net kernels -------------------------------------------------------------

  softmax(a: Storage, rows: number, cols: number, scale = 1, causal = false): Storage {
    const out = this.alloc(rows * cols);
    const mode = rowMode(cols);
    this.dispatch(`softmax:${mode}`, () => softmaxKernel(mode), [rows, cols, f32bits(scale), causal ? 1 : 0],
      [this.buf(a), out.buffer], rowGroups(rows, mode));
    return out;
  }

  softmaxBackward(y: Storage, g: Storage, rows: number, cols: number, scale: number): Storage {
    const out = this.alloc(rows * cols);
    const mode = rowMode(cols);
    this.dispatch(`softmaxBackward:${mode}`, () => softmaxBackwardKernel(mode), [rows, cols, f32bits(scale)],
      [this.buf(y), this.buf(g), out.buffer], rowGroups(rows, mode));
    return out;
  }

  logSoftmax(a: Storage, rows: number, cols: number): Storage {
    const out = this.alloc(rows * cols);
    const mode = rowMode(cols);
    this.dispatch(`logSoftmax:${mode}`, () => logSoftmaxKernel(mode), [rows, cols], [this.buf(a), out.buffer], rowGroups(rows, mode));
    return out;
  }

  layerNorm(x: Storage, weight: Storage, bias: Storage, rows: number, cols: number, eps: number) {
    const out = this.alloc(rows * cols);
    const mean = this.alloc(rows);
    const rstd = this.alloc(rows);
    const mode = rowMode(cols);
    this.dispatch(`layerNorm:${mode}`, () => layerNormKernel(mode), [rows, cols, f32bits(eps)],
      [this.buf(x), this.buf(weight), this.buf(bias), out.buffer, mean.buffer, rstd.buffer], rowGroups(rows, mode));
    return { out, mean, rstd };
  }

  layerNormBackward(dy: Storage, x: Storage, weight: Storage, mean: Storage, rstd: Storage, rows: number, cols: number) {
    const dx = this.alloc(rows * cols);
    const dweight = this.alloc(cols);
    const dbias = this.alloc(cols);
    const [dyb, xb, mb, rb] = [this.buf(dy), this.buf(x), this.buf(mean), this.buf(rstd)];
    const mode = rowMode(cols);
    this.dispatch(`layerNormBackwardDx:${mode}`, () => layerNormBackwardDxKernel(mode), [rows, cols],
      [dyb, xb, this.buf(weight), mb, rb, dx.buffer], rowGroups(rows, mode));
    this.dispatch('layerNormBackwardParams', () => layerNormBackwardParamsKernel, [rows, cols],
      [dyb, xb, mb, rb, dweight.buffer, dbias.buffer], elementGroups(cols));
    return { dx, dweight, dbias };
  }

  crossEntropy(logits: Storage, targets: Storage, rows: number, cols: number, ignoreIndex: number) {
    const losses = this.alloc(rows);
    const probs = this.alloc(rows * cols);
    const mode = rowMode(cols);
    this.dispatch(`crossEntropy:${mode}`, () => crossEntropyKernel(mode), [rows, cols, f32bits(ignoreIndex)],
      [this.buf(logits), this.buf(targets), losses.buffer, probs.buffer], rowGroups(rows, mode));
    return { losses, probs };
  }

  crossEntropyBackward(probs: Storage, targets: Storage, scale: Storage, rows: number, cols: number, ignoreIndex: number): Storage {
    const out = this.alloc(rows * cols);
    this.dispatch('crossEntropyBackward', () => crossEntropyBackwardKernel, [rows, cols, f32bits(ignoreIndex)],
      [this.buf(probs), this.buf(targets), this.buf(scale), out.buffer], elementGroups(rows * cols));
    return out;
  }

  gather(table: Storage, ids: Storage, count: number, dim: number): Storage {
    const out = this.alloc(count * dim);
    this.dispatch('gather', () => gatherKernel, [count, dim], [this.buf(table), this.buf(ids), out.buffer],
      elementGroups(count * dim));
    return out;
  }

  scatterAdd(grad: Storage, ids: Storage, count: number, dim: number, vocab: number): Storage {
    const out = this.alloc(vocab * dim);
    this.dispatch('scatterAdd', () => scatterAddKernel, [count, dim, vocab], [this.buf(grad), this.buf(ids), out.buffer],
      elementGroups(vocab * dim));
    return out;
  }

  // ---- optimizer updates --------------------------------------------------------------------

  adamw(params: Storage[], grads: Storage[], ms: Storage[], vs: Storage[], args: AdamWArgs): void {
    const bc1 = 1 - args.beta1 ** args.step;
    const bc2 = 1 - args.beta2 ** args.step;
    const scalars = [args.lr, args.beta1, args.beta2, args.eps, args.weightDecay, bc1, Math.sqrt(bc2)].map(f32bits);
    params.forEach((p, k) => {
      this.dispatch('adamw', () => adamwKernel, [p.length, ...scalars], [this.buf(p), this.buf(grads[k]), this.buf(ms[k]), this.buf(vs[k])],
        elementGroups(p.length));
    });
  }

  /** Per storage the existing kernels (square, sum, add to the total), all recorded, none read back. */
  sumOfSquares(xs: Storage[]): Storage {
    let total = this.full(1, 0);
    for (const x of xs) {
      const shape = [x.length];
      const squares = this.binary('mul', x, shape, x, shape, shape);
      const sum = this.reduce('sum', squares, shape, 0);
      const next = this.binary('add', total, [], sum, [], []);
      for (const s of [squares, sum, total]) this.dispose(s);
      total = next;
    }
    return total;
  }

  scaleInPlace(xs: Storage[], factor: Storage): void {
    for (const x of xs) this.dispatch('scale', () => scaleKernel, [x.length], [this.buf(x), this.buf(factor)], elementGroups(x.length));
  }

  sgd(param: Storage, grad: Storage, buf: Storage | null, lr: number, momentum: number, weightDecay: number): void {
    const n = param.length;
    const params = [n, f32bits(lr), f32bits(momentum), f32bits(weightDecay)];
    if (buf) {
      this.dispatch('sgd:momentum', () => sgdKernel(true), params, [this.buf(param), this.buf(grad), this.buf(buf)], elementGroups(n));
    } else {
      this.dispatch('sgd', () => sgdKernel(false), params, [this.buf(param), this.buf(grad)], elementGroups(n));
    }
  }
}

/** Acquires a device (navigator.gpu, or the given GPU object in Node) and wraps it in a backend. */
export async function createWebGpuBackend(gpu?: GPU): Promise<WebGpuBackend> {
  return new WebGpuBackend(await acquireDevice(gpu));
}
