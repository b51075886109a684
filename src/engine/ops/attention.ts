// Scaled dot-product attention, the core of a transformer block, built from the ops above so
// every step is visible to autograd (and to readers stepping through it).
import type { Tensor } from '../tensor';
import { scaledSoftmax } from './activation';
import { causalMix, causalScores, matmulTransposed } from './matmul';
import { fmt } from './shapes';

export interface AttentionOptions {
  causal?: boolean;
  /** Applied to the weights before they mix v (nanoGPT's attention dropout); `weights` stays undropped. */
  dropout?: (weights: Tensor) => Tensor;
}

/**
 * softmax(q·kᵀ/√d [+ causal mask])·v for q, k, v of shape (..., T, d).
 * Returns the output (..., T, d) and the attention weights (..., T, T).
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): { out: Tensor; weights: Tensor } {
  if (q.ndim < 2 || k.shape.join() !== q.shape.join() || v.shape.slice(0, -1).join() !== q.shape.slice(0, -1).join()) {
    throw new Error(`scaledDotProductAttention: q ${fmt(q.shape)}, k ${fmt(k.shape)} and v ${fmt(v.shape)} must share (..., T, d)`);
  }
  const d = q.shape.at(-1)!;
  const causal = options.causal ?? false;
  // q·kᵀ, (..., T, T); causal: zeros above the diagonal, which the CPU does not compute
  const scores = causal ? causalScores(q, k) : matmulTransposed(q, k);
  // The scale 1/√d and the causal mask (position t sees s ≤ t) are applied inside one softmax kernel.
  const weights = scaledSoftmax(scores, 1 / Math.sqrt(d), causal);
  const mixing = options.dropout ? options.dropout(weights) : weights; // dropout keeps the zeros
  return { out: causal ? causalMix(mixing, v) : mixing.matmul(v), weights };
}
