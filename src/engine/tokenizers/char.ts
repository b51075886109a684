// Character-level tokenizer, as in nanoGPT's shakespeare_char: the vocabulary is the sorted set of
// characters in the text and a token id is a character's position in it. "Character" means a
// Unicode code point, so an emoji is one token rather than two UTF-16 halves.

export interface CharTokenizerJSON {
  type: 'char';
  vocab: string[];
}

const byCodePoint = (a: string, b: string): number => a.codePointAt(0)! - b.codePointAt(0)!;

export class CharTokenizer {
  /** id → character. */
  readonly vocab: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(vocab: readonly string[]) {
    const ids = new Map<string, number>();
    vocab.forEach((ch, i) => {
      if ([...ch].length !== 1) throw new Error(`CharTokenizer: vocabulary entry ${i} (${JSON.stringify(ch)}) is not a single character`);
      if (ids.has(ch)) throw new Error(`CharTokenizer: character ${JSON.stringify(ch)} appears twice in the vocabulary`);
      ids.set(ch, i);
    });
    this.vocab = [...vocab];
    this.ids = ids;
  }

  /** The vocabulary of `text`: its distinct characters sorted by code point (Python's sorted(set(text))). */
  static fromText(text: string): CharTokenizer {
    if (text.length === 0) throw new Error('CharTokenizer.fromText: the text is empty, so there are no characters to build a vocabulary from');
    return new CharTokenizer([...new Set(text)].sort(byCodePoint));
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  has(ch: string): boolean {
    return this.ids.has(ch);
  }

  encode(text: string): number[] {
    const out: number[] = [];
    let unknown: Set<string> | null = null;
    for (const ch of text) {
      const id = this.ids.get(ch);
      if (id === undefined) (unknown ??= new Set()).add(ch);
      else out.push(id);
    }
    if (unknown) {
      const list = [...unknown].slice(0, 20).map((c) => JSON.stringify(c)).join(', ');
      const more = unknown.size > 20 ? ` and ${unknown.size - 20} more` : '';
      throw new Error(`CharTokenizer.encode: ${unknown.size} character(s) not in the vocabulary: ${list}${more}`);
    }
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const ch = this.vocab[ids[i]];
      if (ch === undefined) throw new Error(`CharTokenizer.decode: id ${ids[i]} is out of range for a vocabulary of ${this.vocab.length}`);
      s += ch;
    }
    return s;
  }

  toJSON(): CharTokenizerJSON {
    return { type: 'char', vocab: [...this.vocab] };
  }

  static fromJSON(json: CharTokenizerJSON): CharTokenizer {
    if (json?.type !== 'char' || !Array.isArray(json.vocab)) throw new Error('CharTokenizer.fromJSON: expected { type: "char", vocab: string[] }');
    return new CharTokenizer(json.vocab);
  }
}
