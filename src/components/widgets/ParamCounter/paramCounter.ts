// ParamCounter's logic: a GPT config (as the reader types it) → validation messages, and the
// exact parameter count by part. The count itself is the engine's `nn.gptParameterCount`, the same
// function `nn.GPT` is tested against, so the widget and a real model can never disagree.
import { nn } from '../../../engine/index';

export type GPTShape = Pick<nn.GPTConfig, 'vocabSize' | 'blockSize' | 'nLayer' | 'nHead' | 'nEmbd'>;
export type Field = keyof GPTShape;

export const FIELDS: readonly { name: Field; label: string; symbol: string; max: number }[] = [
  { name: 'vocabSize', label: 'vocabulary size', symbol: 'V', max: 10_000_000 },
  { name: 'blockSize', label: 'context length', symbol: 'T', max: 10_000_000 },
  { name: 'nLayer', label: 'layers', symbol: 'L', max: 1_000 },
  { name: 'nHead', label: 'heads', symbol: 'nh', max: 1_000 },
  { name: 'nEmbd', label: 'embedding width', symbol: 'C', max: 100_000 },
];

export type PresetId = 'gpt2-small' | 'gpt2-medium' | 'gpt2-large' | 'gpt2-xl' | 'gpt3';

/**
 * Published configurations. GPT-2: Radford et al. 2019 (Table 2: layers and width) with the head
 * counts of OpenAI's released checkpoints; GPT-3 175B: Brown et al. 2020 (Table 2.1). All use
 * GPT-2's 50,257-token vocabulary.
 */
export const PRESETS: Record<PresetId, { label: string; config: GPTShape }> = {
  'gpt2-small': { label: 'GPT-2 small', config: { vocabSize: 50257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768 } },
  'gpt2-medium': { label: 'GPT-2 medium', config: { vocabSize: 50257, blockSize: 1024, nLayer: 24, nHead: 16, nEmbd: 1024 } },
  'gpt2-large': { label: 'GPT-2 large', config: { vocabSize: 50257, blockSize: 1024, nLayer: 36, nHead: 20, nEmbd: 1280 } },
  'gpt2-xl': { label: 'GPT-2 XL', config: { vocabSize: 50257, blockSize: 1024, nLayer: 48, nHead: 25, nEmbd: 1600 } },
  gpt3: { label: 'GPT-3 175B', config: { vocabSize: 50257, blockSize: 2048, nLayer: 96, nHead: 96, nEmbd: 12288 } },
};

export type Draft = Record<Field, string>;
export type Errors = Partial<Record<Field, string>>;

export const toDraft = (c: GPTShape): Draft =>
  Object.fromEntries(FIELDS.map(({ name }) => [name, String(c[name])])) as Draft;

/** The config a draft describes, or a message per field that is not acceptable. */
export function parseDraft(draft: Draft): { config: GPTShape; errors?: undefined } | { config?: undefined; errors: Errors } {
  const errors: Errors = {};
  const values: Partial<GPTShape> = {};
  for (const { name, label, max } of FIELDS) {
    const raw = draft[name].trim();
    const v = Number(raw);
    if (raw === '') errors[name] = `Enter the ${label}: a whole number from 1 to ${max.toLocaleString('en')}.`;
    else if (!Number.isFinite(v)) errors[name] = `“${raw}” is not a number; the ${label} is a whole number from 1 to ${max.toLocaleString('en')}.`;
    else if (!Number.isInteger(v)) errors[name] = `The ${label} must be a whole number, not ${raw}.`;
    else if (v < 1) errors[name] = `The ${label} must be at least 1 (got ${raw}).`;
    else if (v > max) errors[name] = `The ${label} can be at most ${max.toLocaleString('en')} here (got ${v.toLocaleString('en')}).`;
    else values[name] = v;
  }
  const { nEmbd, nHead } = values;
  if (nEmbd !== undefined && nHead !== undefined && nEmbd % nHead !== 0) {
    const near = [Math.floor(nEmbd / nHead), Math.ceil(nEmbd / nHead)].map((hs) => hs * nHead).filter((c) => c >= nHead);
    errors.nEmbd = `The embedding width (${nEmbd}) must be divisible by the number of heads (${nHead}): each head gets C / nh channels. Try ${[...new Set(near)].join(' or ')}.`;
  }
  return Object.keys(errors).length ? { errors } : { config: values as GPTShape };
}

export interface Part {
  key: 'tokenEmbedding' | 'positionEmbedding' | 'attention' | 'mlp' | 'layerNorm';
  label: string;
  formula: string;
  count: number;
}

export interface Breakdown {
  parts: Part[];
  total: number;
  /** Token and position embeddings together (the `data-embedding` hook). */
  embedding: number;
  headSize: number;
  /** What an untied output head (its own V·C matrix) would add. */
  untiedHead: number;
  perLayer: { attention: number; mlp: number; layerNorm: number };
}

/** Exact counts by part; biases included, the output head tied to the token embedding (counted once). */
export function breakdown(c: GPTShape): Breakdown {
  const n = nn.gptParameterCount(c);
  const L = c.nLayer;
  const parts: Part[] = [
    { key: 'tokenEmbedding', label: 'Token embedding (shared with the output head)', formula: 'V·C', count: n.tokenEmbedding },
    { key: 'positionEmbedding', label: 'Position embedding', formula: 'T·C', count: n.positionEmbedding },
    { key: 'attention', label: 'Attention (q, k, v and output projection)', formula: 'L·(4C² + 4C)', count: L * n.attentionPerLayer },
    { key: 'mlp', label: 'MLP (C → 4C → C)', formula: 'L·(8C² + 5C)', count: L * n.mlpPerLayer },
    { key: 'layerNorm', label: 'LayerNorms (2 per block + final)', formula: 'L·4C + 2C', count: L * n.layerNormPerLayer + n.finalLayerNorm },
  ];
  return {
    parts,
    total: n.total,
    embedding: n.tokenEmbedding + n.positionEmbedding,
    headSize: c.nEmbd / c.nHead,
    untiedHead: n.tokenEmbedding,
    perLayer: { attention: n.attentionPerLayer, mlp: n.mlpPerLayer, layerNorm: n.layerNormPerLayer },
  };
}

/** 124439808 → "124,439,808"; and a short form, "124.4M" / "174.6B", for the eye. */
export const exact = (n: number): string => n.toLocaleString('en');
export function short(n: number): string {
  for (const [unit, size] of [['T', 1e12], ['B', 1e9], ['M', 1e6], ['K', 1e3]] as const) {
    if (n >= size) return `${(n / size).toFixed(n >= 100 * size ? 0 : 1)}${unit}`;
  }
  return String(n);
}
