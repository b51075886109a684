import { describe, it, expect } from 'vitest';
import { splitText, trainCount } from './split';
import { prepareNames, splitNames, namesToText, namesTokenizer, NAMES_VOCAB } from './names';
import { sampleBatch } from './batch';
import { prepareCorpus } from './corpus';
import { shuffle } from './shuffle';
import { Generator } from '../tensor';

describe('splitText', () => {
  it('keeps the last 10% of characters for validation', () => {
    const text = 'abcdefghij'.repeat(10) + 'xyz'; // 103 characters
    const { train, val } = splitText(text);
    expect(train.length).toBe(92);
    expect(val).toBe(text.slice(92));
    expect(val.length).toBe(11);
    expect(train + val).toBe(text);
  });
  it('never cuts an emoji in half', () => {
    const { train, val } = splitText('🙂'.repeat(10));
    expect([...train].length).toBe(9);
    expect(val).toBe('🙂');
  });
  it('rejects a fraction outside (0, 1)', () => {
    expect(() => trainCount(10, 1)).toThrow(/between 0 and 1/);
  });
});

describe('names', () => {
  it('lowercases, keeps a–z only and drops repeats', () => {
    expect(prepareNames(['Emma', ' olivia ', 'EMMA', "O'Neil", 'Zoë', '', 'ava'])).toEqual(['emma', 'olivia', 'ava']);
    expect(prepareNames('Ann\r\nBob\n')).toEqual(['ann', 'bob']);
  });
  it('has 27 symbols with . first', () => {
    expect(NAMES_VOCAB.length).toBe(27);
    const tok = namesTokenizer();
    expect(tok.encode('.az.')).toEqual([0, 1, 26, 0]);
    expect(namesToText(['emma', 'ava'])).toBe('.emma.ava.');
  });
  it('holds out 10% by a seeded shuffle', () => {
    const letters = (i: number): string => (i < 26 ? '' : letters(Math.floor(i / 26) - 1)) + String.fromCharCode(97 + (i % 26));
    const names = Array.from({ length: 1001 }, (_, i) => letters(i));
    const a = splitNames(names, 42);
    const b = splitNames(names, 42);
    const c = splitNames(names, 43);
    expect(a.train.length).toBe(900);
    expect(a.val.length).toBe(101);
    expect(a).toEqual(b);
    expect(c.val).not.toEqual(a.val);
    expect(new Set([...a.train, ...a.val]).size).toBe(1001);
    expect(a.val).not.toEqual(names.slice(900)); // shuffled, not the tail
  });
  it('shuffles the same way for the same seed', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    expect(shuffle(xs, 1)).toEqual(shuffle(xs, 1));
    expect([...shuffle(xs, 1)].sort((p, q) => p - q)).toEqual(xs);
  });
});

describe('sampleBatch', () => {
  it('gives (B, T) inputs and targets shifted by one', async () => {
    const ids = Int32Array.from({ length: 100 }, (_, i) => i);
    const { x, y } = sampleBatch(ids, 8, 4, new Generator(3));
    expect(x.shape).toEqual([4, 8]);
    expect(y.shape).toEqual([4, 8]);
    const xs = (await x.toArray()) as number[][];
    const ys = (await y.toArray()) as number[][];
    for (let b = 0; b < 4; b++) {
      expect(xs[b][0]).toBeLessThanOrEqual(100 - 8 - 1);
      for (let t = 0; t < 8; t++) {
        expect(xs[b][t]).toBe(xs[b][0] + t);
        expect(ys[b][t]).toBe(xs[b][t] + 1);
      }
    }
    const again = sampleBatch(ids, 8, 4, new Generator(3));
    expect(await again.x.toArray()).toEqual(xs);
    for (const t of [x, y, again.x, again.y]) t.dispose();
  });
  it('says when the data is too short for the context', () => {
    expect(() => sampleBatch([1, 2, 3], 3, 1, new Generator(0))).toThrow(/3 tokens.*at least 4/);
  });
});

describe('prepareCorpus', () => {
  it('builds a char vocabulary of the whole text and splits 90/10', () => {
    const text = 'hello world, '.repeat(20) + 'zq';
    const c = prepareCorpus(text, 'prose');
    expect(c.tokenizer.vocab).toContain('z');
    expect(c.train.length).toBe(Math.floor(text.length * 0.9));
    expect(c.train.length + c.val.length).toBe(text.length);
    expect(c.tokenizer.decode(c.val)).toBe(text.slice(c.train.length));
  });
  it('turns names into . separated streams with 27 symbols', () => {
    const lines = Array.from({ length: 20 }, (_, i) => 'name' + 'abcdefghijklmnopqrst'[i]).join('\n');
    const c = prepareCorpus(lines, 'names', 1);
    expect(c.tokenizer.vocabSize).toBe(27);
    const train = c.tokenizer.decode(c.train);
    expect(train.split('.').filter(Boolean).length).toBe(18);
    expect(c.tokenizer.decode(c.val).split('.').filter(Boolean).length).toBe(2);
    expect(() => prepareCorpus('   ', 'prose')).toThrow(/empty/);
  });
});
