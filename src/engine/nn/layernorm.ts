// LayerNorm over the last dimension, eps 1e-5, starting as the identity (weight 1, bias 0).
import { Module } from './module';
import { onesParameter, zerosParameter } from './init';
import { F, type Tensor } from '../tensor';

export class LayerNorm extends Module {
  weight: Tensor;
  bias: Tensor;

  constructor(readonly normalizedShape: number, readonly eps = 1e-5) {
    super();
    this.weight = onesParameter([normalizedShape]);
    this.bias = zerosParameter([normalizedShape]);
  }

  forward(x: Tensor): Tensor {
    return F.layerNorm(x, this.weight, this.bias, this.eps);
  }
}
