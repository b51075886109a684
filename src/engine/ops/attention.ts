// Scaled dot-product attention, the core of a transformer block, built from the ops above so
// every step is visible to autograd (and to readers stepping through it).
import { Tensor } from '../tensor';
import { matmulTransposed } from './matmul';
import { fmt } from './shapes';

const masks = new Map<number, Float32Array>();

/** (T, T) additive mask: 0 where position t may look (s ≤ t), a large negative number above. */
function causalMaskValues(T: number): Float32Array {
  let m = masks.get(T);
  if (!m) {
    m = new Float32Array(T * T);
    for (let t = 0; t < T; t++) for (let s = t + 1; s < T; s++) m[t * T + s] = -1e9;
    masks.set(T, m);
  }
  return m;
}

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
  const T = q.shape.at(-2)!;
  const d = q.shape.at(-1)!;
  let scores = matmulTransposed(q, k).mul(1 / Math.sqrt(d)); // q·kᵀ, (..., T, T)
  if (options.causal) {
    const mask = new Tensor(q.backend.fromArray(causalMaskValues(T)), [T, T], q.backend);
    scores = scores.add(mask);
  }
  const weights = scores.softmax(-1);
  return { out: (options.dropout ? options.dropout(weights) : weights).matmul(v), weights };
}
