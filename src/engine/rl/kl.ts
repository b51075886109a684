// Kullback–Leibler divergence KL(p ‖ q) = Σ p log(p / q): how many extra nats a code built for q
// spends on samples from p. RLHF uses it to keep the tuned model near the one it started from.
import { logSoftmax } from './distribution';

export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new Error(`klDivergence: p has ${p.length} entries but q has ${q.length}`);
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] < 0 || q[i] < 0) throw new Error(`klDivergence: probabilities must be ≥ 0 (entry ${i})`);
    if (p[i] === 0) continue; // 0 · log 0 = 0
    if (q[i] === 0) return Infinity; // p puts mass where q has none
    kl += p[i] * Math.log(p[i] / q[i]);
  }
  return kl;
}

/** KL(softmax(zp) ‖ softmax(zq)) from two rows of logits, without underflow. */
export function klFromLogits(zp: ArrayLike<number>, zq: ArrayLike<number>): number {
  if (zp.length !== zq.length) throw new Error(`klFromLogits: ${zp.length} logits vs ${zq.length}`);
  const lp = logSoftmax(zp);
  const lq = logSoftmax(zq);
  let kl = 0;
  for (let i = 0; i < lp.length; i++) kl += Math.exp(lp[i]) * (lp[i] - lq[i]);
  return Math.max(0, kl);
}

/** ∂ KL(softmax(z) ‖ q) / ∂z = p ⊙ (log p − log q − KL), for p = softmax(z). */
export function klGradLogits(z: ArrayLike<number>, q: ArrayLike<number>): Float64Array {
  const lp = logSoftmax(z);
  const kl = klDivergence(lp.map(Math.exp), q);
  return lp.map((l, i) => Math.exp(l) * (l - Math.log(q[i]) - kl));
}
