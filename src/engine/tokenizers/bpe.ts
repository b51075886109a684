// Byte-level byte-pair encoding, as GPT-2 does it (and Karpathy's minbpe explains it): text becomes
// UTF-8 bytes (ids 0–255), and training repeatedly merges the most frequent adjacent pair of ids
// into a new id (256, 257, …). Any string round-trips, emoji included, because every byte is a
// token to begin with. Like GPT-2, text is first split into word-like chunks (letters, digits,
// punctuation, spaces) so merges never cross those boundaries; `pattern: 'none'` turns that off.
//
// The same class also loads OpenAI's real vocabularies (`fromTiktoken`): there a token's id is its
// rank in the file and merging goes by ranks (ranks.ts), so it encodes exactly as GPT-2, GPT-4 and
// GPT-4o do. Special tokens (`<|endoftext|>`, chat markers) are whole tokens outside the merges,
// matched in the text only where the caller allows them (special.ts).
import { isPattern, splitChunks, type BpePattern } from './patterns';
import { RankTable } from './ranks';
import { BpeTrainerState, type MergeStep } from './trainer';
import { DEFAULT_SPECIALS, splitOnSpecials, type AllowedSpecial } from './special';

export type { BpePattern } from './patterns';
export type { MergeStep } from './trainer';

export interface BpeTokenizerJSON {
  type: 'bpe';
  pattern: BpePattern;
  merges: [number, number][];
  /** Special tokens and their ids (after the merges); absent when there are none. */
  special?: Record<string, number>;
}

export interface BpeTrainOptions {
  pattern?: BpePattern;
  /** Called after each merge (e.g. to animate training). */
  onMerge?: (step: MergeStep) => void;
}

export interface EncodeOptions {
  /** Special tokens to recognise in the text ('all', or their names); any other is encoded as plain text. */
  allowedSpecial?: AllowedSpecial;
}

export interface TiktokenOptions {
  pattern: Exclude<BpePattern, 'none'>;
  /** Special tokens and their ids; defaults to the encoding's own (as gpt-tokenizer defines them). */
  special?: Record<string, number>;
}

// A pair of ids packed into one number so it can key a Map; ids stay far below 2^21.
const ID_BITS = 2 ** 21;
const pairKey = (a: number, b: number): number => a * ID_BITS + b;

const utf8 = new TextEncoder();

/** A chunk's UTF-8 bytes as a binary string (one char per byte), the key RankTable uses. */
function binaryString(chunk: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(chunk)) return chunk;
  const bytes = utf8.encode(chunk);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

export class BpeTokenizer {
  private _merges: [number, number][] = [];
  private ranks = new Map<number, number>();
  /** id → the bytes it stands for (trained tokenizers). */
  private vocabBytes: Uint8Array[] = [];
  /** The loaded vocabulary, for tokenizers made by fromTiktoken. */
  private table: RankTable | null = null;
  private special = new Map<string, number>();
  private specialById = new Map<number, string>();
  private cache = new Map<string, number[]>();
  private _pattern: BpePattern;

  constructor(merges: [number, number][] = [], pattern: BpePattern = 'gpt2') {
    if (!isPattern(pattern)) throw new Error(`BpeTokenizer: unknown pattern "${String(pattern)}"; use gpt2, cl100k, o200k or none`);
    this._pattern = pattern;
    this.setMerges(merges);
  }

  /**
   * A tokenizer that encodes exactly as OpenAI's: `ranksText` is a tiktoken rank file (gpt-tokenizer
   * ships them in `data/`: r50k_base for GPT-2 and GPT-3 with pattern 'gpt2', cl100k_base for GPT-4
   * with 'cl100k', o200k_base for GPT-4o with 'o200k'). Ids are the ranks.
   */
  static fromTiktoken(ranksText: string, options: TiktokenOptions): BpeTokenizer {
    if (!options || !isPattern(options.pattern) || (options.pattern as BpePattern) === 'none') {
      throw new Error(`BpeTokenizer.fromTiktoken: pattern must be 'gpt2', 'cl100k' or 'o200k', got ${JSON.stringify(options?.pattern)}`);
    }
    const tok = new BpeTokenizer([], options.pattern);
    tok.table = RankTable.parse(ranksText);
    tok.setSpecials(options.special ?? DEFAULT_SPECIALS[options.pattern]);
    return tok;
  }

  /** Merges in the order they were learned (empty for a loaded tiktoken vocabulary). */
  get merges(): readonly (readonly [number, number])[] {
    return this._merges;
  }

  get pattern(): BpePattern {
    return this._pattern;
  }

  /** Number of ids: byte tokens, merges (or ranks) and special tokens (one past the highest id). */
  get vocabSize(): number {
    let end = this.table ? this.table.end : 256 + this._merges.length;
    for (const id of this.specialById.keys()) end = Math.max(end, id + 1);
    return end;
  }

  /** Number of ordinary (non-special) tokens: 256 bytes + merges, or the rank file's entries. */
  get mergeableCount(): number {
    return this.table ? this.table.count : 256 + this._merges.length;
  }

  /** Special tokens by name, with their ids. */
  get specialTokens(): Record<string, number> {
    return Object.fromEntries(this.special);
  }

  /**
   * Learns merges from `text` until the vocabulary has `vocabSize` tokens, or until no pair occurs
   * twice. Replaces any earlier merges and returns every merge in order (see BpeTrainerState).
   * Special tokens already registered keep their names and move to the ids after the new merges.
   */
  train(text: string, vocabSize: number, options: BpeTrainOptions = {}): MergeStep[] {
    if (this.table) throw new Error('BpeTokenizer.train: this tokenizer is a loaded tiktoken vocabulary; train a new BpeTokenizer() instead');
    if (!Number.isInteger(vocabSize) || vocabSize < 256) {
      throw new Error(`BpeTokenizer.train: vocabSize must be an integer of at least 256 (the byte tokens), got ${vocabSize}`);
    }
    if (options.pattern) {
      if (!isPattern(options.pattern)) throw new Error(`BpeTokenizer.train: unknown pattern "${String(options.pattern)}"`);
      this._pattern = options.pattern;
    }
    const state = new BpeTrainerState(text, this._pattern);
    const steps: MergeStep[] = [];
    while (state.vocabSize < vocabSize) {
      const step = state.step(1);
      if (!step) break;
      steps.push(step.merge);
      options.onMerge?.(step.merge);
    }
    const names = [...this.special.keys()];
    this.setMerges(state.merges);
    this.setSpecials({});
    this.addSpecialTokens(names);
    return steps;
  }

  /** Registers special tokens with the next free ids (after the merges); returns their ids. Known names keep theirs. */
  addSpecialTokens(names: readonly string[]): number[] {
    return names.map((name) => {
      if (typeof name !== 'string' || name.length === 0) throw new Error('BpeTokenizer.addSpecialTokens: a special token needs a non-empty name');
      const known = this.special.get(name);
      if (known !== undefined) return known;
      const id = this.vocabSize;
      this.special.set(name, id);
      this.specialById.set(id, name);
      return id;
    });
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    const out: number[] = [];
    for (const part of splitOnSpecials(text, this.special, options.allowedSpecial)) {
      if (typeof part === 'number') out.push(part);
      else this.encodeOrdinary(part, out);
    }
    return out;
  }

  /** Text for a list of ids. Byte sequences that are not valid UTF-8 (a lone piece of an emoji) show as U+FFFD. */
  decode(ids: ArrayLike<number>): string {
    return new TextDecoder('utf-8').decode(this.idsToBytes(ids));
  }

  /** Whether `id` is a special token. */
  isSpecial(id: number): boolean {
    return this.specialById.has(id);
  }

  /** The bytes token `id` stands for (a special token: the UTF-8 of its name). */
  tokenBytes(id: number): Uint8Array {
    const name = this.specialById.get(id);
    if (name !== undefined) return utf8.encode(name);
    if (this.table) {
      if (this.table.has(id)) return this.table.bytes(id);
    } else {
      const bytes = this.vocabBytes[id];
      if (bytes) return bytes;
    }
    throw new Error(`BpeTokenizer: token id ${id} is out of range for a vocabulary of ${this.vocabSize}`);
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
    if (this.table) throw new Error('BpeTokenizer.toJSON: a tiktoken vocabulary is saved as its rank file, not as merges');
    const json: BpeTokenizerJSON = { type: 'bpe', pattern: this._pattern, merges: this._merges.map(([a, b]) => [a, b]) };
    if (this.special.size) json.special = this.specialTokens;
    return json;
  }

  static fromJSON(json: BpeTokenizerJSON): BpeTokenizer {
    if (json?.type !== 'bpe' || !Array.isArray(json.merges)) throw new Error('BpeTokenizer.fromJSON: expected { type: "bpe", pattern, merges: [number, number][] }');
    const tok = new BpeTokenizer(json.merges, json.pattern ?? 'gpt2');
    if (json.special) tok.setSpecials(json.special);
    return tok;
  }

  private encodeOrdinary(text: string, out: number[]): void {
    for (const chunk of splitChunks(text, this._pattern)) {
      let ids = this.cache.get(chunk);
      if (!ids) {
        ids = this.table ? this.table.encode(binaryString(chunk)) : this.encodeChunk(utf8.encode(chunk));
        if (this.cache.size < 100_000) this.cache.set(chunk, ids);
      }
      for (let i = 0; i < ids.length; i++) out.push(ids[i]);
    }
  }

  private setSpecials(special: Record<string, number>): void {
    this.special = new Map();
    this.specialById = new Map();
    const ordinaryEnd = this.table ? this.table.end : 256 + this._merges.length;
    for (const [name, id] of Object.entries(special)) {
      if (!name || !Number.isInteger(id) || id < 0) throw new Error(`BpeTokenizer: special token ${JSON.stringify(name)} needs a non-negative integer id, got ${id}`);
      const clash = this.specialById.get(id);
      if (clash !== undefined || (this.table ? this.table.has(id) : id < ordinaryEnd)) {
        throw new Error(`BpeTokenizer: special token ${name} cannot take id ${id}: it already belongs to ${clash ?? 'an ordinary token'}`);
      }
      this.special.set(name, id);
      this.specialById.set(id, name);
    }
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
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < ids.length; i++) {
      const t = this.tokenBytes(ids[i]);
      parts.push(t);
      total += t.length;
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (const t of parts) {
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
