// Special tokens: whole tokens that mark structure (end of a document, the turns of a chat) rather
// than text. They are recognised only where the caller allows them, so a reader's text that happens
// to contain "<|endoftext|>" is encoded as those 13 ordinary characters unless asked otherwise.
import type { BpePattern } from './patterns';

export type AllowedSpecial = 'all' | Iterable<string>;

export const ENDOFTEXT = '<|endoftext|>';
export const IM_START = '<|im_start|>';
export const IM_END = '<|im_end|>';
export const IM_SEP = '<|im_sep|>';

/**
 * Each encoding's special tokens with the ids gpt-tokenizer gives them. cl100k's are tiktoken's plus
 * the chat markers OpenAI's ChatML used; tiktoken's o200k_base lists only <|endoftext|> (199999) and
 * <|endofprompt|> (200018), and gpt-tokenizer places the FIM and chat markers at 200000–200006.
 */
export const DEFAULT_SPECIALS: Record<Exclude<BpePattern, 'none'>, Record<string, number>> = {
  gpt2: { [ENDOFTEXT]: 50256 },
  cl100k: {
    [ENDOFTEXT]: 100257,
    '<|fim_prefix|>': 100258,
    '<|fim_middle|>': 100259,
    '<|fim_suffix|>': 100260,
    [IM_START]: 100264,
    [IM_END]: 100265,
    [IM_SEP]: 100266,
    '<|endofprompt|>': 100276,
  },
  o200k: {
    [ENDOFTEXT]: 199999,
    '<|fim_prefix|>': 200000,
    '<|fim_middle|>': 200001,
    '<|fim_suffix|>': 200002,
    [IM_START]: 200003,
    [IM_END]: 200004,
    [IM_SEP]: 200005,
    '<|endofprompt|>': 200006,
  },
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits `text` into plain pieces (strings) and allowed special tokens (their ids), in order. */
export function splitOnSpecials(text: string, special: ReadonlyMap<string, number>, allowed: AllowedSpecial | undefined): (string | number)[] {
  if (allowed === undefined) return [text];
  const names = allowed === 'all' ? [...special.keys()] : [...allowed];
  for (const name of names) {
    if (!special.has(name)) {
      const known = [...special.keys()].join(', ') || 'none';
      throw new Error(`BpeTokenizer.encode: "${name}" is not a special token of this tokenizer (it has: ${known})`);
    }
  }
  if (!names.length) return [text];
  // Longest first, so a name that is a prefix of another never wins by accident.
  const re = new RegExp(names.sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  const parts: (string | number)[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(special.get(m[0])!);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
