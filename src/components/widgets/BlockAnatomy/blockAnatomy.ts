// BlockAnatomy's logic: the stages of a GPT in forward order, the tensor shape on every arrow for a
// config, and the statistics the widget shows about a real model's activations (residual-stream
// norms, LayerNorm's mean and spread before and after), computed with the engine.
import { seeChapter } from '../../../lib/course-order';
import { F, fromFloat32, nn, noGrad, ones, tidy, zeros, type Tensor } from '../../../engine/index';

export type Dims = Pick<nn.GPTConfig, 'vocabSize' | 'blockSize' | 'nLayer' | 'nHead' | 'nEmbd'>;

/** Published shapes to compare with the loaded model: GPT-2 small (Radford et al. 2019) and GPT-3 175B (Brown et al. 2020). */
export const SHAPE_PRESETS = {
  'gpt2-small': { label: 'GPT-2 small', dims: { vocabSize: 50257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768 } },
  gpt3: { label: 'GPT-3 175B', dims: { vocabSize: 50257, blockSize: 2048, nLayer: 96, nHead: 96, nEmbd: 12288 } },
} as const satisfies Record<string, { label: string; dims: Dims }>;

export type StageName = 'tokens' | 'embed' | 'ln1' | 'attn' | 'add1' | 'ln2' | 'mlp' | 'add2' | 'lnf' | 'head' | 'softmax';

export interface Stage {
  name: StageName;
  label: string;
  /** Inside the repeated block. */
  inBlock: boolean;
  /** One sentence on what the stage does. */
  what: string;
}

export const STAGES: readonly Stage[] = [
  { name: 'tokens', label: 'token ids', inBlock: false, what: 'The sentence as token ids, one integer per token.' },
  { name: 'embed', label: 'token + position embedding', inBlock: false, what: 'Each id looks up its row of the token table (wte) and adds the row of its position (wpe): this sum starts the residual stream.' },
  { name: 'ln1', label: 'LayerNorm 1', inBlock: true, what: 'Each position’s vector is shifted to mean 0 and scaled to spread 1, then multiplied by a learned scale and shifted by a learned bias.' },
  { name: 'attn', label: 'causal self-attention', inBlock: true, what: `Every position gathers information from itself and the positions before it${seeChapter('07-attention')}.` },
  { name: 'add1', label: '+ (residual)', inBlock: true, what: 'Attention’s output is added to the stream; the stream itself passes through unchanged.' },
  { name: 'ln2', label: 'LayerNorm 2', inBlock: true, what: 'The same normalisation, with its own scale and bias, before the MLP.' },
  { name: 'mlp', label: 'MLP: up 4×, GELU, down', inBlock: true, what: 'Each position on its own: up to 4C numbers, GELU, back down to C.' },
  { name: 'add2', label: '+ (residual)', inBlock: true, what: 'The MLP’s output is added to the stream, which goes on to the next block.' },
  { name: 'lnf', label: 'final LayerNorm', inBlock: false, what: 'One last normalisation of the stream after the last block.' },
  { name: 'head', label: 'unembedding (lm_head)', inBlock: false, what: 'A dot product with every token’s embedding (the tied weights): one score, a logit, per vocabulary entry.' },
  { name: 'softmax', label: 'softmax', inBlock: false, what: 'Logits become probabilities for the next token; row t predicts token t + 1.' },
];

export const stageIndex = (name: string): number => STAGES.findIndex((s) => s.name === name);

export interface Shape {
  dims: string[];
  sizes: number[];
}

export interface StageShapes {
  /** The arrow leaving the stage. */
  out: Shape;
  /** Tensors inside the stage, in the order they are made. */
  inner: { what: string; shape: Shape }[];
  /** Parameters the stage owns (per block for block stages). */
  params: number;
}

const shape = (dims: string[], sizes: number[]): Shape => ({ dims, sizes });

/** The shape on every arrow for batch B and T tokens (T ≤ blockSize). */
export function stageShapes(d: Dims, B: number, T: number): Record<StageName, StageShapes> {
  const C = d.nEmbd;
  const nh = d.nHead;
  const hs = C / nh;
  const V = d.vocabSize;
  const count = nn.gptParameterCount(d);
  const btc = shape(['B', 'T', 'C'], [B, T, C]);
  const heads = shape(['B', 'nh', 'T', 'hs'], [B, nh, T, hs]);
  const ln = { out: btc, inner: [], params: count.layerNormPerLayer / 2 };
  return {
    tokens: { out: shape(['B', 'T'], [B, T]), inner: [], params: 0 },
    embed: {
      out: btc,
      inner: [
        { what: 'token embeddings wte[idx]', shape: btc },
        { what: 'position embeddings wpe[0..T)', shape: shape(['T', 'C'], [T, C]) },
      ],
      params: count.tokenEmbedding + count.positionEmbedding,
    },
    ln1: ln,
    attn: {
      out: btc,
      inner: [
        { what: 'q, k, v for all heads (c_attn)', shape: shape(['B', 'T', '3C'], [B, T, 3 * C]) },
        { what: 'q, k and v, split into heads', shape: heads },
        { what: 'attention weights softmax(q·kᵀ/√hs), masked', shape: shape(['B', 'nh', 'T', 'T'], [B, nh, T, T]) },
        { what: 'weighted sums of v', shape: heads },
        { what: 'heads side by side, then c_proj', shape: btc },
      ],
      params: count.attentionPerLayer,
    },
    add1: { out: btc, inner: [], params: 0 },
    ln2: ln,
    mlp: {
      out: btc,
      inner: [
        { what: 'up projection (c_fc), then GELU', shape: shape(['B', 'T', '4C'], [B, T, 4 * C]) },
        { what: 'down projection (c_proj)', shape: btc },
      ],
      params: count.mlpPerLayer,
    },
    add2: { out: btc, inner: [], params: 0 },
    lnf: { out: btc, inner: [], params: count.finalLayerNorm },
    head: { out: shape(['B', 'T', 'V'], [B, T, V]), inner: [{ what: 'x · wteᵀ, with wte of shape (V, C)', shape: shape(['B', 'T', 'V'], [B, T, V]) }], params: 0 },
    softmax: { out: shape(['B', 'T', 'V'], [B, T, V]), inner: [], params: 0 },
  };
}

/** `(B, T, C) = (1, 8, 128)` as the arrow label "1×8×128". */
export const sizesLabel = (s: Shape): string => s.sizes.map((n) => n.toLocaleString('en')).join('×');

/** The batch and sequence length a reader typed, or a message. */
export function parseBT(rawB: string, rawT: string, blockSize: number): { B: number; T: number; errors?: undefined } | { errors: { B?: string; T?: string } } {
  const errors: { B?: string; T?: string } = {};
  const check = (raw: string, what: string, max: number, why: string) => {
    const v = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(v)) return `Enter the ${what}: a whole number from 1 to ${max.toLocaleString('en')}.`;
    if (!Number.isInteger(v)) return `The ${what} must be a whole number, not ${raw.trim()}.`;
    if (v < 1) return `The ${what} must be at least 1 (got ${raw.trim()}).`;
    if (v > max) return `The ${what} can be at most ${max.toLocaleString('en')}${why} (got ${v.toLocaleString('en')}).`;
    return undefined;
  };
  errors.B = check(rawB, 'batch size B', 4096, '');
  errors.T = check(rawT, 'number of tokens T', blockSize, `, this model's context`);
  if (errors.B || errors.T) return { errors };
  return { B: Number(rawB), T: Number(rawT) };
}

export interface RowStats {
  mean: number[];
  std: number[];
}

export interface Activations {
  /** norms[l][t]: length of the residual stream at position t; l = 0 after the embeddings, l + 1 after block l. */
  norms: number[][];
  /** Mean over positions of norms[l]: how the stream grows through the stack. */
  meanNorms: number[];
  /** updates[l][t]: length of what block l added at position t, ‖h[l+1] − h[l]‖. */
  updates: number[][];
  /** LayerNorm before (its input) and after (normalised, before the learned scale and bias), per stream. */
  layerNorm: { before: RowStats; after: RowStats }[];
}

/**
 * Statistics of the hidden states a forward pass returned: hidden[l] is (T, C) flattened.
 * LayerNorm runs as the engine's F.layerNorm with scale 1 and bias 0, i.e. the normalisation the
 * model's LayerNorms do before their learned scale and bias.
 */
export async function activationStats(hidden: Float32Array[], T: number, C: number): Promise<Activations> {
  const out = tidy(() =>
    noGrad(() => {
      const hs = hidden.map((h) => fromFloat32(h, [T, C])); // each (T, C)
      const norm = (x: Tensor) => x.pow(2).sum(-1).sqrt(); // (T)
      const stats = (x: Tensor) => {
        const mean = x.mean(-1, true); // (T, 1)
        const std = x.sub(mean).pow(2).mean(-1).sqrt(); // (T): the spread LayerNorm divides by (without eps)
        return [mean.reshape([T]), std];
      };
      const w = ones([C]);
      const b = zeros([C]);
      return hs.flatMap((x, l) => {
        const normed = F.layerNorm(x, w, b); // (T, C)
        const update = l > 0 ? [norm(x.sub(hs[l - 1]))] : [];
        return [norm(x), ...stats(x), ...stats(normed), ...update];
      });
    }),
  );
  const values = await Promise.all(out.map(async (t) => Array.from(await t.data())));
  for (const t of out) t.dispose();
  const result: Activations = { norms: [], meanNorms: [], updates: [], layerNorm: [] };
  let k = 0;
  for (let l = 0; l < hidden.length; l++) {
    const [norm, mB, sB, mA, sA] = values.slice(k, k + 5);
    k += 5;
    result.norms.push(norm);
    result.meanNorms.push(norm.reduce((s, v) => s + v, 0) / T);
    result.layerNorm.push({ before: { mean: mB, std: sB }, after: { mean: mA, std: sA } });
    if (l > 0) result.updates.push(values[k++]);
  }
  return result;
}

/** Head-averaged attention of one layer: attention is (nh, T, T) flattened; the result T×T. */
export function meanOverHeads(attention: Float32Array, nh: number, T: number): number[][] {
  return Array.from({ length: T }, (_, i) =>
    Array.from({ length: T }, (_, j) => {
      let s = 0;
      for (let h = 0; h < nh; h++) s += attention[(h * T + i) * T + j];
      return s / nh;
    }),
  );
}

/** The k largest entries of logits with their softmax probabilities (the engine's softmax). */
export async function topNext(lastLogits: Float32Array, k: number): Promise<{ id: number; logit: number; p: number }[]> {
  const probsT = tidy(() => noGrad(() => fromFloat32(lastLogits, [lastLogits.length]).softmax(-1)));
  const probs = await probsT.data();
  probsT.dispose();
  return Array.from(lastLogits, (logit, id) => ({ id, logit, p: probs[id] }))
    .sort((a, b) => b.logit - a.logit)
    .slice(0, k);
}
