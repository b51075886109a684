// A lookup table: row i of `weight` is the vector for id i.
import { Module } from './module';
import { normalParameter } from './init';
import { F, type Tensor } from '../tensor';

export class Embedding extends Module {
  weight: Tensor;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, std = 0.02) {
    super();
    this.weight = normalParameter([numEmbeddings, embeddingDim], std);
  }

  /** ids of any shape → [...ids.shape, embeddingDim]. */
  forward(ids: Tensor): Tensor {
    return F.embedding(ids, this.weight);
  }
}
