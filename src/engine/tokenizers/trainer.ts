// Byte-pair encoding training, one merge at a time (Sennrich et al. 2016; GPT-2's byte-level form;
// Karpathy's minbpe). The text becomes UTF-8 bytes split into chunks; each step finds the most
// frequent adjacent pair of ids and replaces it everywhere with a new id (256, 257, …).
import { splitChunks, type BpePattern } from './patterns';

/** One training merge, for showing training step by step. */
export interface MergeStep {
  /** 0-based order of the merge (the new token's id is 256 + rank). */
  rank: number;
  pair: [number, number];
  id: number;
  /** How often the pair occurred in the training text when it was merged. */
  count: number;
}

/** A pair and how often it occurs now. */
export interface PairCount {
  pair: [number, number];
  count: number;
}

/** What one step of `BpeTrainerState` did. */
export interface TrainerStep {
  merge: MergeStep;
  /** The most frequent pairs just before the merge, most frequent first (the winner is the first). */
  top: PairCount[];
  /** The bytes the new token stands for. */
  bytes: Uint8Array;
  /** Length of the training text in tokens after the merge. */
  tokens: number;
}

// A pair of ids packed into one number so it can key a Map; ids stay far below 2^21.
const ID_BITS = 2 ** 21;
const pairKey = (a: number, b: number): number => a * ID_BITS + b;
const unpack = (k: number): [number, number] => {
  const a = Math.floor(k / ID_BITS);
  return [a, k - a * ID_BITS];
};

const utf8 = new TextEncoder();

/**
 * Training in progress. Identical chunks are trained once, weighted by how often they occur; pair
 * counts are kept up to date as merges happen, and `where` remembers which chunks may hold a pair,
 * so a merge revisits only those chunks and only the pairs next to each merge change. Ties between
 * equally frequent pairs go to the pair with the smaller ids, so training is deterministic.
 */
export class BpeTrainerState {
  readonly merges: [number, number][] = [];
  private readonly words: number[][] = [];
  private readonly weights: number[] = [];
  private readonly counts = new Map<number, number>();
  private readonly where = new Map<number, Set<number>>();
  private readonly vocab: Uint8Array[] = [];
  private _tokens = 0;

  constructor(text: string, pattern: BpePattern = 'gpt2') {
    for (let i = 0; i < 256; i++) this.vocab.push(Uint8Array.of(i));
    const chunkCounts = new Map<string, number>();
    for (const c of splitChunks(text, pattern)) chunkCounts.set(c, (chunkCounts.get(c) ?? 0) + 1);
    for (const [chunk, n] of chunkCounts) {
      const word = Array.from(utf8.encode(chunk));
      const w = this.words.length;
      this.words.push(word);
      this.weights.push(n);
      this._tokens += word.length * n;
      for (let i = 0; i + 1 < word.length; i++) this.bump(pairKey(word[i], word[i + 1]), n, w);
    }
  }

  /** Length of the training text in tokens with the merges so far. */
  get tokens(): number {
    return this._tokens;
  }

  get vocabSize(): number {
    return 256 + this.merges.length;
  }

  /** The `k` most frequent pairs now, most frequent first (ties: smaller ids first). */
  topPairs(k = 5): PairCount[] {
    const best: [number, number][] = []; // [key, count], kept sorted
    for (const [key, c] of this.counts) {
      if (best.length === k) {
        const [lk, lc] = best[k - 1];
        if (c < lc || (c === lc && key > lk)) continue;
        best.pop();
      }
      let i = best.length;
      while (i > 0 && (best[i - 1][1] < c || (best[i - 1][1] === c && best[i - 1][0] > key))) i--;
      best.splice(i, 0, [key, c]);
    }
    return best.map(([key, count]) => ({ pair: unpack(key), count }));
  }

  /** Merges the most frequent pair; null when no pair occurs twice (a merge would learn nothing). */
  step(topK = 5): TrainerStep | null {
    const top = this.topPairs(Math.max(1, topK));
    if (!top.length || top[0].count < 2) return null;
    const [a, b] = top[0].pair;
    const bestKey = pairKey(a, b);
    const id = 256 + this.merges.length;
    for (const w of this.where.get(bestKey) ?? []) {
      const word = this.words[w];
      const n = this.weights[w];
      const out: number[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && word[i] === a && word[i + 1] === b) {
          // (prev, a) becomes (prev, new) and (b, next) becomes (new, next).
          if (out.length) {
            const prev = out[out.length - 1];
            this.bump(pairKey(prev, a), -n, w);
            this.bump(pairKey(prev, id), n, w);
          }
          if (i + 2 < word.length) {
            this.bump(pairKey(b, word[i + 2]), -n, w);
            this.bump(pairKey(id, word[i + 2]), n, w);
          }
          out.push(id);
          this._tokens -= n;
          i++;
        } else out.push(word[i]);
      }
      this.words[w] = out;
    }
    // Merging left to right leaves no (a, b) behind.
    this.counts.delete(bestKey);
    this.where.delete(bestKey);
    const bytes = new Uint8Array(this.vocab[a].length + this.vocab[b].length);
    bytes.set(this.vocab[a]);
    bytes.set(this.vocab[b], this.vocab[a].length);
    this.vocab.push(bytes);
    const merge: MergeStep = { rank: this.merges.length, pair: [a, b], id, count: top[0].count };
    this.merges.push([a, b]);
    return { merge, top, bytes, tokens: this._tokens };
  }

  private bump(k: number, n: number, w: number): void {
    const c = (this.counts.get(k) ?? 0) + n;
    if (c === 0) this.counts.delete(k);
    else this.counts.set(k, c);
    if (n > 0) {
      let set = this.where.get(k);
      if (!set) this.where.set(k, (set = new Set()));
      set.add(w);
    }
  }
}
