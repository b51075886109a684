// The pre-tokenization regexes: text is split into word-like chunks before byte-pair merging, so no
// token ever spans two chunks. These are OpenAI's patterns from tiktoken (openai_public.py), written
// for JavaScript's regex engine as gpt-tokenizer does: JS has no possessive quantifiers (`?+`, `++`)
// nor inline `(?i:...)`, so cl100k's contractions spell out both cases and its whitespace rules are
// reordered so that they split exactly where the possessive forms do.

/** Names of the patterns: `gpt2` (GPT-2/GPT-3, r50k_base), `cl100k` (GPT-4), `o200k` (GPT-4o), `none` (no split). */
export type BpePattern = 'gpt2' | 'cl100k' | 'o200k' | 'none';

// 's 'd 'm 't 'll 've 're, in either case (GPT-4 and GPT-4o; GPT-2 knew only lowercase).
const CONTRACTION = String.raw`'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])`;

const SOURCES: Record<Exclude<BpePattern, 'none'>, string> = {
  // Contractions, a word with an optional leading space, numbers of any length, punctuation runs, spaces.
  gpt2: String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
  // Words may carry one leading non-letter (" the", "(the"); numbers are at most 3 digits; newlines group.
  cl100k: String.raw`${CONTRACTION}|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s+$|\s*[\r\n]|\s+(?!\S)|\s`,
  // As cl100k, but words split at case changes (camelCase → camel, Case) and keep their contraction.
  o200k:
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:${CONTRACTION})?` +
    String.raw`|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:${CONTRACTION})?` +
    String.raw`|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
};

const REGEXES = Object.fromEntries(Object.entries(SOURCES).map(([k, s]) => [k, new RegExp(s, 'gu')])) as Record<keyof typeof SOURCES, RegExp>;

export const PATTERNS: readonly BpePattern[] = ['gpt2', 'cl100k', 'o200k', 'none'];

export function isPattern(p: unknown): p is BpePattern {
  return typeof p === 'string' && (PATTERNS as readonly string[]).includes(p);
}

/** The chunks `text` is split into before merging. */
export function splitChunks(text: string, pattern: BpePattern): string[] {
  if (pattern === 'none') return text.length ? [text] : [];
  return text.match(REGEXES[pattern]) ?? [];
}
