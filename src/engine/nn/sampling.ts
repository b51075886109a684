// Turning one row of logits into a next-token distribution: temperature, top-k, top-p (nucleus).
// Pure functions on plain arrays, so the sampling widget's probability bars and GPT.generate
// compute exactly the same thing.

export interface SamplingOptions {
  /** Divides the logits; 0 means greedy (always the most likely token). Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (ties with the k-th are kept, as nanoGPT does). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probabilities add up to at least p. */
  topP?: number;
}

export function samplingDistribution(logits: ArrayLike<number>, opts: SamplingOptions = {}): Float64Array {
  const n = logits.length;
  const temperature = opts.temperature ?? 1;
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new Error(`temperature must be a number ≥ 0, got ${temperature}`);
  if (opts.topK !== undefined && !(Number.isInteger(opts.topK) && opts.topK >= 1)) throw new Error(`topK must be a whole number ≥ 1, got ${opts.topK}`);
  if (opts.topP !== undefined && !(opts.topP > 0 && opts.topP <= 1)) throw new Error(`topP must be in (0, 1], got ${opts.topP}`);
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
  const scaled = Float64Array.from(logits as ArrayLike<number>, (x) => x / temperature);
  if (opts.topK !== undefined && opts.topK < n) {
    const kth = Float64Array.from(scaled).sort().reverse()[opts.topK - 1];
    for (let i = 0; i < n; i++) if (scaled[i] < kth) scaled[i] = -Infinity;
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, scaled[i]);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += probs[i] = Math.exp(scaled[i] - max);
  for (let i = 0; i < n; i++) probs[i] /= sum;
  if (opts.topP !== undefined && opts.topP < 1) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[b] - probs[a]);
    let mass = 0;
    let kept = 0;
    while (kept < n && mass < opts.topP) mass += probs[order[kept++]];
    for (let r = kept; r < n; r++) probs[order[r]] = 0;
    for (let i = 0; i < n; i++) probs[i] /= mass;
  }
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
