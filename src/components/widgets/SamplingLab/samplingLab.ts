// Pure logic of the SamplingLab: reading the sampling settings (with a message for every bad one
// that says what the setting means; seed and length are plain number fields), the bars (the 20 most likely tokens and the rest summed), the data-probs hook, and drawing
// a token the way the model service's generate does (one uniform draw per token, walked in id
// order), so stepping N times and generating N tokens with the same seed write the same text.
import { nn } from '../../../engine/index';
import type { NextTokenResult, TokenProbability } from '../../../models/protocol';
import type { BarItem } from '../../plot/bars';

/** Longer prompts are refused: the model reads only its last blockSize tokens anyway. */
export const MAX_PROMPT_CHARS = 2_000;
/** Above this a temperature is refused; between 2 and this it is allowed with a warning. */
export const MAX_TEMPERATURE = 100;
/** The cap most APIs put on temperature. */
export const API_TEMPERATURE_CAP = 2;
export const BARS_SHOWN = 20;
/** The most tokens one "generate" writes (a few seconds on a CPU). */
export const MAX_GENERATE = 200;
/** Seeds are 32-bit, as the engine's Generator takes them. */
export const MAX_SEED = 0xffffffff;

export interface RawSettings {
  temperature: string;
  /** Empty means off. */
  topK: string;
  topP: string;
}

export interface Settings {
  sampling: nn.SamplingOptions;
  /** Not errors: what a legal but extreme setting does. */
  notes: string[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; field: keyof RawSettings | 'prompt'; message: string };

const asNumber = (s: string): number => (s.trim() === '' ? NaN : Number(s));

export function parseSettings(raw: RawSettings): Checked<Settings> {
  const notes: string[] = [];
  const temperature = asNumber(raw.temperature);
  if (!Number.isFinite(temperature) || temperature < 0) {
    return { ok: false, field: 'temperature', message: `Temperature must be a number from 0 to ${MAX_TEMPERATURE}, got "${raw.temperature}".` };
  }
  if (temperature > MAX_TEMPERATURE) {
    return { ok: false, field: 'temperature', message: `A temperature of ${temperature} is past ${MAX_TEMPERATURE}: the distribution is already flat there. Choose 0 to ${MAX_TEMPERATURE}.` };
  }
  if (temperature === 0) notes.push('Temperature 0 is greedy decoding: the most likely token always wins, so the seed no longer matters.');
  else if (temperature > API_TEMPERATURE_CAP) {
    notes.push(`Temperature ${temperature} is above ${API_TEMPERATURE_CAP}, the cap most APIs use: the distribution flattens towards uniform and rare tokens take over, so text turns to noise.`);
  }
  const sampling: nn.SamplingOptions = { temperature };
  if (raw.topK.trim() !== '') {
    const k = asNumber(raw.topK);
    if (!(Number.isInteger(k) && k >= 1)) {
      return { ok: false, field: 'topK', message: `Top-k must be a whole number ≥ 1 (1 is greedy), or empty to switch it off; got "${raw.topK}". Top-k 0 would leave no token to pick.` };
    }
    sampling.topK = k;
  }
  const p = asNumber(raw.topP);
  if (!(p > 0 && p <= 1)) {
    return { ok: false, field: 'topP', message: `Top-p is a share of the probability mass, so it must be above 0 and at most 1 (1 switches it off); got "${raw.topP}".` };
  }
  if (p < 1) sampling.topP = p;
  return { ok: true, value: { sampling, notes } };
}

const EMOJI = /\p{Extended_Pictographic}/u;

/** The prompt as the widget will send it, or why it will not. */
export function checkPrompt(prompt: string): Checked<{ prompt: string; notes: string[] }> {
  if (prompt.trim() === '') return { ok: false, field: 'prompt', message: 'Type a prompt: the model needs at least one token to predict what comes next.' };
  if (prompt.length > MAX_PROMPT_CHARS) {
    return {
      ok: false,
      field: 'prompt',
      message: `The prompt has ${prompt.length.toLocaleString('en')} characters; keep it under ${MAX_PROMPT_CHARS.toLocaleString('en')}. The model reads only its last 128 tokens (a few hundred characters) anyway.`,
    };
  }
  const notes = EMOJI.test(prompt)
    ? ['The prompt has emoji, which never occur in Moby Dick: a byte-level tokenizer splits each into raw bytes the model has hardly seen, so expect odd predictions (a character-level model cannot read them at all).']
    : [];
  return { ok: true, value: { prompt, notes } };
}

/** How a token's text reads on a bar: spaces and line breaks made visible. */
export function showToken(text: string): string {
  return text.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥') || '(empty)';
}

/** The BARS_SHOWN most likely tokens at temperature 1 (before), after the filter (value), and the rest summed. */
export function barItems(result: NextTokenResult, vocabSize: number, shown = BARS_SHOWN): BarItem[] {
  const byRaw = [...result.top].sort((a, b) => b.raw - a.raw || a.id - b.id);
  const head = byRaw.slice(0, shown);
  const tail = byRaw.slice(shown);
  const items: BarItem[] = head.map((t) => ({ label: showToken(t.text), value: t.p, before: t.raw, removed: t.p === 0 }));
  const others = vocabSize - head.length;
  if (others > 0) {
    const restP = tail.reduce((s, t) => s + t.p, 0);
    items.push({
      label: `the other ${others.toLocaleString('en')}`,
      value: restP,
      before: result.restRaw + tail.reduce((s, t) => s + t.raw, 0),
      removed: restP === 0,
      aggregate: true,
    });
  }
  return items;
}

/** data-probs: every token the filter keeps, highest first, as [token, probability]. */
export function keptProbabilities(top: TokenProbability[]): [string, number][] {
  return top.filter((t) => t.p > 0).sort((a, b) => b.p - a.p || a.id - b.id).map((t) => [t.text, t.p]);
}

/**
 * The token a uniform draw u picks: the filtered distribution walked in id order, exactly as the
 * model service's generate walks it (so a step and a generated token agree for the same u).
 */
export function pickToken(top: TokenProbability[], u: number): TokenProbability {
  const kept = top.filter((t) => t.p > 0).sort((a, b) => a.id - b.id);
  if (kept.length === 0) throw new Error('The filter left no token to sample');
  return kept[nn.sampleIndex(kept.map((t) => t.p), u)];
}

/** The seed a "generate" press uses: the reader's seed first, then a new one for each continuation. */
export function generateSeed(seed: number, tokensSoFar: number): number {
  return tokensSoFar === 0 ? seed : (Math.imul(seed ^ 0x9e3779b9, 2654435761) + tokensSoFar) >>> 0;
}
