// Pure logic of the InContextProbe: an in-context copying test. A random sequence of tokens is
// written twice; at every position we ask whether the model's most likely next token is the right
// one. In the first copy nothing in the context says what comes next (chance level); in the second
// the answer is sitting earlier in the context, and a model that has learned to look back and copy
// (an "induction head", Olsson et al. 2022) gets it right without any training on this sequence.
import type { TokenView } from '../../../models/protocol';

export const MIN_LENGTH = 4;

/** The longest sequence whose two copies fit in a model's context of `blockSize` tokens. */
export const longestSequence = (blockSize: number): number => Math.floor(blockSize / 2);
export const MAX_TRIALS = 50;
/** Seeds are 32-bit, as the engine's random streams take them. */
export const MAX_SEED = 0xffffffff;

/**
 * Tokens to build sequences from: whole words with their leading space (" whale") where the
 * vocabulary has enough of them, so a sequence reads as words and re-tokenises to itself;
 * otherwise single letters (a character-level model).
 */
export function tokenPool(vocab: TokenView[], need: number): number[] {
  const words = vocab.filter((t) => /^ [a-z]{2,}$/.test(t.text)).map((t) => t.id);
  if (words.length >= need) return words;
  const letters = vocab.filter((t) => /^[a-zA-Z]$/.test(t.text)).map((t) => t.id);
  if (letters.length >= need) return letters;
  return vocab.map((t) => t.id);
}

/** `length` distinct tokens from the pool, in random order (fewer when the pool is smaller). */
export function randomSequence(pool: number[], length: number, rand: () => number): number[] {
  const a = pool.slice();
  const n = Math.min(length, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}

/** Per position in a copy: how often the greedy guess was right, and the mean probability of the right token. */
export interface Tally {
  length: number;
  trials: number;
  /** hits[copy][j]: right guesses at position j of copy 0 (first) or 1 (second). */
  hits: [number[], number[]];
  /** pSum[copy][j]: summed probability the model gave the right token there. */
  pSum: [number[], number[]];
}

export function emptyTally(length: number): Tally {
  const z = () => new Array<number>(length).fill(0);
  return { length, trials: 0, hits: [z(), z()], pSum: [z(), z()] };
}

/**
 * Adds one trial. `guesses[t - 1]` and `probs[t - 1]` are the greedy guess and the right token's
 * probability for position t of the doubled sequence, given positions 0..t-1 (t = 1..2L-1).
 */
export function addTrial(tally: Tally, sequence: number[], guesses: number[], probs: number[]): Tally {
  const L = tally.length;
  const doubled = [...sequence, ...sequence];
  for (let t = 1; t < 2 * L; t++) {
    const copy = t < L ? 0 : 1;
    const j = t % L;
    if (guesses[t - 1] === doubled[t]) tally.hits[copy][j] += 1;
    tally.pSum[copy][j] += probs[t - 1];
  }
  tally.trials += 1;
  return tally;
}

export interface Summary {
  /** Accuracy per position j, first and second copy (position 0 of the first copy has no context: NaN). */
  accuracy: [number[], number[]];
  meanP: [number[], number[]];
  /** Mean over positions 1..L-1, where both copies have a previous token to go on. */
  firstAccuracy: number;
  secondAccuracy: number;
  firstP: number;
  secondP: number;
}

export function summarise(tally: Tally): Summary {
  const n = Math.max(1, tally.trials);
  const per = (xs: number[], copy: number) => xs.map((x, j) => (copy === 0 && j === 0 ? NaN : x / n));
  const accuracy: [number[], number[]] = [per(tally.hits[0], 0), per(tally.hits[1], 1)];
  const meanP: [number[], number[]] = [per(tally.pSum[0], 0), per(tally.pSum[1], 1)];
  const mean = (xs: number[]) => {
    const v = xs.slice(1);
    return v.reduce((s, x) => s + x, 0) / v.length;
  };
  return {
    accuracy,
    meanP,
    firstAccuracy: mean(accuracy[0]),
    secondAccuracy: mean(accuracy[1]),
    firstP: mean(meanP[0]),
    secondP: mean(meanP[1]),
  };
}
