// The RLHF objective on a language model's logits: REINFORCE with a baseline plus a per-token KL
// penalty to the model RL started from,
//   loss = −(1/N) Σ_i (R_i − b) Σ_t log π(a_it)  +  β (1/N) Σ_i Σ_t KL(π(·|ctx_it) ‖ π_ref(·|ctx_it)).
// The first term makes the sampled answers with above-average reward likelier; the second pulls
// every next-token distribution the answer passed through back towards the reference one.
// The KL is exact over the vocabulary (not one sampled log-ratio), so its gradient has no noise.
import type { Tensor } from '../tensor';
import { fromFloat32 } from '../creation';
import { meanOf } from './reinforce';

/** KL(softmax(logits) ‖ softmax(refLogits)) along the last dimension; the reference gets no gradient. */
export function tokenKl(logits: Tensor, refLogits: Tensor): Tensor {
  const lp = logits.logSoftmax(-1);
  const lq = refLogits.detach().logSoftmax(-1);
  return lp.exp().mul(lp.sub(lq)).sum(-1);
}

/** R_i − b with the batch's mean reward as the baseline b (unbiased, and far less noisy than none). */
export function advantages(rewards: ArrayLike<number>): Float64Array {
  const b = meanOf(rewards);
  return Float64Array.from(rewards as ArrayLike<number>, (r) => r - b);
}

export interface PolicyLossInput {
  /** The policy's logits at the positions that chose each action, (N, L, V). */
  logits: Tensor;
  /** The reference model's logits at the same positions, (N, L, V). */
  refLogits: Tensor;
  /** actions[i][t]: the token sample i chose at step t. */
  actions: number[][];
  /** One reward per sample (the baseline is subtracted here). */
  rewards: number[];
  /** β: weight of the KL penalty, in reward per nat. */
  beta: number;
}

/** The loss above, and the per-token KL (N, L) it used (for the reader's KL curve). */
export function policyLoss({ logits, refLogits, actions, rewards, beta }: PolicyLossInput): { loss: Tensor; kl: Tensor } {
  const [N, L, V] = logits.shape;
  if (actions.length !== N || rewards.length !== N || actions.some((a) => a.length !== L)) {
    throw new Error(`policyLoss: logits [${logits.shape.join(', ')}] need ${N} rewards and ${N} action rows of ${L}`);
  }
  // Σ_i (R_i − b)/N Σ_t log π(a_it) as one product with a weight tensor that is zero off the chosen tokens.
  const adv = advantages(rewards);
  const weights = new Float32Array(N * L * V);
  actions.forEach((row, i) => row.forEach((a, t) => (weights[(i * L + t) * V + a] = adv[i] / N)));
  const reinforce = logits.logSoftmax(-1).mul(fromFloat32(weights, [N, L, V])).sum().neg();
  const kl = tokenKl(logits, refLogits);
  return { loss: reinforce.add(kl.sum().mul(beta / N)), kl };
}
