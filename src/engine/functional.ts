// The functional namespace, as torch.nn.functional.
import { activation, gelu, logSoftmax, relu, sigmoid, softmax, tanh } from './ops/activation';
import { crossEntropy, dropout, embedding, layerNorm, mseLoss } from './ops/nn';
import { scaledDotProductAttention } from './ops/attention';
import { linear } from './ops/matmul';

export const F = {
  linear,
  crossEntropy,
  mseLoss,
  layerNorm,
  dropout,
  embedding,
  softmax,
  logSoftmax,
  activation,
  relu,
  gelu,
  sigmoid,
  tanh,
  scaledDotProductAttention,
};
