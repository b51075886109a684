// The studio's page-side logic, no DOM: settings in the URL, which preset a config matches, what
// changed since a saved run, the ETA, and reading a dropped file as text.
import {
  DEFAULT_CONFIG,
  LIMITS,
  PRESETS,
  type DatasetChoice,
  type PresetName,
  type StudioConfig,
  type TokenizerChoice,
} from '../../../models/trainingPlan';

export type Status = 'idle' | 'training' | 'paused' | 'done' | 'error';

/** URL key (prefixed "ts.") for each setting a link carries. The reader's text never goes there. */
export const URL_KEYS = {
  dataset: 'ts.data',
  tokenizer: 'ts.tok',
  bpeVocab: 'ts.vocab',
  nLayer: 'ts.layers',
  nHead: 'ts.heads',
  nEmbd: 'ts.embd',
  blockSize: 'ts.ctx',
  batchSize: 'ts.batch',
  lr: 'ts.lr',
  steps: 'ts.steps',
  warmup: 'ts.warmup',
  dropout: 'ts.dropout',
} as const satisfies Partial<Record<keyof StudioConfig, string>>;

const DATASETS: readonly DatasetChoice[] = ['moby', 'names', 'own'];
const TOKENIZERS: readonly TokenizerChoice[] = ['char', 'bpe'];

/** Settings from a query string; anything missing or out of range keeps the default. */
export function configFromSearch(search: string, base: StudioConfig = DEFAULT_CONFIG): StudioConfig {
  const q = new URLSearchParams(search);
  const c: StudioConfig = { ...base };
  const dataset = q.get(URL_KEYS.dataset);
  if (dataset && (DATASETS as readonly string[]).includes(dataset)) c.dataset = dataset as DatasetChoice;
  const tok = q.get(URL_KEYS.tokenizer);
  if (tok && (TOKENIZERS as readonly string[]).includes(tok)) c.tokenizer = tok as TokenizerChoice;
  for (const key of ['bpeVocab', 'nLayer', 'nHead', 'nEmbd', 'blockSize', 'batchSize', 'lr', 'steps', 'warmup', 'dropout'] as const) {
    const raw = q.get(URL_KEYS[key]);
    if (raw === null || raw.trim() === '') continue;
    const v = Number(raw);
    const [lo, hi] = LIMITS[key];
    if (Number.isFinite(v) && v >= lo && v <= hi) c[key] = v;
  }
  return c;
}

/** The URL parameters for a config (pass to writeParams). */
export function configToParams(c: StudioConfig): Record<string, string | number> {
  return Object.fromEntries(Object.entries(URL_KEYS).map(([k, urlKey]) => [urlKey, c[k as keyof typeof URL_KEYS]]));
}

const PRESET_KEYS = ['nLayer', 'nHead', 'nEmbd', 'blockSize', 'batchSize', 'dropout', 'lr', 'warmup', 'steps'] as const;

/** The preset whose settings the config has, or 'custom'. */
export function matchPreset(c: StudioConfig): PresetName | 'custom' {
  return PRESETS.find((p) => PRESET_KEYS.every((k) => p.config[k] === c[k]))?.name ?? 'custom';
}

export function applyPreset(c: StudioConfig, name: PresetName): StudioConfig {
  const preset = PRESETS.find((p) => p.name === name);
  return preset ? { ...c, ...preset.config } : c;
}

/** Settings that may change when a run resumes: how fast it learns and how long it goes. */
export function resumeChanges(saved: StudioConfig, now: StudioConfig): Partial<StudioConfig> {
  const out: Partial<StudioConfig> = {};
  if (saved.lr !== now.lr) out.lr = now.lr;
  if (saved.steps !== now.steps && now.steps > 0) out.steps = now.steps;
  return out;
}

/** Settings that make a different model or data: resuming cannot change them, Start must. */
export function structuralDifferences(saved: StudioConfig, now: StudioConfig): (keyof StudioConfig)[] {
  const keys = ['dataset', 'tokenizer', 'nLayer', 'nHead', 'nEmbd', 'blockSize', 'batchSize', 'dropout', 'warmup'] as const;
  const diff: (keyof StudioConfig)[] = keys.filter((k) => saved[k] !== now[k]);
  if (saved.tokenizer === 'bpe' && now.tokenizer === 'bpe' && saved.bpeVocab !== now.bpeVocab) diff.push('bpeVocab');
  return diff;
}

/** Seconds left at the current pace. */
export function etaSeconds(step: number, steps: number, secondsPerStep: number): number {
  return Math.max(0, steps - step) * secondsPerStep;
}

/**
 * Decodes a chosen file as UTF-8, marking bytes that are not UTF-8 with U+FFFD (which
 * checkOwnText then reports as binary) instead of failing.
 */
export function decodeTextFile(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** "1.2e-3" style for learning rates, plain otherwise. */
export function formatNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 1e-2) return v.toExponential(1);
  return v.toLocaleString('en', { maximumFractionDigits: digits });
}
