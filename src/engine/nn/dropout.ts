// Dropout: zeroes each value with probability p while training and scales the rest by 1/(1-p);
// the identity in eval mode.
import { Module } from './module';
import { F, type Tensor } from '../tensor';

export class Dropout extends Module {
  constructor(readonly p = 0) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
  }

  forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training);
  }
}
