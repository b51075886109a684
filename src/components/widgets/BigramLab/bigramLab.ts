// Pure logic of the BigramLab: the 27-symbol vocabulary ('.' marks a name's start and end, then
// a–z), the bigram count table, its smoothed row-normalised probabilities, sampling, and the
// average negative log-likelihood (NLL) a model gives to names.
import { Generator } from '../../../engine/light';

export const VOCAB = ['.', ...'abcdefghijklmnopqrstuvwxyz'];
export const V = VOCAB.length; // 27
export const stoi = (ch: string): number => VOCAB.indexOf(ch);

/** Seed of the shuffle that holds out 10% of the names as validation data. */
export const NAMES_SEED = 42;

/** Smoothing: every count starts at this value, so no pair ever gets probability 0. */
export const SMOOTHING = 1;

/** Every (previous, next) pair of '.' + name + '.', as indices. */
export function bigrams(names: string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const name of names) {
    const ids = [0, ...[...name].map(stoi), 0];
    for (let i = 0; i + 1 < ids.length; i++) out.push([ids[i], ids[i + 1]]);
  }
  return out;
}

/** counts[i * 27 + j]: how often symbol j follows symbol i in the names. */
export function countTable(names: string[]): Int32Array {
  const counts = new Int32Array(V * V);
  for (const [a, b] of bigrams(names)) counts[a * V + b]++;
  return counts;
}

/** Row-normalised probabilities of (counts + SMOOTHING): row i is P(next | previous = i). */
export function probabilities(counts: Int32Array, smoothing = SMOOTHING): Float64Array {
  const p = new Float64Array(V * V);
  for (let i = 0; i < V; i++) {
    let row = 0;
    for (let j = 0; j < V; j++) row += counts[i * V + j] + smoothing;
    for (let j = 0; j < V; j++) p[i * V + j] = (counts[i * V + j] + smoothing) / row;
  }
  return p;
}

/** Average −log P over every bigram of the names (natural log, nats per character). */
export function nll(probs: ArrayLike<number>, names: string[]): number {
  const pairs = bigrams(names);
  let sum = 0;
  for (const [a, b] of pairs) sum -= Math.log(probs[a * V + b]);
  return sum / pairs.length;
}

/** Draws names one character at a time from the rows of `probs`, starting and stopping at '.'. */
export function sample(probs: ArrayLike<number>, count: number, gen: Generator, maxLength = 30): string[] {
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let i = 0;
    let name = '';
    while (name.length < maxLength) {
      const r = gen.random();
      let acc = 0;
      let j = V - 1;
      for (let c = 0; c < V; c++) {
        acc += probs[i * V + c];
        if (r < acc) {
          j = c;
          break;
        }
      }
      if (j === 0) break;
      name += VOCAB[j];
      i = j;
    }
    out.push(name);
  }
  return out;
}

/** The largest seed the sampler's field accepts. */
export const MAX_SEED = 1_000_000_000;

/**
 * Batches of sampled names from one seeded generator. Each `next` continues where the last one
 * stopped, so every click gives new names; a new sampler with the same seed replays them all.
 */
export class NameSampler {
  private readonly gen: Generator;
  constructor(readonly seed: number) {
    this.gen = new Generator(seed);
  }
  next(probs: ArrayLike<number>, count: number): string[] {
    return sample(probs, count, this.gen);
  }
}

export type NameScore =
  | { ok: true; name: string; steps: { pair: string; p: number }[]; logProb: number; nll: number }
  | { ok: false; message: string };

/** The probability the model gives to one name the reader typed, pair by pair. */
export function scoreName(probs: ArrayLike<number>, typed: string): NameScore {
  const name = typed.trim().toLowerCase();
  if (!name) return { ok: false, message: 'Type a name to score it.' };
  if (name.length > 40) return { ok: false, message: `That is ${name.length} characters; names here are at most 40.` };
  const bad = [...new Set([...name].filter((ch) => stoi(ch) < 1))];
  if (bad.length) {
    const shown = bad.map((c) => (c === ' ' ? 'space' : `'${c}'`)).join(', ');
    return {
      ok: false,
      message: `The model only knows the 26 letters a–z and the '.' start/end mark, so it cannot score ${shown}: no row or column of the table stands for ${bad.length > 1 ? 'them' : 'it'}.`,
    };
  }
  const ids = [0, ...[...name].map(stoi), 0];
  const steps: { pair: string; p: number }[] = [];
  let logProb = 0;
  for (let i = 0; i + 1 < ids.length; i++) {
    const p = probs[ids[i] * V + ids[i + 1]];
    steps.push({ pair: VOCAB[ids[i]] + VOCAB[ids[i + 1]], p });
    logProb += Math.log(p);
  }
  return { ok: true, name, steps, logProb, nll: -logProb / steps.length };
}
