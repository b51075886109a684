// The numbers behind AttentionStepper: one attention layer small enough to read (d = 4, two heads
// of size 2) on a sentence of up to six words, every stage computed with the engine's ops and
// checked against F.scaledDotProductAttention, plus the arithmetic sentence for every cell.
import { F, noGrad, tensor, type Tensor } from '../../../engine/index';
import { Generator } from '../../../engine/light';

export const D = 4;
export const HEADS = 2;
export const HS = D / HEADS;
export const MAX_TOKENS = 6;
export const DEFAULT_SENTENCE = 'the cat sat on the mat';

export const STAGES = ['input', 'q', 'k', 'v', 'scores', 'scaled', 'masked', 'softmax', 'sum', 'output'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_TITLES: Record<Stage, string> = {
  input: 'Input vectors x (token + position)',
  q: 'Queries Q = x · W_Q',
  k: 'Keys K = x · W_K',
  v: 'Values V = x · W_V',
  scores: 'Scores Q · Kᵀ',
  scaled: 'Scaled scores Q · Kᵀ / √d_k',
  masked: 'Causal mask: −∞ above the diagonal',
  softmax: 'Softmax of each row: the attention weights',
  sum: 'Weighted sum of values: weights · V',
  output: 'Heads concatenated, projected by W_O, added to x',
};

export type WeightName = 'wq' | 'wk' | 'wv' | 'wo';
/** Each matrix is (D, D) as [in][out], so q[t][j] = Σ_i x[t][i] · W_Q[i][j]. */
export type Weights = Record<WeightName, number[][]>;

export interface Tokens {
  tokens: string[];
  /** Why the sentence was changed (too long, empty), or null. */
  message: string | null;
}

/** Words split on spaces, at most MAX_TOKENS; an empty sentence falls back to the default. */
export function toTokens(sentence: string): Tokens {
  const words = sentence.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { tokens: toTokens(DEFAULT_SENTENCE).tokens, message: 'Type at least one word; showing the example sentence meanwhile.' };
  if (words.length > MAX_TOKENS) return { tokens: words.slice(0, MAX_TOKENS), message: `Only the first ${MAX_TOKENS} words are used here, so every number stays readable.` };
  return { tokens: words, message: null };
}

function hash(s: string): number {
  let h = 2166136261;
  for (const ch of s.toLowerCase()) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** A made-up but fixed embedding per word (the same word always gets the same vector). */
export function wordVector(word: string): number[] {
  const r = new Generator(hash(word));
  return Array.from({ length: D }, () => round2(r.normal() * 0.8));
}

/** A small position signal (sines and cosines, as in Vaswani et al.), so repeated words differ. */
export function positionVector(t: number): number[] {
  return Array.from({ length: D }, (_, i) => round2(0.3 * (i % 2 === 0 ? Math.sin(t / 10 ** (i / D)) : Math.cos(t / 10 ** ((i - 1) / D)))));
}

export function defaultWeights(seed = 7): Weights {
  const r = new Generator(seed);
  const m = () => Array.from({ length: D }, () => Array.from({ length: D }, () => round2(r.normal() * 0.7)));
  return { wq: m(), wk: m(), wv: m(), wo: m() };
}

/** Matrices as plain row-major arrays with their shape, ready to draw. */
export interface Matrix {
  rows: number;
  cols: number;
  values: Float64Array | Float32Array;
}

export interface Stages {
  tokens: string[];
  x: Matrix; // (T, D)
  /** Per head: (T, HS) for q, k, v, sum; (T, T) for scores, scaled, masked, softmax. */
  heads: { q: Matrix; k: Matrix; v: Matrix; scores: Matrix; scaled: Matrix; masked: Matrix; softmax: Matrix; sum: Matrix }[];
  concat: Matrix; // (T, D)
  output: Matrix; // (T, D)
  /** Largest difference between the hand-built stages and F.scaledDotProductAttention. */
  checkError: number;
}

/** −10⁹ is how the engine masks; shown to readers as −∞. */
const MASKED = -1e8;

/** Every stage for `tokens` under `weights`, computed with the engine. */
export async function computeStages(tokens: string[], weights: Weights): Promise<Stages> {
  const T = tokens.length;
  const xRows = tokens.map((w, t) => wordVector(w).map((v, i) => round2(v + positionVector(t)[i])));
  const out = noGrad(() => {
    const x = tensor(xRows); // (T, D)
    const heads = (w: number[][]) => x.matmul(tensor(w)).reshape([T, HEADS, HS]).transpose(0, 1); // (nh, T, hs)
    const q = heads(weights.wq);
    const k = heads(weights.wk);
    const v = heads(weights.wv);
    const scores = q.matmul(k.transpose(-2, -1)); // (nh, T, T)
    const scaled = scores.mul(1 / Math.sqrt(HS));
    const mask = tensor(Array.from({ length: T }, (_, t) => Array.from({ length: T }, (_, s) => (s > t ? -1e9 : 0))));
    const masked = scaled.add(mask);
    const softmax = masked.softmax(-1);
    const sum = softmax.matmul(v); // (nh, T, hs)
    const ref = F.scaledDotProductAttention(q, k, v, { causal: true });
    const concat = sum.transpose(0, 1).reshape([T, D]); // heads side by side again
    const output = x.add(concat.matmul(tensor(weights.wo))); // back into the residual stream
    return { x, q, k, v, scores, scaled, masked, softmax, sum, refOut: ref.out, refWeights: ref.weights, concat, output };
  });
  const read = async (t: Tensor) => t.data();
  const [x, q, k, v, scores, scaled, masked, softmax, sum, refOut, refWeights, concat, output] = await Promise.all(
    [out.x, out.q, out.k, out.v, out.scores, out.scaled, out.masked, out.softmax, out.sum, out.refOut, out.refWeights, out.concat, out.output].map(read),
  );
  for (const t of Object.values(out)) t.dispose();
  const slice = (a: Float32Array, h: number, rows: number, cols: number): Matrix => ({ rows, cols, values: a.slice(h * rows * cols, (h + 1) * rows * cols) });
  let checkError = 0;
  for (let i = 0; i < sum.length; i++) checkError = Math.max(checkError, Math.abs(sum[i] - refOut[i]));
  for (let i = 0; i < softmax.length; i++) checkError = Math.max(checkError, Math.abs(softmax[i] - refWeights[i]));
  return {
    tokens,
    x: { rows: T, cols: D, values: x },
    heads: Array.from({ length: HEADS }, (_, h) => ({
      q: slice(q, h, T, HS),
      k: slice(k, h, T, HS),
      v: slice(v, h, T, HS),
      scores: slice(scores, h, T, T),
      scaled: slice(scaled, h, T, T),
      masked: { ...slice(masked, h, T, T), values: slice(masked, h, T, T).values.map((m) => (m < MASKED ? -Infinity : m)) },
      softmax: slice(softmax, h, T, T),
      sum: slice(sum, h, T, HS),
    })),
    concat: { rows: T, cols: D, values: concat },
    output: { rows: T, cols: D, values: output },
    checkError,
  };
}

/** The matrix a stage shows for head h. */
export function stageMatrix(s: Stages, stage: Stage, h: number): Matrix {
  if (stage === 'input') return s.x;
  if (stage === 'output') return s.output;
  return s.heads[h][stage];
}

/** Head 0's attention weights as a T×T nested array (the widget's data-weights). */
export function weightRows(s: Stages, h = 0): number[][] {
  const m = s.heads[h].softmax;
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.values.slice(i * m.cols, (i + 1) * m.cols), (v) => Number(v.toFixed(6))));
}

const at = (m: Matrix, r: number, c: number) => m.values[r * m.cols + c];
const n = (v: number) => (v === -Infinity ? '−∞' : (Math.abs(v) < 5e-5 ? 0 : v).toFixed(v !== 0 && Math.abs(v) < 0.01 ? 4 : 2).replace('-', '−'));
const terms = (pairs: [number, number][]) => pairs.map(([a, b]) => `${n(a)}×${n(b)}`).join(' + ');

/** The arithmetic behind one cell, with its numbers. */
export function explainCell(s: Stages, weights: Weights, stage: Stage, h: number, r: number, c: number): string {
  const tok = (t: number) => `“${s.tokens[t]}”`;
  const hd = s.heads[h];
  const col = h * HS + c; // column of the full (T, D) projection this head cell comes from
  switch (stage) {
    case 'input': {
      const w = wordVector(s.tokens[r])[c];
      const p = positionVector(r)[c];
      return `x[${r}][${c}] = embedding of ${tok(r)} ${n(w)} + position ${r} signal ${n(p)} = ${n(at(s.x, r, c))}`;
    }
    case 'q':
    case 'k':
    case 'v': {
      const W = weights[`w${stage}`];
      const pairs = Array.from({ length: D }, (_, i) => [at(s.x, r, i), W[i][col]] as [number, number]);
      const name = stage.toUpperCase();
      return `${stage}[${r}][${c}] of ${tok(r)}, head ${h + 1} = Σᵢ x[${r}][i]·W_${name}[i][${col}] = ${terms(pairs)} = ${n(at(hd[stage], r, c))}`;
    }
    case 'scores': {
      const pairs = Array.from({ length: HS }, (_, j) => [at(hd.q, r, j), at(hd.k, c, j)] as [number, number]);
      return `score of ${tok(r)} (query ${r}) for ${tok(c)} (key ${c}) = q${r}·k${c} = ${terms(pairs)} = ${n(at(hd.scores, r, c))}`;
    }
    case 'scaled':
      return `${n(at(hd.scores, r, c))} / √${HS} = ${n(at(hd.scores, r, c))} / ${n(Math.sqrt(HS))} = ${n(at(hd.scaled, r, c))}`;
    case 'masked':
      return c > r
        ? `key ${c} ${tok(c)} comes after query ${r} ${tok(r)}: masked to −∞ (the engine adds −10⁹), so its weight will be exactly 0`
        : `key ${c} is at or before query ${r}: kept, ${n(at(hd.masked, r, c))}`;
    case 'softmax': {
      const row = Array.from({ length: s.tokens.length }, (_, j) => at(hd.masked, r, j));
      const max = Math.max(...row.filter(Number.isFinite));
      const exps = row.map((v) => (Number.isFinite(v) ? Math.exp(v - max) : 0));
      const total = exps.reduce((a, b) => a + b, 0);
      return `weight = exp(${n(row[c])} − ${n(max)}) / Σ exp(row − max) = ${n(exps[c])} / ${n(total)} = ${n(at(hd.softmax, r, c))}: ${tok(r)} puts ${(100 * at(hd.softmax, r, c)).toFixed(1)}% of its attention on ${tok(c)}`;
    }
    case 'sum': {
      const pairs = Array.from({ length: s.tokens.length }, (_, j) => [at(hd.softmax, r, j), at(hd.v, j, c)] as [number, number]);
      return `out[${r}][${c}] = Σₛ weight[${r}][s]·v[s][${c}] = ${terms(pairs)} = ${n(at(hd.sum, r, c))}`;
    }
    case 'output': {
      const pairs = Array.from({ length: D }, (_, i) => [at(s.concat, r, i), weights.wo[i][c]] as [number, number]);
      return `x[${r}][${c}] + Σᵢ heads[${r}][i]·W_O[i][${c}] = ${n(at(s.x, r, c))} + (${terms(pairs)}) = ${n(at(s.output, r, c))}`;
    }
  }
}

/** Every weight entry a reader can nudge, as "wq:row:col" keys with readable names. */
export function weightEntries(): { key: string; label: string }[] {
  const names: Record<WeightName, string> = { wq: 'W_Q', wk: 'W_K', wv: 'W_V', wo: 'W_O' };
  const out: { key: string; label: string }[] = [];
  for (const w of Object.keys(names) as WeightName[]) for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) out.push({ key: `${w}:${i}:${j}`, label: `${names[w]}[${i}][${j}]` });
  return out;
}

/** A copy of `weights` with one entry set (values kept within ±3). */
export function setWeight(weights: Weights, key: string, value: number): Weights {
  const [w, i, j] = key.split(':');
  // A plain copy (not structuredClone, which refuses Svelte's state proxies).
  const next = Object.fromEntries(Object.entries(weights).map(([k, m]) => [k, m.map((row) => [...row])])) as Weights;
  next[w as WeightName][Number(i)][Number(j)] = Math.max(-3, Math.min(3, value));
  return next;
}

export function getWeight(weights: Weights, key: string): number {
  const [w, i, j] = key.split(':');
  return weights[w as WeightName][Number(i)][Number(j)];
}
