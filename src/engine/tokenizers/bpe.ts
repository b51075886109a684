// Byte-level byte-pair encoding, as GPT-2 does it (and Karpathy's minbpe explains it): text becomes
// UTF-8 bytes (ids 0–255), and training repeatedly merges the most frequent adjacent pair of ids
// into a new id (256, 257, …). Any string round-trips, emoji included, because every byte is a
// token to begin with. Like GPT-2, text is first split into word-like chunks (letters, digits,
// punctuation, spaces) so merges never cross those boundaries; `pattern: 'none'` turns that off.

export type BpePattern = 'gpt2' | 'none';

/** One training merge, for showing training step by step. */
export interface MergeStep {
  /** 0-based order of the merge (the new token's id is 256 + rank). */
  rank: number;
  pair: [number, number];
  id: number;
  /** How often the pair occurred in the training text when it was merged. */
  count: number;
}

export interface BpeTokenizerJSON {
  type: 'bpe';
  pattern: BpePattern;
  merges: [number, number][];
}

export interface BpeTrainOptions {
  pattern?: BpePattern;
  /** Called after each merge (e.g. to animate training). */
  onMerge?: (step: MergeStep) => void;
}

/** GPT-2's pre-tokenization pattern (contractions, words with a leading space, numbers, punctuation, spaces). */
const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

// A pair of ids packed into one number so it can key a Map; ids stay far below 2^21.
const ID_BITS = 2 ** 21;
const pairKey = (a: number, b: number): number => a * ID_BITS + b;

const utf8 = new TextEncoder();

function splitChunks(text: string, pattern: BpePattern): string[] {
  if (pattern === 'none') return text.length ? [text] : [];
  return text.match(GPT2_SPLIT) ?? [];
}

export class BpeTokenizer {
  private _merges: [number, number][] = [];
  private ranks = new Map<number, number>();
  /** id → the bytes it stands for. */
  private vocabBytes: Uint8Array[] = [];
  private cache = new Map<string, number[]>();
  private _pattern: BpePattern;

  constructor(merges: [number, number][] = [], pattern: BpePattern = 'gpt2') {
    this._pattern = pattern;
    this.setMerges(merges);
  }

  get merges(): readonly (readonly [number, number])[] {
    return this._merges;
  }

  get pattern(): BpePattern {
    return this._pattern;
  }

  get vocabSize(): number {
    return 256 + this._merges.length;
  }

  /**
   * Learns merges from `text` until the vocabulary has `vocabSize` tokens, or until no pair occurs
   * twice. Replaces any earlier merges and returns every merge in order. Ties between equally
   * frequent pairs go to the pair with the smaller ids, so training is deterministic.
   */
  train(text: string, vocabSize: number, options: BpeTrainOptions = {}): MergeStep[] {
    if (!Number.isInteger(vocabSize) || vocabSize < 256) {
      throw new Error(`BpeTokenizer.train: vocabSize must be an integer of at least 256 (the byte tokens), got ${vocabSize}`);
    }
    if (options.pattern) this._pattern = options.pattern;

    // Identical chunks are trained once, weighted by how often they occur.
    const chunkCounts = new Map<string, number>();
    for (const c of splitChunks(text, this._pattern)) chunkCounts.set(c, (chunkCounts.get(c) ?? 0) + 1);
    const words: number[][] = [];
    const weights: number[] = [];
    for (const [chunk, n] of chunkCounts) {
      words.push(Array.from(utf8.encode(chunk)));
      weights.push(n);
    }

    // Pair counts are kept up to date as merges happen; `where` remembers which words may hold a
    // pair, so a merge only revisits those words, and only the pairs next to each merge change.
    const counts = new Map<number, number>();
    const where = new Map<number, Set<number>>();
    const bump = (k: number, n: number, w: number): void => {
      const c = (counts.get(k) ?? 0) + n;
      if (c === 0) counts.delete(k);
      else counts.set(k, c);
      if (n > 0) {
        let set = where.get(k);
        if (!set) where.set(k, (set = new Set()));
        set.add(w);
      }
    };
    for (let w = 0; w < words.length; w++) {
      const word = words[w];
      for (let i = 0; i + 1 < word.length; i++) bump(pairKey(word[i], word[i + 1]), weights[w], w);
    }

    const merges: [number, number][] = [];
    const steps: MergeStep[] = [];
    while (256 + merges.length < vocabSize) {
      let bestKey = -1;
      let bestCount = 1;
      for (const [k, c] of counts) {
        if (c > bestCount || (c === bestCount && bestKey >= 0 && k < bestKey)) {
          bestKey = k;
          bestCount = c;
        }
      }
      if (bestKey < 0) break; // no pair occurs twice: further merges would learn nothing
      const a = Math.floor(bestKey / ID_BITS);
      const b = bestKey - a * ID_BITS;
      const id = 256 + merges.length;
      for (const w of where.get(bestKey) ?? []) {
        const word = words[w];
        const n = weights[w];
        const out: number[] = [];
        for (let i = 0; i < word.length; i++) {
          if (i + 1 < word.length && word[i] === a && word[i + 1] === b) {
            // (prev, a) becomes (prev, new) and (b, next) becomes (new, next).
            if (out.length) {
              const prev = out[out.length - 1];
              bump(pairKey(prev, a), -n, w);
              bump(pairKey(prev, id), n, w);
            }
            if (i + 2 < word.length) {
              bump(pairKey(b, word[i + 2]), -n, w);
              bump(pairKey(id, word[i + 2]), n, w);
            }
            out.push(id);
            i++;
          } else out.push(word[i]);
        }
        words[w] = out;
      }
      // Merging left to right leaves no (a, b) behind.
      counts.delete(bestKey);
      where.delete(bestKey);
      const step: MergeStep = { rank: merges.length, pair: [a, b], id, count: bestCount };
      merges.push([a, b]);
      steps.push(step);
      options.onMerge?.(step);
    }
    this.setMerges(merges);
    return steps;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    for (const chunk of splitChunks(text, this._pattern)) {
      let ids = this.cache.get(chunk);
      if (!ids) {
        ids = this.encodeChunk(utf8.encode(chunk));
        if (this.cache.size < 100_000) this.cache.set(chunk, ids);
      }
      for (const id of ids) out.push(id);
    }
    return out;
  }

  /** Text for a list of ids. Byte sequences that are not valid UTF-8 (a lone piece of an emoji) show as U+FFFD. */
  decode(ids: ArrayLike<number>): string {
    return new TextDecoder('utf-8').decode(this.idsToBytes(ids));
  }

  /** The bytes token `id` stands for. */
  tokenBytes(id: number): Uint8Array {
    const bytes = this.vocabBytes[id];
    if (!bytes) throw new Error(`BpeTokenizer: token id ${id} is out of range for a vocabulary of ${this.vocabSize}`);
    return bytes;
  }

  /** A readable label for one token: its text, or its bytes as \xNN when they are not complete UTF-8. */
  tokenLabel(id: number): string {
    const bytes = this.tokenBytes(id);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return Array.from(bytes, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    }
  }

  toJSON(): BpeTokenizerJSON {
    return { type: 'bpe', pattern: this._pattern, merges: this._merges.map(([a, b]) => [a, b]) };
  }

  static fromJSON(json: BpeTokenizerJSON): BpeTokenizer {
    if (json?.type !== 'bpe' || !Array.isArray(json.merges)) throw new Error('BpeTokenizer.fromJSON: expected { type: "bpe", pattern, merges: [number, number][] }');
    return new BpeTokenizer(json.merges, json.pattern ?? 'gpt2');
  }

  private setMerges(merges: [number, number][]): void {
    const vocab: Uint8Array[] = [];
    for (let i = 0; i < 256; i++) vocab.push(Uint8Array.of(i));
    const ranks = new Map<number, number>();
    merges.forEach(([a, b], rank) => {
      const id = 256 + rank;
      if (!(a < id && b < id && a >= 0 && b >= 0)) throw new Error(`BpeTokenizer: merge ${rank} (${a}, ${b}) refers to a token that does not exist yet`);
      const bytes = new Uint8Array(vocab[a].length + vocab[b].length);
      bytes.set(vocab[a]);
      bytes.set(vocab[b], vocab[a].length);
      vocab.push(bytes);
      ranks.set(pairKey(a, b), rank);
    });
    this._merges = merges.map(([a, b]) => [a, b]);
    this.ranks = ranks;
    this.vocabBytes = vocab;
    this.cache.clear();
  }

  /** Applies merges to one chunk in the order they were learned (lowest rank first), as GPT-2 does. */
  private encodeChunk(bytes: Uint8Array): number[] {
    let ids = Array.from(bytes);
    while (ids.length >= 2) {
      let bestRank = Infinity;
      for (let i = 0; i + 1 < ids.length; i++) {
        const r = this.ranks.get(pairKey(ids[i], ids[i + 1]));
        if (r !== undefined && r < bestRank) bestRank = r;
      }
      if (bestRank === Infinity) break;
      const [a, b] = this._merges[bestRank];
      ids = mergePair(ids, a, b, 256 + bestRank);
    }
    return ids;
  }

  private idsToBytes(ids: ArrayLike<number>): Uint8Array {
    let total = 0;
    for (let i = 0; i < ids.length; i++) total += this.tokenBytes(ids[i]).length;
    const out = new Uint8Array(total);
    let o = 0;
    for (let i = 0; i < ids.length; i++) {
      const t = this.vocabBytes[ids[i]];
      out.set(t, o);
      o += t.length;
    }
    return out;
  }
}

/** Replaces every non-overlapping (a, b), left to right, with `id`. */
function mergePair(ids: number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(id);
      i++;
    } else out.push(ids[i]);
  }
  return out;
}
