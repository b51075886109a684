// REINFORCE (Williams 1992): to make rewarded actions likelier, nudge the logits along
// (r − b) ∇ log π(a). For a softmax policy ∇_z log π(a) = onehot(a) − π, so the estimate of
// ∇ E[r] from sampled actions is the mean of (r_i − b)(onehot(a_i) − π). The baseline b (here the
// batch's mean reward) leaves the estimate unbiased and makes it far less noisy.
import { softmax } from './distribution';

/** ∂ log softmax(z)[a] / ∂z = onehot(a) − softmax(z). */
export function logProbGrad(logits: ArrayLike<number>, action: number): Float64Array {
  const g = softmax(logits).map((p) => -p);
  g[action] += 1;
  return g;
}

export function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : 0;
}

/**
 * GRPO's advantages (Shao et al. 2024, DeepSeekMath): each reward of a group of attempts at one
 * problem, minus the group's mean, divided by the group's standard deviation. The group is its own
 * baseline, so no value network is needed; a group whose rewards are all equal gets all zeros.
 */
export function groupAdvantages(rewards: ArrayLike<number>): number[] {
  const mean = meanOf(rewards);
  let variance = 0;
  for (let i = 0; i < rewards.length; i++) variance += (rewards[i] - mean) ** 2;
  const std = Math.sqrt(variance / Math.max(1, rewards.length));
  return Array.from(rewards, (r) => (std > 0 ? (r - mean) / std : 0));
}

/**
 * The REINFORCE estimate of ∇_z E_{a∼softmax(z)}[r] from sampled actions and their rewards, with
 * the mean reward as baseline unless one is given.
 */
export function reinforceGradient(logits: ArrayLike<number>, actions: ArrayLike<number>, rewards: ArrayLike<number>, baseline = meanOf(rewards)): Float64Array {
  if (actions.length !== rewards.length) throw new Error(`reinforceGradient: ${actions.length} actions but ${rewards.length} rewards`);
  const p = softmax(logits);
  const g = new Float64Array(logits.length);
  for (let i = 0; i < actions.length; i++) {
    const adv = rewards[i] - baseline;
    for (let k = 0; k < g.length; k++) g[k] -= adv * p[k];
    g[actions[i]] += adv;
  }
  const n = Math.max(1, actions.length);
  return g.map((x) => x / n);
}

/** The exact ∇_z E_{a∼softmax(z)}[r(a)] when every action's reward is known. */
export function expectedRewardGradient(logits: ArrayLike<number>, rewardOf: ArrayLike<number>): Float64Array {
  const p = softmax(logits);
  let mean = 0;
  for (let a = 0; a < p.length; a++) mean += p[a] * rewardOf[a];
  return p.map((pa, a) => pa * (rewardOf[a] - mean));
}

/** One gradient-ascent step on the logits with the REINFORCE estimate; returns new logits. */
export function reinforceStep(logits: ArrayLike<number>, actions: ArrayLike<number>, rewards: ArrayLike<number>, lr: number): Float64Array {
  const g = reinforceGradient(logits, actions, rewards);
  return Float64Array.from(logits as ArrayLike<number>, (z, k) => z + lr * g[k]);
}
