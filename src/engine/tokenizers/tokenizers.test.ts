import { describe, it, expect } from 'vitest';
import { CharTokenizer } from './char';
import { BpeTokenizer } from './bpe';
import { uniformStream } from '../random';

function randomUnicode(rand: () => number, length: number): string {
  const ranges: [number, number][] = [
    [0x20, 0x7e], // ASCII
    [0x0a, 0x0a], // newline
    [0xc0, 0x24f], // Latin accents
    [0x300, 0x36f], // combining marks
    [0x391, 0x3c9], // Greek
    [0x4e00, 0x4eff], // CJK
    [0x1f300, 0x1f64f], // emoji
    [0x200d, 0x200d], // zero-width joiner
  ];
  let s = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = ranges[Math.floor(rand() * ranges.length)];
    s += String.fromCodePoint(lo + Math.floor(rand() * (hi - lo + 1)));
  }
  return s;
}

describe('CharTokenizer', () => {
  it('builds a sorted vocabulary and round-trips', () => {
    const tok = CharTokenizer.fromText('hello world');
    expect(tok.vocab.join('')).toBe(' dehlorw');
    expect(tok.vocabSize).toBe(8);
    const ids = tok.encode('hello');
    expect(ids).toEqual([3, 2, 4, 4, 5]);
    expect(tok.decode(ids)).toBe('hello');
  });

  it('treats an emoji as one character', () => {
    const tok = CharTokenizer.fromText('a🙂b');
    expect(tok.vocabSize).toBe(3);
    expect(tok.decode(tok.encode('🙂ab🙂'))).toBe('🙂ab🙂');
  });

  it('names every unknown character', () => {
    const tok = CharTokenizer.fromText('abc');
    expect(() => tok.encode('abxyx')).toThrow(/2 character\(s\) not in the vocabulary: "x", "y"/);
  });

  it('survives JSON', () => {
    const tok = CharTokenizer.fromText('the quick fox');
    const back = CharTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back.vocab).toEqual(tok.vocab);
  });
});

describe('BpeTokenizer', () => {
  it('learns the textbook merges of "aaabdaaabac" in order', () => {
    const tok = new BpeTokenizer();
    const steps = tok.train('aaabdaaabac', 259);
    const a = 97, b = 98;
    // aa → 256 (4 times), then ab → 257 (2 times, tied with (256, a) but smaller ids win),
    // then (256, 257) → 258: "aaabdaaabac" becomes X d X a c.
    expect(steps).toEqual([
      { rank: 0, pair: [a, a], id: 256, count: 4 },
      { rank: 1, pair: [a, b], id: 257, count: 2 },
      { rank: 2, pair: [256, 257], id: 258, count: 2 },
    ]);
    expect(tok.encode('aaabdaaabac')).toEqual([258, 100, 258, 97, 99]);
    expect(tok.tokenLabel(258)).toBe('aaab');
    expect(tok.vocabSize).toBe(259);
  });

  it('stops when no pair repeats', () => {
    const tok = new BpeTokenizer();
    const steps = tok.train('aaabdaaabac', 1000);
    expect(steps.length).toBe(3);
    expect(tok.vocabSize).toBe(259);
  });

  it('respects vocabSize and round-trips random Unicode, emoji and combining marks', () => {
    const rand = uniformStream(7);
    const corpus = randomUnicode(rand, 3000) + ' the cat sat on the mat '.repeat(50);
    const tok = new BpeTokenizer();
    const steps = tok.train(corpus, 300);
    expect(tok.vocabSize).toBe(300);
    expect(steps.map((s) => s.id)).toEqual(Array.from({ length: 44 }, (_, i) => 256 + i));
    for (let trial = 0; trial < 20; trial++) {
      const s = randomUnicode(rand, 200);
      const ids = tok.encode(s);
      expect(Math.max(...ids)).toBeLessThan(300);
      expect(tok.decode(ids)).toBe(s);
    }
    const family = '👨‍👩‍👧 e\u0301 naïve 🙂🙂';
    expect(tok.decode(tok.encode(family))).toBe(family);
  });

  it('compresses the training text and the counts match a rescan', () => {
    const text = 'the theme of the thesis is that the thermos is there. '.repeat(20);
    const tok = new BpeTokenizer();
    const steps = tok.train(text, 280, { pattern: 'none' });
    const ids = tok.encode(text);
    expect(ids.length).toBeLessThan(text.length / 4);
    // Replaying the merges with full rescans gives the same count at every step.
    let seq = Array.from(new TextEncoder().encode(text));
    for (const s of steps) {
      let c = 0;
      for (let i = 0; i + 1 < seq.length; i++) if (seq[i] === s.pair[0] && seq[i + 1] === s.pair[1]) c++;
      expect(c).toBe(s.count);
      const out: number[] = [];
      for (let i = 0; i < seq.length; i++) {
        if (i + 1 < seq.length && seq[i] === s.pair[0] && seq[i + 1] === s.pair[1]) { out.push(s.id); i++; } else out.push(seq[i]);
      }
      seq = out;
    }
    expect(seq).toEqual(ids);
  });

  it('keeps merges inside GPT-2 chunks and survives JSON', () => {
    const tok = new BpeTokenizer();
    tok.train('hello world hello world hello world', 270);
    for (let id = 256; id < tok.vocabSize; id++) expect(tok.tokenLabel(id).trimStart()).not.toMatch(/\s/);
    const back = BpeTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back.encode('hello world')).toEqual(tok.encode('hello world'));
    expect(tok.encode('hello world').length).toBe(2);
  });

  it('labels partial UTF-8 tokens as bytes', () => {
    const tok = new BpeTokenizer();
    expect(tok.tokenLabel(0xf0)).toBe('\\xf0');
    expect(() => tok.decode([400])).toThrow(/out of range/);
    expect(() => tok.train('abc', 100)).toThrow(/at least 256/);
  });
});
