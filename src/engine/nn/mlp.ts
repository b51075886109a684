// A multilayer perceptron for the widgets: Linear layers of the given sizes with an activation
// between them and raw outputs (logits) at the end. Starts with PyTorch's default init, which
// suits these small networks.
import { Module } from './module';
import { Linear } from './linear';
import { activation, type TensorActivation } from '../ops/activation';
import type { Tensor } from '../tensor';

/** Any activation with a tensor op, or 'linear' for none. */
export type MlpActivation = TensorActivation | 'linear';

export class MLP extends Module {
  layers: Linear[];

  /** sizes: [inputs, hidden…, outputs], e.g. [2, 8, 8, 1]. */
  constructor(readonly sizes: readonly number[], readonly activation: MlpActivation = 'relu') {
    super();
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`MLP: sizes must list at least an input and an output size, each a whole number ≥ 1; got [${sizes.join(', ')}]`);
    }
    this.layers = sizes.slice(1).map((out, i) => new Linear(sizes[i], out, { init: 'uniform' }));
  }

  forward(x: Tensor): Tensor {
    this.layers.forEach((layer, i) => {
      x = layer.forward(x);
      if (i < this.layers.length - 1 && this.activation !== 'linear') x = activation(this.activation, x);
    });
    return x;
  }
}
