// Turning one row of logits into a next-token distribution: temperature, top-k, top-p (nucleus).
// Pure functions on plain arrays, so the sampling widget's probability bars and GPT.generate
// compute exactly the same thing. samplingDistribution is the composition
//   temperatureSoftmax → topKFilter → topPFilter
// and each step is exported on its own, so a chapter can show (and a reader can re-implement) one cut.

export interface SamplingOptions {
  /** Divides the logits; 0 means greedy (always the most likely token). Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (ties with the k-th are kept, as nanoGPT does). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probabilities add up to at least p. */
  topP?: number;
}

/** softmax(logits / T). T = 0 puts all the mass on the first largest logit (greedy). */
export function temperatureSoftmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new Error(`temperature must be a number ≥ 0, got ${temperature}`);
  const n = logits.length;
  const probs = new Float64Array(n);
  if (n === 0) return probs;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(logits[i])) throw new Error(`logit ${i} is NaN: the model's weights have diverged`);
  }
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
    probs[best] = 1;
    return probs;
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i] / temperature);
  let sum = 0;
  // Subtracting the max keeps exp from overflowing at small temperatures.
  for (let i = 0; i < n; i++) sum += probs[i] = Math.exp(logits[i] / temperature - max);
  for (let i = 0; i < n; i++) probs[i] /= sum;
  return probs;
}

/** Zeroes all but the k most likely entries (ties with the k-th kept) and renormalises. */
export function topKFilter(probs: ArrayLike<number>, k: number): Float64Array {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`topK must be a whole number ≥ 1, got ${k}`);
  const out = Float64Array.from(probs as ArrayLike<number>);
  if (k >= out.length) return out;
  const kth = Float64Array.from(out).sort().reverse()[k - 1];
  for (let i = 0; i < out.length; i++) if (out[i] < kth) out[i] = 0;
  return renormalise(out);
}

/**
 * Keeps the nucleus: the most likely entries, in order, until their mass first reaches p
 * (Holtzman et al. 2019); zeroes the rest and renormalises. Ties are broken by index.
 */
export function topPFilter(probs: ArrayLike<number>, p: number): Float64Array {
  if (!(p > 0 && p <= 1)) throw new Error(`topP must be in (0, 1], got ${p}`);
  const out = Float64Array.from(probs as ArrayLike<number>);
  if (p === 1) return out;
  const n = out.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => out[b] - out[a] || a - b);
  let mass = 0;
  let kept = 0;
  while (kept < n && mass < p) mass += out[order[kept++]];
  for (let r = kept; r < n; r++) out[order[r]] = 0;
  return renormalise(out);
}

export function samplingDistribution(logits: ArrayLike<number>, opts: SamplingOptions = {}): Float64Array {
  // Validate every setting first, so a bad one is reported even when greedy makes it moot.
  if (opts.topK !== undefined && !(Number.isInteger(opts.topK) && opts.topK >= 1)) throw new Error(`topK must be a whole number ≥ 1, got ${opts.topK}`);
  if (opts.topP !== undefined && !(opts.topP > 0 && opts.topP <= 1)) throw new Error(`topP must be in (0, 1], got ${opts.topP}`);
  let probs = temperatureSoftmax(logits, opts.temperature ?? 1);
  if (opts.temperature === 0) return probs;
  if (opts.topK !== undefined) probs = topKFilter(probs, opts.topK);
  if (opts.topP !== undefined) probs = topPFilter(probs, opts.topP);
  return probs;
}

/** The index whose cumulative probability first exceeds `u` (u uniform in [0, 1)). */
export function sampleIndex(probs: ArrayLike<number>, u: number): number {
  let acc = 0;
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    acc += probs[i];
    last = i;
    if (u < acc) return i;
  }
  return last; // rounding left u just above the total
}

function renormalise(probs: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < probs.length; i++) sum += probs[i];
  for (let i = 0; i < probs.length; i++) probs[i] /= sum;
  return probs;
}
