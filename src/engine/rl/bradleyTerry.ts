// The Bradley–Terry model of a preference: the chance that answer A is preferred to answer B is
// σ(r(A) − r(B)), where r is a score. A reward model learns r from human rankings by minimising
// −log σ(r(chosen) − r(rejected)), the loss InstructGPT (Ouyang et al. 2022) used.

export interface BradleyTerry {
  /** −log σ(margin), in nats. */
  loss: number;
  /** σ(margin): the modelled probability that the chosen answer wins. */
  pChosen: number;
  /** ∂loss/∂r(chosen) = −(1 − σ(margin)); ∂loss/∂r(rejected) is its negative. */
  dChosen: number;
  dRejected: number;
}

export function bradleyTerry(scoreChosen: number, scoreRejected: number): BradleyTerry {
  const m = scoreChosen - scoreRejected;
  // −log σ(m) = softplus(−m), written so neither branch overflows.
  const loss = m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
  const pChosen = 1 / (1 + Math.exp(-m));
  return { loss, pChosen, dChosen: pChosen - 1, dRejected: 1 - pChosen };
}

/** A linear reward model r(x) = w · x + b on a feature vector. */
export function linearScore(w: ArrayLike<number>, b: number, x: ArrayLike<number>): number {
  if (w.length !== x.length) throw new Error(`linearScore: ${w.length} weights but ${x.length} features`);
  let s = b;
  for (let i = 0; i < w.length; i++) s += w[i] * x[i];
  return s;
}

export interface Preference {
  chosen: ArrayLike<number>;
  rejected: ArrayLike<number>;
}

/**
 * Mean Bradley–Terry loss of a linear reward model over preference pairs, and its gradient in w
 * (plus L2 weight decay). The bias cancels in every margin, so it has no gradient.
 */
export function linearBradleyTerry(w: ArrayLike<number>, pairs: Preference[], weightDecay = 0): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(w.length);
  let loss = 0;
  for (const { chosen, rejected } of pairs) {
    const bt = bradleyTerry(linearScore(w, 0, chosen), linearScore(w, 0, rejected));
    loss += bt.loss;
    for (let i = 0; i < w.length; i++) grad[i] += bt.dChosen * chosen[i] + bt.dRejected * rejected[i];
  }
  const n = Math.max(1, pairs.length);
  loss /= n;
  for (let i = 0; i < w.length; i++) {
    grad[i] = grad[i] / n + weightDecay * w[i];
    loss += 0.5 * weightDecay * w[i] * w[i];
  }
  return { loss, grad };
}

export interface LinearFit {
  w: Float64Array;
  /** The final mean loss on the training pairs (ln 2 ≈ 0.693 is a coin flip). */
  trainLoss: number;
  /** Share of held-out pairs the fitted scores order as the labels do (null: none held out). */
  heldOutAccuracy: number | null;
  trainPairs: number;
  heldOutPairs: number;
}

/**
 * Fits a linear reward model to preference pairs by gradient descent on the mean Bradley–Terry
 * loss. Every fifth pair is held out to measure how well it predicts rankings it never saw.
 */
export function fitLinearBradleyTerry(pairs: Preference[], opts: { epochs?: number; lr?: number; weightDecay?: number } = {}): LinearFit {
  const { epochs = 300, lr = 0.5, weightDecay = 1e-3 } = opts;
  const held = pairs.filter((_, i) => i % 5 === 4);
  const train = pairs.filter((_, i) => i % 5 !== 4);
  if (train.length === 0) throw new Error('The reward model needs at least one ranked pair to learn from.');
  let w = new Float64Array(train[0].chosen.length);
  let trainLoss = 0;
  for (let e = 0; e < epochs; e++) {
    const step = linearBradleyTerry(w, train, weightDecay);
    trainLoss = step.loss;
    w = w.map((wi, i) => wi - lr * step.grad[i]);
  }
  const correct = held.filter((p) => linearScore(w, 0, p.chosen) > linearScore(w, 0, p.rejected)).length;
  return { w, trainLoss, heldOutAccuracy: held.length ? correct / held.length : null, trainPairs: train.length, heldOutPairs: held.length };
}
