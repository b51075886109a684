// Encodes the comparison's text off the main thread. The GPT vocabularies (1–4 MB each) are fetched
// the first time they are asked for; the fallback BPE (before the reader trains one) is trained here.
import { BpeTokenizer, fetchText } from '../../../engine';
import { serve } from '../../../lib/worker';
import { encodeChars, encodeReal, encodeWith, type Encoded, type TokenizerKey } from './tokenizerCompare';

/** Until the reader trains their own: 1,024 tokens learned from the start of Moby Dick, as the reference model's. */
let fallback: Promise<BpeTokenizer> | null = null;
const FALLBACK_CHARS = 100_000;
const FALLBACK_VOCAB = 1024;

function fallbackBpe(mobyUrl: string): Promise<BpeTokenizer> {
  fallback ??= fetchText(mobyUrl).then((moby) => {
    const tok = new BpeTokenizer();
    tok.train(moby.slice(0, FALLBACK_CHARS), FALLBACK_VOCAB);
    return tok;
  });
  fallback.catch(() => (fallback = null));
  return fallback;
}

let yours: { key: string; tok: BpeTokenizer } | null = null;

const api = {
  async encode(args: { key: TokenizerKey; text: string; bpe: { pattern: string; merges: [number, number][] } | null; mobyUrl: string }): Promise<Encoded> {
    const { key, text } = args;
    if (key === 'char') return encodeChars(text);
    if (key === 'bpe') {
      if (!args.bpe) return encodeWith(await fallbackBpe(args.mobyUrl), text);
      const id = JSON.stringify(args.bpe.merges);
      if (yours?.key !== id) yours = { key: id, tok: BpeTokenizer.fromJSON({ type: 'bpe', pattern: 'gpt2', merges: args.bpe.merges }) };
      return encodeWith(yours.tok, text);
    }
    return encodeReal(key, text);
  },
};

export type TokenizerCompareApi = typeof api;
serve(api);
