// The RLHF toy: a bigram "generator" of six-letter words, an automatic labeler with a stated
// rule, a Bradley–Terry reward model that only sees letter counts, and REINFORCE with a KL
// penalty to the starting model. Pure functions on plain arrays; the worker drives them.
//
// Why it can be gamed: the labeler likes vowels but punishes repeated letters; the reward model
// scores a word by a weighted sum of its letter counts, so it learns "vowels are good" and has no
// way to see that the fifth 'o' is worse than the first. Optimised hard, the policy repeats the
// reward model's favourite letters and the labeler's verdict collapses.
import { rl } from '../../../engine';
import type { Metrics } from '../../../models/rlhf';

export const WORD_LENGTH = 6;
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const A = LETTERS.length; // actions: the next letter
const S = A + 1; // states: the previous letter, or the start of the word (state 0)
export const VOWELS = new Set('aeiou');
export const REPEAT_PENALTY = 2;
export const LABELER_RULE = `+1 for every vowel, −${REPEAT_PENALTY} for every letter already used earlier in the word`;

/** The labeler's hidden judgement of one word (the reader is told the rule). */
export function labelerScore(word: string): number {
  const seen = new Set<string>();
  let score = 0;
  for (const ch of word) {
    if (VOWELS.has(ch)) score += 1;
    if (seen.has(ch)) score -= REPEAT_PENALTY;
    seen.add(ch);
  }
  return score;
}

/** What the reward model sees: how many times each letter occurs, and nothing about order. */
export function features(word: string): Float64Array {
  const x = new Float64Array(A);
  for (const ch of word) {
    const i = LETTERS.indexOf(ch);
    if (i >= 0) x[i] += 1;
  }
  return x;
}

/** A policy is one row of logits per state: (S, A) flattened. */
export type Policy = Float64Array;

/** "Pre-training": the smoothed bigram counts of a word list, as log-probabilities. */
export function pretrain(words: string[], smoothing = 0.5): Policy {
  const counts = new Float64Array(S * A).fill(smoothing);
  let used = 0;
  for (const w of words) {
    if (w.length !== WORD_LENGTH || !/^[a-z]+$/.test(w)) continue;
    used++;
    let s = 0;
    for (const ch of w) {
      const a = LETTERS.indexOf(ch);
      counts[s * A + a] += 1;
      s = a + 1;
    }
  }
  if (used === 0) throw new Error(`pretrain: no ${WORD_LENGTH}-letter words of a–z in the list`);
  const logits = new Float64Array(S * A);
  for (let s = 0; s < S; s++) {
    let total = 0;
    for (let a = 0; a < A; a++) total += counts[s * A + a];
    for (let a = 0; a < A; a++) logits[s * A + a] = Math.log(counts[s * A + a] / total);
  }
  return logits;
}

const row = (policy: Policy, s: number) => policy.subarray(s * A, s * A + A);

export interface Sample {
  word: string;
  /** The visited states and chosen actions, for the policy gradient. */
  states: number[];
  actions: number[];
  logProb: number;
}

export function sampleWord(policy: Policy, rand: () => number): Sample {
  const states: number[] = [];
  const actions: number[] = [];
  let s = 0;
  let logProb = 0;
  let word = '';
  for (let t = 0; t < WORD_LENGTH; t++) {
    const lp = rl.logSoftmax(row(policy, s));
    const a = rl.sampleIndex(lp.map(Math.exp), rand());
    states.push(s);
    actions.push(a);
    logProb += lp[a];
    word += LETTERS[a];
    s = a + 1;
  }
  return { word, states, actions, logProb };
}

export function logProbOf(policy: Policy, word: string): number {
  let s = 0;
  let lp = 0;
  for (const ch of word) {
    const a = LETTERS.indexOf(ch);
    lp += rl.logSoftmax(row(policy, s))[a];
    s = a + 1;
  }
  return lp;
}

/**
 * KL(policy ‖ reference) over whole words, exactly: the per-letter KL at each position, weighted
 * by how likely the policy is to be in each state there.
 */
export function sequenceKl(policy: Policy, reference: Policy): number {
  const klRow = Array.from({ length: S }, (_, s) => rl.klFromLogits(row(policy, s), row(reference, s)));
  const probs = Array.from({ length: S }, (_, s) => rl.softmax(row(policy, s)));
  let occupancy = new Float64Array(S);
  occupancy[0] = 1;
  let kl = 0;
  for (let t = 0; t < WORD_LENGTH; t++) {
    const next = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      if (occupancy[s] === 0) continue;
      kl += occupancy[s] * klRow[s];
      for (let a = 0; a < A; a++) next[a + 1] += occupancy[s] * probs[s][a];
    }
    occupancy = next;
  }
  return kl;
}

export interface Pair {
  a: string;
  b: string;
  /** 'a' if a was preferred. */
  winner: 'a' | 'b';
  by: 'labeler' | 'reader';
}

/** The labeler ranks a pair by its rule; it skips a pair its rule scores as a tie (null). */
export function autoLabel(a: string, b: string): Pair | null {
  const d = labelerScore(a) - labelerScore(b);
  return d === 0 ? null : { a, b, winner: d > 0 ? 'a' : 'b', by: 'labeler' };
}

export interface RewardModel {
  w: Float64Array;
  /** Shifts scores so the starting model's words average 0 (the bias cancels in every pair). */
  b: number;
}

export const rewardScore = (rm: RewardModel, word: string) => rl.linearScore(rm.w, rm.b, features(word));

export interface RewardTraining extends Omit<rl.LinearFit, 'w'> {
  rm: RewardModel;
}

/** Fits the reward model to the pairs (rl.fitLinearBradleyTerry: every fifth pair held out). */
export function trainRewardModel(pairs: Pair[], baseWords: string[]): RewardTraining {
  const toPref = (p: Pair) => (p.winner === 'a' ? { chosen: features(p.a), rejected: features(p.b) } : { chosen: features(p.b), rejected: features(p.a) });
  const { w, ...fit } = rl.fitLinearBradleyTerry(pairs.map(toPref));
  const mean = baseWords.length ? rl.meanOf(baseWords.map((word) => rl.linearScore(w, 0, features(word)))) : 0;
  return { rm: { w, b: -mean }, ...fit };
}

export interface RlOptions {
  /** β: the KL penalty's weight, in reward per nat. */
  kl: number;
  lr: number;
  batch: number;
}

/**
 * One REINFORCE step on the objective of rl.policyLoss (the GPT generators use it through autograd):
 * the reward model's score with the batch mean as baseline, plus β times the exact KL to the
 * reference at every letter the word passed through. A table of logits has closed-form gradients
 * for both terms, so this step writes them out instead of running autograd.
 */
export function rlStep(policy: Policy, reference: Policy, rm: RewardModel, opts: RlOptions, rand: () => number): Policy {
  const samples = Array.from({ length: opts.batch }, () => sampleWord(policy, rand));
  const adv = rl.advantages(samples.map((x) => rewardScore(rm, x.word)));
  const grad = new Float64Array(policy.length);
  samples.forEach((x, i) => {
    x.states.forEach((s, t) => {
      const up = rl.logProbGrad(row(policy, s), x.actions[t]);
      const klDown = rl.klGradLogits(row(policy, s), rl.softmax(row(reference, s)));
      for (let a = 0; a < A; a++) grad[s * A + a] += (adv[i] * up[a] - opts.kl * klDown[a]) / opts.batch;
    });
  });
  return policy.map((z, i) => z + opts.lr * grad[i]);
}

/** The same measurements as the GPT run's (src/models/rlhf.ts), so one chart draws both. */
export type { Metrics };

export function evaluate(step: number, policy: Policy, reference: Policy, rm: RewardModel, baseWords: string[], rand: () => number, n = 200): Metrics {
  const words = Array.from({ length: n }, () => sampleWord(policy, rand).word);
  let rmWins = 0;
  let trueWins = 0;
  words.forEach((w, i) => {
    const base = baseWords[i % baseWords.length];
    rmWins += 1 / (1 + Math.exp(-(rewardScore(rm, w) - rewardScore(rm, base))));
    const d = labelerScore(w) - labelerScore(base);
    trueWins += d > 0 ? 1 : d === 0 ? 0.5 : 0;
  });
  return {
    step,
    reward: rl.meanOf(words.map((w) => rewardScore(rm, w))),
    trueReward: rl.meanOf(words.map(labelerScore)),
    kl: sequenceKl(policy, reference),
    rmWinRate: rmWins / n,
    trueWinRate: trueWins / n,
    samples: words.slice(0, 8),
  };
}
