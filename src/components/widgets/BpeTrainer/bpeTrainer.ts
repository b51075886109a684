// The BPE trainer's pure logic: checking the reader's text and numbers, and turning a training state
// into what the view shows. Training itself runs in bpeTrainer.worker.ts.
import { BpeTokenizer, BpeTrainerState, readableBytes, type TrainerStep } from '../../../engine';

/** The opening of Moby Dick (Melville, 1851; public domain), the book the reference model reads. */
export const DEFAULT_TEXT =
  'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world. It is a way I have of driving off the spleen and regulating the circulation. Whenever I find myself growing grim about the mouth; whenever it is a damp, drizzly November in my soul; whenever I find myself involuntarily pausing before coffin warehouses, and bringing up the rear of every funeral I meet; and especially whenever my hypos get such an upper hand of me, that it requires a strong moral principle to prevent me from deliberately stepping into the street, and methodically knocking people\'s hats off—then, I account it high time to get to sea as soon as I can. This is my substitute for pistol and ball. With a philosophical flourish Cato throws himself upon his sword; I quietly take to the ship. There is nothing surprising in this. If they but knew it, almost all men in their degree, some time or other, cherish very nearly the same feelings towards the ocean with me.';

export const MAX_CHARS = 300_000;
export const MAX_VOCAB = 20_000;
/** Tokens drawn as spans; the rest are counted, not drawn, so long texts stay responsive. */
export const SPAN_WINDOW = 1500;

export type TextCheck = { ok: true; note?: string } | { ok: false; message: string };

export function checkText(text: string): TextCheck {
  if (text.trim().length === 0) return { ok: false, message: 'The text is empty: type, paste or open some text to train on.' };
  if (text.length > MAX_CHARS) {
    return { ok: false, message: `The text has ${text.length.toLocaleString('en')} characters; the trainer takes at most ${MAX_CHARS.toLocaleString('en')}. Paste a shorter piece.` };
  }
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return { ok: true, note: 'No letters or digits here (emoji or symbols only): each emoji is several bytes, so the first merges join bytes into whole emoji.' };
  }
  return { ok: true };
}

/** Text from an uploaded file, or why it is not text. */
export function decodeTextFile(bytes: Uint8Array, name: string): { text: string } | { error: string } {
  if (bytes.includes(0)) return { error: `"${name}" is not a text file (it contains zero bytes, as images and programs do). Choose a plain .txt file.` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: `"${name}" is not UTF-8 text. Save it as plain UTF-8 text (.txt) and try again.` };
  }
}

export type VocabCheck = { ok: true; value: number } | { ok: false; message: string };

export function checkVocabSize(raw: string | number, current: number): VocabCheck {
  const v = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (String(raw).trim() === '' || !Number.isInteger(v)) return { ok: false, message: 'The target vocabulary must be a whole number, such as 512.' };
  if (v <= current) return { ok: false, message: `The vocabulary already has ${current.toLocaleString('en')} tokens: choose a larger target.` };
  if (v > MAX_VOCAB) return { ok: false, message: `Choose at most ${MAX_VOCAB.toLocaleString('en')} tokens here (GPT-2 has 50,257, trained on far more text).` };
  return { ok: true, value: v };
}

export interface PairView {
  a: string;
  b: string;
  count: number;
}

export interface MergeView {
  rank: number;
  id: number;
  label: string;
  pair: [string, string];
  count: number;
  top: PairView[];
}

export interface TrainerView {
  merges: number;
  vocab: number;
  tokens: number;
  chars: number;
  /** Tokens in the text after 0, 1, 2, … merges. */
  curve: number[];
  last: MergeView | null;
  /** The first tokens of the text as [id, label]. */
  spans: [number, string][];
  /** No pair occurs twice any more. */
  exhausted: boolean;
  /** Every merge so far, for sharing the tokenizer. */
  mergeList: [number, number][];
}

/** The trainer's state in the worker: the training state plus what the view needs. */
export class TrainerSession {
  readonly state: BpeTrainerState;
  readonly text: string;
  readonly curve: number[];
  private labels: string[] = [];
  private last: MergeView | null = null;
  exhausted = false;

  constructor(text: string) {
    this.text = text;
    this.state = new BpeTrainerState(text);
    this.curve = [this.state.tokens];
    for (let b = 0; b < 256; b++) this.labels.push(readableBytes(Uint8Array.of(b)));
  }

  /** One merge; false when nothing is left to merge. */
  step(): boolean {
    const s: TrainerStep | null = this.state.step(5);
    if (!s) {
      this.exhausted = true;
      return false;
    }
    this.labels.push(readableBytes(s.bytes));
    const L = this.labels;
    this.last = {
      rank: s.merge.rank,
      id: s.merge.id,
      label: L[s.merge.id],
      pair: [L[s.merge.pair[0]], L[s.merge.pair[1]]],
      count: s.merge.count,
      top: s.top.map((p) => ({ a: L[p.pair[0]], b: L[p.pair[1]], count: p.count })),
    };
    this.curve.push(s.tokens);
    return true;
  }

  view(): TrainerView {
    const merges = this.state.merges.map(([a, b]) => [a, b] as [number, number]);
    const tok = new BpeTokenizer(merges);
    // Only the beginning is drawn: encode a prefix cut at a space, so its last chunk is whole.
    let end = Math.min(this.text.length, SPAN_WINDOW * 12);
    if (end < this.text.length) end = Math.max(this.text.lastIndexOf(' ', end), 1);
    const ids = tok.encode(this.text.slice(0, end)).slice(0, SPAN_WINDOW);
    return {
      merges: merges.length,
      vocab: this.state.vocabSize,
      tokens: this.state.tokens,
      chars: this.text.length,
      curve: [...this.curve],
      last: this.last,
      spans: ids.map((id) => [id, this.labels[id]]),
      exhausted: this.exhausted,
      mergeList: merges,
    };
  }
}
