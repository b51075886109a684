// y = x Wᵀ + b, with W stored [out, in] as in PyTorch (so nanoGPT's checkpoints load unchanged).
import { Module } from './module';
import { normalParameter, uniformParameter, zerosParameter } from './init';
import { F, type Tensor } from '../tensor';

export interface LinearOptions {
  bias?: boolean;
  /**
   * 'normal' (default): weight N(0, std) with std 0.02 and bias 0, as nanoGPT.
   * 'uniform': PyTorch's nn.Linear default, weight and bias U(-1/√in, 1/√in).
   */
  init?: 'normal' | 'uniform';
  std?: number;
}

export class Linear extends Module {
  weight: Tensor;
  bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    const hasBias = options.bias !== false;
    if (options.init === 'uniform') {
      const bound = 1 / Math.sqrt(inFeatures);
      this.weight = uniformParameter([outFeatures, inFeatures], bound);
      this.bias = hasBias ? uniformParameter([outFeatures], bound) : null;
    } else {
      this.weight = normalParameter([outFeatures, inFeatures], options.std ?? 0.02);
      this.bias = hasBias ? zerosParameter([outFeatures]) : null;
    }
  }

  forward(x: Tensor): Tensor {
    return F.linear(x, this.weight, this.bias); // reads W transposed in place: no copy of W or its gradient
  }
}
