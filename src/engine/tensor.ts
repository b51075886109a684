// The Tensor: a shape, a reference to backend storage, and (when it takes part in autograd) the
// node that says how to send gradients back to its inputs. Ops live in ./ops, one file per
// family; the methods here only forward to them so reader code reads like PyTorch.
import type { Backend, Storage } from './backend';
import { backward, type GradNode } from './autograd';
import { setTensorCheck, track, untrack } from './memory';
import * as elementwise from './ops/elementwise';
import * as layout from './ops/layout';
import * as reduce from './ops/reduce';
import { matmul } from './ops/matmul';
import * as activation from './ops/activation';

/** Storage shared by views (reshape, detach): freed when the last tensor using it is disposed. */
interface SharedStorage {
  storage: Storage;
  backend: Backend;
  refs: number;
}

export type Scalar = number;
export type TensorLike = Tensor | number;

export class Tensor {
  readonly shape: number[];
  requiresGrad = false;
  grad: Tensor | null = null;
  gradNode: GradNode | null = null;
  /** Set by retainGrad(): backward() also fills .grad of this intermediate result. */
  retainsGrad = false;
  private shared: SharedStorage;
  private disposed = false;

  /** Use the creation functions (tensor, zeros, randn, …) rather than this constructor. */
  constructor(storage: Storage | SharedStorage, shape: readonly number[], backend?: Backend) {
    this.shape = [...shape];
    if ('refs' in storage) {
      storage.refs++;
      this.shared = storage;
    } else {
      this.shared = { storage, backend: backend!, refs: 1 };
    }
    track(this);
  }

  get storage(): Storage {
    if (this.disposed) throw new Error(`Tensor of shape [${this.shape.join(', ')}] was used after dispose()`);
    return this.shared.storage;
  }

  get backend(): Backend {
    return this.shared.backend;
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** A tensor on the same storage with another shape (reshape and detach use it). */
  shareStorage(shape: readonly number[]): Tensor {
    void this.storage; // throws when disposed
    return new Tensor(this.shared, shape);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    untrack(this);
    if (--this.shared.refs === 0) this.shared.backend.dispose(this.shared.storage);
  }

  // ---- reading values (async: on WebGPU they wait for the GPU) ---------------------------
  data(): Promise<Float32Array> {
    return this.backend.read(this.storage);
  }

  async toArray(): Promise<NestedArray> {
    return nest(await this.data(), this.shape);
  }

  async item(): Promise<number> {
    if (this.size !== 1) throw new Error(`item: tensor has ${this.size} elements (shape [${this.shape.join(', ')}]); item() needs exactly one`);
    return (await this.data())[0];
  }

  // ---- autograd ----------------------------------------------------------------------------
  backward(grad?: Tensor): void {
    backward(this, grad);
  }

  /** Same values, cut from the graph. */
  detach(): Tensor {
    return this.shareStorage(this.shape);
  }

  /** A new tensor with its own copy of the values (gradients flow through it). */
  clone(): Tensor {
    return layout.copy(this);
  }

  /**
   * Keeps this intermediate result's gradient: after backward(), .grad holds d loss / d this, as
   * it does for leaves (PyTorch's retain_grad). Like a leaf's, that .grad outlives tidy: dispose it when read.
   */
  retainGrad(): this {
    if (!this.requiresGrad) throw new Error('retainGrad: this tensor does not require grad, so backward() never reaches it');
    this.retainsGrad = true;
    return this;
  }

  /** Replaces the values in place (loading weights, optimizer state); the shape must hold them. */
  assign(source: Tensor | Float32Array): this {
    const n = source instanceof Tensor ? source.size : source.length;
    if (n !== this.size) {
      const got = source instanceof Tensor ? `shape [${source.shape.join(', ')}]` : `${n} values`;
      throw new Error(`assign: ${got} does not fit a tensor of shape [${this.shape.join(', ')}]`);
    }
    if (source instanceof Tensor && source.backend !== this.backend) {
      throw new Error(`assign: source lives on ${source.backend.name}, target on ${this.backend.name}; read it with data() first`);
    }
    const fresh = source instanceof Tensor ? this.backend.copy(source.storage) : this.backend.fromArray(source);
    this.backend.dispose(this.storage);
    this.shared.storage = fresh;
    return this;
  }

  onesLike(): Tensor {
    return new Tensor(this.backend.full(this.size, 1), this.shape, this.backend);
  }

  zeroGrad(): void {
    this.grad?.dispose();
    this.grad = null;
  }

  // ---- elementwise -----------------------------------------------------------------------
  add(other: TensorLike): Tensor { return elementwise.add(this, other); }
  sub(other: TensorLike): Tensor { return elementwise.sub(this, other); }
  mul(other: TensorLike): Tensor { return elementwise.mul(this, other); }
  div(other: TensorLike): Tensor { return elementwise.div(this, other); }
  maximum(other: TensorLike): Tensor { return elementwise.maximum(this, other); }
  minimum(other: TensorLike): Tensor { return elementwise.minimum(this, other); }
  gt(other: TensorLike): Tensor { return elementwise.compare('gt', this, other); }
  lt(other: TensorLike): Tensor { return elementwise.compare('lt', this, other); }
  eq(other: TensorLike): Tensor { return elementwise.compare('eq', this, other); }
  pow(exponent: number): Tensor { return elementwise.pow(this, exponent); }
  neg(): Tensor { return elementwise.neg(this); }
  exp(): Tensor { return elementwise.exp(this); }
  log(): Tensor { return elementwise.log(this); }
  sqrt(): Tensor { return elementwise.sqrt(this); }
  abs(): Tensor { return elementwise.abs(this); }
  tanh(): Tensor { return activation.tanh(this); }
  sigmoid(): Tensor { return activation.sigmoid(this); }
  relu(): Tensor { return activation.relu(this); }
  gelu(): Tensor { return activation.gelu(this); }

  // ---- reductions ------------------------------------------------------------------------
  sum(dim?: number | number[], keepdim = false): Tensor { return reduce.sum(this, dim, keepdim); }
  mean(dim?: number | number[], keepdim = false): Tensor { return reduce.mean(this, dim, keepdim); }
  max(dim?: number, keepdim = false): Tensor { return reduce.max(this, dim, keepdim); }
  argmax(dim?: number, keepdim = false): Tensor { return reduce.argmax(this, dim, keepdim); }
  softmax(dim: number): Tensor { return activation.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return activation.logSoftmax(this, dim); }

  // ---- linear algebra and layout ---------------------------------------------------------
  matmul(other: Tensor): Tensor { return matmul(this, other); }
  reshape(shape: number[]): Tensor { return layout.reshape(this, shape); }
  view(shape: number[]): Tensor { return layout.reshape(this, shape); }
  flatten(): Tensor { return layout.reshape(this, [this.size]); }
  unsqueeze(dim: number): Tensor { return layout.unsqueeze(this, dim); }
  squeeze(dim?: number): Tensor { return layout.squeeze(this, dim); }
  transpose(dim0: number, dim1: number): Tensor { return layout.transpose(this, dim0, dim1); }
  permute(dims: number[]): Tensor { return layout.permute(this, dims); }
  get T(): Tensor { return layout.transpose(this, -2, -1); }
  narrow(dim: number, start: number, length: number): Tensor { return layout.narrow(this, dim, start, length); }
  expand(shape: number[]): Tensor { return layout.expand(this, shape); }

  toString(): string {
    return `Tensor(shape=[${this.shape.join(', ')}]${this.requiresGrad ? ', requiresGrad' : ''}, backend=${this.backend.name})`;
  }
}

export type NestedArray = number | NestedArray[];

function nest(data: Float32Array, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return data[0];
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(data.subarray(i * step, (i + 1) * step), rest));
}

export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}
setTensorCheck(isTensor);

// The engine's core, in one place for modules built on it (nn, optim, data). Reader code
// imports from src/engine/index.ts instead.
export * from './creation';
export { noGrad } from './autograd';
export { tidy, keep, memory } from './memory';
export { Generator, defaultGenerator, manualSeed } from './random';
export { F } from './functional';
