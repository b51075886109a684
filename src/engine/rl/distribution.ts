// Softmax and log-softmax on one plain row of logits, in float64: the building blocks the policy
// and reward functions in this folder share. The max is subtracted first, so large logits are safe.

export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(logits as ArrayLike<number>, (z) => z - lse);
}

export function softmax(logits: ArrayLike<number>): Float64Array {
  return logSoftmax(logits).map(Math.exp);
}

/** Draws an index from probabilities `p` with a uniform number `u` in [0, 1). */
export function sampleIndex(p: ArrayLike<number>, u: number): number {
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i];
    if (u < acc) return i;
  }
  return p.length - 1;
}
