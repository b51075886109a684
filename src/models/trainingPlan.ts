// What a training run will be, decided before anything is built: the settings, the presets, the
// parameter count and memory it needs, and whether the reader's text can be trained on at all.
// Plain data and arithmetic only (no engine import), so the page can show every number live and
// refuse a bad run in place, and the worker checks the same rules before it starts.

export type DatasetChoice = 'moby' | 'names' | 'own';
export type TokenizerChoice = 'char' | 'bpe';
export type PresetName = 'tiny' | 'nanogpt-cpu' | 'large';

export interface StudioConfig {
  dataset: DatasetChoice;
  tokenizer: TokenizerChoice;
  /** Target vocabulary when tokenizer is 'bpe' (256 byte tokens + merges). */
  bpeVocab: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  blockSize: number;
  batchSize: number;
  dropout: number;
  /** Peak AdamW learning rate, reached after the warm-up. */
  lr: number;
  warmup: number;
  /** Total steps; the learning rate decays (cosine) to lr / 10 by the last one. */
  steps: number;
  /** Estimate train and validation loss every this many steps. */
  evalEvery: number;
  /** Draw a sample every this many steps. */
  sampleEvery: number;
  /** Save a checkpoint every this many steps. */
  checkpointEvery: number;
  seed: number;
}

export interface Preset {
  name: PresetName;
  label: string;
  /** Offered only when the page computes on WebGPU. */
  webgpuOnly: boolean;
  config: Pick<StudioConfig, 'nLayer' | 'nHead' | 'nEmbd' | 'blockSize' | 'batchSize' | 'dropout' | 'lr' | 'warmup' | 'steps'>;
}

/** Smallest first. */
export const PRESETS: readonly Preset[] = [
  {
    name: 'tiny',
    label: 'Tiny (2 layers × 2 heads × 64, context 32): learns visibly in a minute on a laptop CPU',
    webgpuOnly: false,
    config: { nLayer: 2, nHead: 2, nEmbd: 64, blockSize: 32, batchSize: 16, dropout: 0, lr: 3e-3, warmup: 10, steps: 400 },
  },
  {
    name: 'nanogpt-cpu',
    label: "nanoGPT's CPU recipe (4 layers × 4 heads × 128, context 64, batch 12)",
    webgpuOnly: false,
    config: { nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, batchSize: 12, dropout: 0, lr: 1e-3, warmup: 100, steps: 2000 },
  },
  {
    name: 'large',
    label: 'Large (6 layers × 6 heads × 384, context 128, dropout 0.2): WebGPU only',
    webgpuOnly: true,
    config: { nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 128, batchSize: 16, dropout: 0.2, lr: 1e-3, warmup: 100, steps: 5000 },
  },
];

export const DEFAULT_CONFIG: StudioConfig = {
  dataset: 'moby',
  tokenizer: 'char',
  bpeVocab: 512,
  ...PRESETS[0].config,
  evalEvery: 25,
  sampleEvery: 50,
  checkpointEvery: 25,
  seed: 1337,
};

/** The reader's own text: at most this many bytes (UTF-8). */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024;
/** A character vocabulary above this is refused (an embedding row per character, mostly unseen). */
export const MAX_CHAR_VOCAB = 1000;

/** Bounds for every number a reader can set, checked on the page and in the worker. */
export const LIMITS: Record<keyof Omit<StudioConfig, 'dataset' | 'tokenizer'>, [number, number]> = {
  bpeVocab: [257, 4096],
  nLayer: [1, 12],
  nHead: [1, 16],
  nEmbd: [8, 768],
  blockSize: [4, 512],
  batchSize: [1, 128],
  dropout: [0, 0.9],
  lr: [1e-6, 100],
  warmup: [0, 100_000],
  steps: [1, 100_000],
  evalEvery: [1, 10_000],
  sampleEvery: [1, 10_000],
  checkpointEvery: [1, 10_000],
  seed: [0, 2 ** 31 - 1],
};

const INTEGER_KEYS = new Set(['bpeVocab', 'nLayer', 'nHead', 'nEmbd', 'blockSize', 'batchSize', 'warmup', 'steps', 'evalEvery', 'sampleEvery', 'checkpointEvery', 'seed']);

/** Problems with the settings, one sentence each (empty when the run can start). */
export function configProblems(c: StudioConfig): string[] {
  const out: string[] = [];
  for (const [key, [lo, hi]] of Object.entries(LIMITS) as [keyof typeof LIMITS, [number, number]][]) {
    const v = c[key];
    if (!Number.isFinite(v) || v < lo || v > hi) out.push(`${key} must be between ${lo} and ${hi.toLocaleString('en')}, got ${String(v)}.`);
    else if (INTEGER_KEYS.has(key) && !Number.isInteger(v)) out.push(`${key} must be a whole number, got ${v}.`);
  }
  if (Number.isInteger(c.nEmbd) && Number.isInteger(c.nHead) && c.nHead > 0 && c.nEmbd % c.nHead !== 0) {
    out.push(`The width (${c.nEmbd}) must divide evenly among the heads (${c.nHead}): try a width of ${Math.max(c.nHead, Math.round(c.nEmbd / c.nHead) * c.nHead)}.`);
  }
  if (c.warmup >= c.steps && c.steps > 0) out.push(`The warm-up (${c.warmup} steps) must be shorter than the run (${c.steps} steps).`);
  return out;
}

/**
 * nanoGPT's schedule: linear warm-up from 0 to lr over `warmup` steps, then cosine decay to lr/10
 * at the last step. `step` counts from 0 (the step about to be taken).
 */
export function learningRateAt(step: number, c: Pick<StudioConfig, 'lr' | 'warmup' | 'steps'>): number {
  const minLr = c.lr / 10;
  if (step < c.warmup) return (c.lr * (step + 1)) / (c.warmup + 1);
  if (step >= c.steps) return minLr;
  const ratio = (step - c.warmup) / Math.max(1, c.steps - c.warmup);
  return minLr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (c.lr - minLr);
}

/** Parameters of the GPT (tied embedding and output weights), as the engine's gptParameterCount. */
export function parameterCount(c: Pick<StudioConfig, 'nLayer' | 'nEmbd' | 'blockSize'>, vocabSize: number): number {
  const C = c.nEmbd;
  const perLayer = 4 * C * C + 4 * C + (8 * C * C + 5 * C) + 4 * C; // attention + MLP + two LayerNorms
  return vocabSize * C + c.blockSize * C + c.nLayer * perLayer + 2 * C;
}

export interface MemoryEstimate {
  parameters: number;
  /** Weights, gradients and AdamW's two moments: 4 floats per parameter. */
  stateBytes: number;
  /** Activations kept for the backward pass of one batch. */
  activationBytes: number;
  totalBytes: number;
}

/**
 * A deliberately generous estimate: per layer and token, about 16 C floats (LayerNorm outputs,
 * q/k/v, the 4C MLP hidden before and after GELU, residuals) plus 3 T floats per head (scores,
 * softmax, dropout), and the logits with their softmax at the end.
 */
export function estimateMemory(c: Pick<StudioConfig, 'nLayer' | 'nHead' | 'nEmbd' | 'blockSize' | 'batchSize'>, vocabSize: number): MemoryEstimate {
  const parameters = parameterCount(c, vocabSize);
  const tokens = c.batchSize * c.blockSize;
  const perToken = c.nLayer * (16 * c.nEmbd + 3 * c.nHead * c.blockSize) + 3 * vocabSize;
  const stateBytes = 16 * parameters;
  const activationBytes = 4 * tokens * perToken;
  return { parameters, stateBytes, activationBytes, totalBytes: stateBytes + activationBytes };
}

/** What a run may use: the CPU backend lives in the worker's heap, WebGPU in GPU buffers. */
export const MEMORY_BUDGET = { cpu: 1.5 * 2 ** 30, webgpu: 3 * 2 ** 30 } as const;

/** Null when the run fits, else the reason and what to change. */
export function memoryProblem(c: StudioConfig, vocabSize: number, backend: 'cpu' | 'webgpu'): string | null {
  const m = estimateMemory(c, vocabSize);
  const budget = MEMORY_BUDGET[backend];
  if (m.totalBytes <= budget) return null;
  return (
    `This model needs about ${formatBytes(m.totalBytes)} (${formatBytes(m.stateBytes)} for weights, gradients and optimizer state, ` +
    `${formatBytes(m.activationBytes)} for one batch's activations), more than the ${formatBytes(budget)} a run may use on the ${backend === 'webgpu' ? 'GPU' : 'CPU'}. ` +
    `Make the batch, the context or the width smaller.`
  );
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(0)} KB`;
  return `${n} B`;
}

export interface TextCheck {
  /** A reason the text cannot be trained on, or null. */
  error: string | null;
  /** Something worth knowing that does not stop the run. */
  note: string | null;
  /** Characters (code points). */
  chars: number;
  distinct: number;
}

/** Checks the reader's own text (pasted, or a file already decoded as UTF-8). */
export function checkOwnText(text: string, bytes = new TextEncoder().encode(text).length): TextCheck {
  const chars = Array.from(text);
  const distinct = new Set(chars).size;
  const result = (error: string | null, note: string | null = null): TextCheck => ({ error, note, chars: chars.length, distinct });
  if (bytes > MAX_TEXT_BYTES) return result(`The text is ${formatBytes(bytes)}; the studio takes up to ${formatBytes(MAX_TEXT_BYTES)}. Use a shorter extract.`);
  if (text.trim().length === 0) return result('The text is empty: paste some text or choose a .txt file.');
  // A NUL, or many U+FFFD (bytes that are not UTF-8), means this was not a text file.
  let suspicious = 0;
  for (const ch of chars) if (ch === '\u0000' || ch === '\uFFFD' || /[\u0001-\u0008\u000E-\u001F]/.test(ch)) suspicious++;
  if (text.includes('\u0000') || suspicious > Math.max(8, chars.length * 0.01)) {
    return result('This looks like a binary file (it has bytes that are not text). Choose a plain-text .txt file.');
  }
  const letters = chars.filter((ch) => /\p{L}/u.test(ch)).length;
  if (letters < chars.length * 0.1) {
    return result(null, `Almost none of this text is letters (${distinct.toLocaleString('en')} distinct symbols, e.g. emoji): the model will learn their patterns, but its samples will be symbols, not words.`);
  }
  return result(null);
}

/** Why a tokenized corpus is too short for the context, or null. */
export function corpusProblem(trainTokens: number, valTokens: number, blockSize: number): string | null {
  if (trainTokens > blockSize && valTokens > blockSize) return null;
  return (
    `After the split there are ${trainTokens.toLocaleString('en')} training and ${valTokens.toLocaleString('en')} validation tokens, ` +
    `but every example is a window of ${blockSize} tokens plus the next one, so each part needs at least ${blockSize + 1}. ` +
    `Add more text or shorten the context.`
  );
}

/** Seconds as "1 h 02 min", "3 min 05 s" or "12 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}
