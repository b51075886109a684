// The logic behind AttentionVisualizer: pulling one head's map out of the model service's answer,
// what a head habitually does, readable token labels, the lines view's geometry, the head grid's
// layout and the state kept in the URL. No DOM here.
import { interpolateCividis, rgb } from 'd3';
import type { ModelChoice } from '../../../models/protocol';

/** What the model card says about one head (scripts/reference-eval.ts measures it). */
export interface HeadScore {
  layer: number;
  head: number;
  previous: number;
  first: number;
  self: number;
  label: string;
}

export const EXAMPLES = [
  "The animal didn't cross the street because it was too tired.",
  'Call me Ishmael. Some years ago, never mind how long precisely, I thought I would sail about a little.',
  'The whale, the whale! Thar she blows, the white whale!',
  'One mole of carbon weighs twelve grams, but the mole in the garden ate the worms.',
  'Queequeg was a native of Rokovoko, an island far away to the West and South.',
  '白鲸 🐋 — Moby-Dick in Chinese, with a whale emoji.',
] as const;

/** Longest text the model service accepts (its MAX_INPUT_CHARS; a unit test keeps them equal). */
export const MAX_CHARS = 100_000;

/** Longest text kept in the page URL; longer text is not written there (the link would be unwieldy). */
export const URL_TEXT_LIMIT = 600;

export type View = 'map' | 'lines';

export interface VisualizerState {
  text: string;
  model: ModelChoice;
  layer: number;
  head: number;
  view: View;
}

/** (T, T) row-major weights of one head from the service's attention[layer] = (nHead, T, T). */
export function headWeights(attention: readonly Float32Array[], layer: number, head: number, T: number): Float32Array {
  const layerMaps = attention[layer];
  if (!layerMaps || layerMaps.length < (head + 1) * T * T) throw new Error(`No attention for layer ${layer + 1}, head ${head + 1} over ${T} tokens`);
  return layerMaps.subarray(head * T * T, (head + 1) * T * T);
}

/** Nested T×T rows, rounded to 6 decimals, for the data-weights hook. */
export function toRows(w: ArrayLike<number>, T: number): number[][] {
  return Array.from({ length: T }, (_, t) => Array.from({ length: T }, (_, s) => Math.round(w[t * T + s] * 1e6) / 1e6));
}

/** How this head spends its attention on this text: mean weight on the previous token, the first, itself (queries 1…T−1). */
export function habits(w: ArrayLike<number>, T: number): { previous: number; first: number; self: number } {
  if (T < 2) return { previous: 0, first: 1, self: 1 };
  let previous = 0, first = 0, self = 0;
  for (let t = 1; t < T; t++) {
    previous += w[t * T + t - 1];
    first += w[t * T];
    self += w[t * T + t];
  }
  const n = T - 1;
  return { previous: previous / n, first: first / n, self: self / n };
}

/** The card's label for a head, or null when the card has none (e.g. for the reader's own model). */
export function headLabel(scores: readonly HeadScore[] | null, layer: number, head: number): string | null {
  return scores?.find((s) => s.layer === layer && s.head === head)?.label ?? null;
}

/** A token as text a reader can see: spaces as ␣, line breaks as ↵, tabs as ⇥ (partial bytes already come as <0xF0>). */
export function showToken(text: string): string {
  if (text === '') return '∅';
  return text.replace(/ /g, '␣').replace(/\r?\n/g, '↵').replace(/\t/g, '⇥');
}

/** The heaviest `n` entries of a list of weights, as [index, weight], largest first, zeros left out. */
export function strongest(weights: readonly number[], n = 3): [number, number][] {
  return weights
    .map((w, i) => [i, w] as [number, number])
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

/** "where it looks" (its row) and "what looks at it" (its column) for token t. */
export function focusSummary(w: ArrayLike<number>, T: number, t: number, tokens: readonly string[]): { looksAt: string; lookedAtBy: string } {
  const row = Array.from({ length: T }, (_, s) => w[t * T + s]);
  const col = Array.from({ length: T }, (_, q) => w[q * T + t]);
  const pct = ([i, v]: [number, number]) => `${tokens[i]} (${i}) ${(100 * v).toFixed(0)}%`;
  const by = strongest(col.map((v, q) => (q === t ? 0 : v)), 3);
  return {
    looksAt: strongest(row, 3).map(pct).join(', '),
    lookedAtBy: by.length ? by.map(pct).join(', ') : 'no later token',
  };
}

export interface Line {
  query: number;
  key: number;
  weight: number;
}

/**
 * The lines to draw from query tokens (left) to key tokens (right). With a focused token only its
 * row (as a query) and its column (as a key) are drawn; otherwise every weight above `min`.
 */
export function lines(w: ArrayLike<number>, T: number, focus: number | null, min = 0.05): Line[] {
  const out: Line[] = [];
  for (let q = 0; q < T; q++) {
    for (let k = 0; k <= q; k++) {
      const weight = w[q * T + k];
      const shown = focus === null ? weight >= min : (q === focus || k === focus) && weight > 0.005;
      if (shown) out.push({ query: q, key: k, weight });
    }
  }
  return out;
}

/** Size of one thumbnail in the layers × heads grid: fits `width` pixels, 40 to 120 px, whole pixels per token where possible. */
export function thumbSize(nHead: number, T: number, width: number, gap = 8): number {
  const fit = Math.floor((width - gap * (nHead - 1) - 48) / nHead);
  const size = Math.max(40, Math.min(120, fit));
  return T > 0 && T <= size ? Math.floor(size / T) * T : size;
}

/** Clamp a layer or head index into range (a URL or a smaller model may ask for one that does not exist). */
export const clampIndex = (i: number, n: number): number => (Number.isInteger(i) && i >= 0 && i < n ? i : Math.max(0, Math.min(n - 1, Math.round(Number.isFinite(i) ? i : 0))));

/** URL parameters for the state, under the widget's prefix; long text is left out. */
export function stateParams(prefix: string, s: VisualizerState): Record<string, string | number | null> {
  return {
    [`${prefix}.text`]: s.text.length <= URL_TEXT_LIMIT ? s.text : null,
    [`${prefix}.model`]: s.model === 'reference' ? null : s.model,
    [`${prefix}.layer`]: s.layer + 1,
    [`${prefix}.head`]: s.head + 1,
    [`${prefix}.view`]: s.view === 'map' ? null : s.view,
  };
}

/** State from URL parameters (read with `get`), falling back to `defaults` for anything missing or malformed. */
export function readState(prefix: string, get: (key: string) => string | null, defaults: VisualizerState): VisualizerState {
  const int = (key: string, fallback: number) => {
    const raw = get(`${prefix}.${key}`);
    const v = raw === null ? NaN : Number(raw);
    return Number.isInteger(v) && v >= 1 && v <= 64 ? v - 1 : fallback;
  };
  const model = get(`${prefix}.model`);
  const view = get(`${prefix}.view`);
  const text = get(`${prefix}.text`);
  return {
    text: text !== null && text.length <= URL_TEXT_LIMIT ? text : defaults.text,
    model: model === 'yours' ? 'yours' : defaults.model,
    layer: int('layer', defaults.layer),
    head: int('head', defaults.head),
    view: view === 'lines' ? 'lines' : view === 'map' ? 'map' : defaults.view,
  };
}

/** A message for text the model cannot be asked about, or null when it is fine. */
export function inputProblem(text: string, maxChars: number, blockSize: number): string | null {
  if (text.length === 0) return 'Type a sentence (or pick an example) to see the model attend over it.';
  if (text.length > maxChars) {
    return `The text has ${text.length.toLocaleString('en')} characters; paste at most ${maxChars.toLocaleString('en')}. The model reads only its last ${blockSize} tokens anyway.`;
  }
  return null;
}

/** The truncation notice, when the service kept only the last blockSize tokens. */
export function truncationMessage(truncatedFrom: number | undefined, blockSize: number): string | null {
  if (!truncatedFrom) return null;
  return `Your text is ${truncatedFrom.toLocaleString('en')} tokens long; the model's context is ${blockSize} tokens, so it sees only the last ${blockSize}, shown here.`;
}

/** RGBA pixels of a (T, T) map in the large map's colour scale (cividis, square root of 0…1), for a thumbnail canvas. */
export function mapPixels(w: ArrayLike<number>, T: number): Uint8ClampedArray {
  const lut = Array.from({ length: 256 }, (_, i) => rgb(interpolateCividis(i / 255)));
  const px = new Uint8ClampedArray(T * T * 4);
  for (let i = 0; i < T * T; i++) {
    const c = lut[Math.max(0, Math.min(255, Math.round(Math.sqrt(Math.max(0, w[i])) * 255)))];
    px.set([c.r, c.g, c.b, 255], i * 4);
  }
  return px;
}
