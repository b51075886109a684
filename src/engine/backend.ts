// The backend contract. A backend owns flat float32 storage and the kernels that compute on it;
// the Tensor layer above it owns shapes, broadcasting rules, autograd and errors. Every method is
// synchronous (on WebGPU it only enqueues work) except `read`, so the same reader code runs on
// the CPU and the GPU. All storage is contiguous, row-major. Methods never mutate their inputs,
// except the optimizer updates, which update their first arguments in place.

import type { BinaryOp, MatmulCausal, ReduceOp, UnaryOp } from '../kernels/ops';

export type Shape = readonly number[];

/** Opaque handle to a flat float32 buffer owned by one backend. */
export interface Storage {
  readonly length: number;
}

// The op names are one runtime list shared with the kernels (src/kernels/ops.ts).
export type { BinaryOp, MatmulCausal, ReduceOp, UnaryOp };

export interface MatmulArgs {
  /** Number of matrices in the batch (product of the output's leading dims; 1 for plain 2-D). */
  batch: number;
  m: number;
  k: number;
  n: number;
  /** a holds [k, m] per batch item instead of [m, k] (read transposed in place). */
  transA: boolean;
  /** b holds [n, k] per batch item instead of [k, n]. */
  transB: boolean;
  /** false when a (or b) is one matrix shared by every batch item. */
  aBatched: boolean;
  bBatched: boolean;
  /**
   * Causal attention's triangles, per batch item. 'out': the product is masked, out[i, j] = 0 for
   * j > i (m = n; q·kᵀ before a causal softmax). 'aLower' / 'aUpper': A as read (after `transA`)
   * counts as zero where kk > i / kk < i (m = k; causal weights or a masked gradient, or their
   * transposes), whatever it holds there. The CPU skips the work those zeros make unnecessary.
   */
  causal?: MatmulCausal;
}

export interface AdamWArgs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based step count, for bias correction. */
  step: number;
}

export interface Backend {
  readonly name: 'cpu' | 'webgpu';

  // ---- storage --------------------------------------------------------------------------
  fromArray(data: Float32Array): Storage;
  full(length: number, value: number): Storage;
  /** Reads a storage back. The only async method. */
  read(s: Storage): Promise<Float32Array>;
  /** The values without waiting, when the backend keeps them in host memory; null on a device. */
  peek(s: Storage): Float32Array | null;
  /** A new storage holding the same values. */
  copy(a: Storage): Storage;
  dispose(s: Storage): void;
  /** Buffers currently allocated by this backend (tests keep it flat over a training loop). */
  liveBuffers(): number;

  // ---- layout ---------------------------------------------------------------------------
  /** Broadcast `a` (of `shape`) to `outShape` (NumPy rules, already validated). */
  expand(a: Storage, shape: Shape, outShape: Shape): Storage;
  /** General axis permutation: out.shape[i] = shape[perm[i]]. */
  permute(a: Storage, shape: Shape, perm: readonly number[]): Storage;
  /** Slice `length` entries starting at `start` along `dim`. */
  narrow(a: Storage, shape: Shape, dim: number, start: number, length: number): Storage;
  /** Inverse of narrow for gradients: place `a` (the narrowed shape) into zeros of `fullShape`. */
  unnarrow(a: Storage, shape: Shape, dim: number, start: number, fullShape: Shape): Storage;

  // ---- elementwise ----------------------------------------------------------------------
  unary(op: UnaryOp, a: Storage, param?: number): Storage;
  /** Elementwise with broadcasting; aShape and bShape broadcast to outShape. */
  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage;

  // ---- reductions -----------------------------------------------------------------------
  /** Reduce along `dim` of `shape`; the result has that dim removed. argmax gives indices. */
  reduce(op: ReduceOp, a: Storage, shape: Shape, dim: number): Storage;

  // ---- linear algebra -------------------------------------------------------------------
  /** Batched matmul, output [batch, m, n]. */
  matmul(a: Storage, b: Storage, args: MatmulArgs): Storage;

  // ---- fused neural-net kernels -----------------------------------------------------------
  /**
   * Softmax over the last axis of a [rows, cols] view of `scale`·a. With `causal` the rows form
   * square [cols, cols] blocks (attention scores) and row r keeps only columns ≤ r mod cols: the
   * others come out exactly 0, as after an additive mask of -∞.
   */
  softmax(a: Storage, rows: number, cols: number, scale?: number, causal?: boolean): Storage;
  /** Softmax's gradient from its output y: scale · y·(g − Σ_row g·y), one pass per row. */
  softmaxBackward(y: Storage, g: Storage, rows: number, cols: number, scale: number): Storage;
  logSoftmax(a: Storage, rows: number, cols: number): Storage;
  /** LayerNorm over the last axis; also returns per-row mean and 1/std for the backward pass. */
  layerNorm(x: Storage, weight: Storage, bias: Storage, rows: number, cols: number, eps: number):
    { out: Storage; mean: Storage; rstd: Storage };
  layerNormBackward(dy: Storage, x: Storage, weight: Storage, mean: Storage, rstd: Storage,
    rows: number, cols: number): { dx: Storage; dweight: Storage; dbias: Storage };
  /**
   * Per-row -log softmax(logits)[target] (0 for rows whose target is `ignoreIndex`), and the
   * softmax probabilities kept for backward.
   */
  crossEntropy(logits: Storage, targets: Storage, rows: number, cols: number, ignoreIndex: number):
    { losses: Storage; probs: Storage };
  /**
   * d loss/d logits = (probs - onehot(targets)) * scale[0], zero on rows whose target is
   * `ignoreIndex`. scale has length 1 (gradOut / number of counted rows, for the mean).
   */
  crossEntropyBackward(probs: Storage, targets: Storage, scale: Storage, rows: number, cols: number, ignoreIndex: number): Storage;
  /** out[i, :] = table[ids[i], :]; ids are integer-valued floats, already range-checked. */
  gather(table: Storage, ids: Storage, count: number, dim: number): Storage;
  /** Gradient of gather: out[v, :] = sum of grad[i, :] over i with ids[i] = v. */
  scatterAdd(grad: Storage, ids: Storage, count: number, dim: number, vocab: number): Storage;

  // ---- optimizer updates (in place on their first arguments) ------------------------------------
  /**
   * AdamW on a list of parameters at once (one call per step, as PyTorch's foreach path):
   * params[i], ms[i] and vs[i] are updated in place from grads[i].
   */
  adamw(params: Storage[], grads: Storage[], ms: Storage[], vs: Storage[], args: AdamWArgs): void;
  /** Σ x² over every value of every storage, as a one-value storage (clipping's squared global norm). */
  sumOfSquares(xs: Storage[]): Storage;
  /** Multiplies every storage in place by factor[0], a one-value storage (so nothing waits for a device). */
  scaleInPlace(xs: Storage[], factor: Storage): void;
  /** SGD with momentum (PyTorch's form: buf = mu*buf + g; p -= lr*buf). */
  sgd(param: Storage, grad: Storage, buf: Storage | null, lr: number, momentum: number, weightDecay: number): void;
}
