// The tokenizer comparison's pure logic: which tokenizers, checking the text, and encoding with one
// of them. Runs in tokenizerCompare.worker.ts, where the real vocabularies are loaded on first use.
import { BpeTokenizer, loadEncoding, readableBytes } from '../../../engine';

export type TokenizerKey = 'char' | 'bpe' | 'gpt2' | 'gpt4' | 'gpt4o';

export const TOKENIZERS: { key: TokenizerKey; name: string; about: string }[] = [
  { key: 'char', name: 'Characters', about: 'one token per Unicode character' },
  { key: 'bpe', name: 'Your BPE', about: '' },
  { key: 'gpt2', name: 'GPT-2', about: 'r50k_base, also GPT-3' },
  { key: 'gpt4', name: 'GPT-4', about: 'cl100k_base' },
  { key: 'gpt4o', name: 'GPT-4o', about: 'o200k_base' },
];

/** Sizes of the rank files fetched on first use (gpt-tokenizer's data/, uncompressed). */
export const RANK_FILE_BYTES = { gpt2: 835_554, gpt4: 1_681_126, gpt4o: 3_613_922 } as const;

export const MAX_CHARS = 300_000;
/** Tokens drawn per tokenizer; all are counted. */
export const SPAN_WINDOW = 400;

export type TextCheck = { ok: true; note?: string } | { ok: false; message: string };

export function checkText(text: string): TextCheck {
  if (text.length === 0) return { ok: false, message: 'The text is empty: type something to see its tokens.' };
  if (text.length > MAX_CHARS) return { ok: false, message: `That is ${text.length.toLocaleString('en')} characters; compare at most ${MAX_CHARS.toLocaleString('en')} at a time.` };
  if (!/[\p{L}\p{N}]/u.test(text)) return { ok: true, note: 'Emoji and symbols only: watch how many tokens each one costs.' };
  return { ok: true };
}

export interface Encoded {
  count: number;
  vocab: number;
  /** The first tokens as [id, label]. */
  spans: [number, string][];
}

/** Characters: ids are Unicode code points. */
export function encodeChars(text: string): Encoded {
  const chars = Array.from(text);
  return { count: chars.length, vocab: 0x110000, spans: chars.slice(0, SPAN_WINDOW).map((c) => [c.codePointAt(0)!, c]) };
}

export function encodeWith(tok: BpeTokenizer, text: string): Encoded {
  const ids = tok.encode(text);
  return { count: ids.length, vocab: tok.vocabSize, spans: ids.slice(0, SPAN_WINDOW).map((id) => [id, readableBytes(tok.tokenBytes(id))]) };
}

const REAL: Record<'gpt2' | 'gpt4' | 'gpt4o', 'gpt2' | 'cl100k' | 'o200k'> = { gpt2: 'gpt2', gpt4: 'cl100k', gpt4o: 'o200k' };

export async function encodeReal(key: 'gpt2' | 'gpt4' | 'gpt4o', text: string): Promise<Encoded> {
  return encodeWith(await loadEncoding(REAL[key]), text);
}
