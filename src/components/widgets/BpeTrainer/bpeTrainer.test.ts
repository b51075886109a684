import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../../../engine';
import { checkText, checkVocabSize, decodeTextFile, DEFAULT_TEXT, MAX_CHARS, SPAN_WINDOW, TrainerSession } from './bpeTrainer';

describe('BpeTrainer logic', () => {
  it('answers bad text in words', () => {
    expect(checkText('')).toEqual({ ok: false, message: expect.stringMatching(/empty/) });
    expect(checkText('   \n')).toMatchObject({ ok: false });
    expect(checkText('x'.repeat(MAX_CHARS + 1))).toEqual({ ok: false, message: expect.stringMatching(/300,001 characters/) });
    expect(checkText('😀🐳🌊')).toEqual({ ok: true, note: expect.stringMatching(/emoji/) });
    expect(checkText(DEFAULT_TEXT)).toEqual({ ok: true });
  });

  it('refuses binary files and accepts UTF-8 text', () => {
    expect(decodeTextFile(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 0), 'a.png')).toEqual({ error: expect.stringMatching(/"a.png" is not a text file/) });
    expect(decodeTextFile(Uint8Array.of(0x41, 0xff, 0x42), 'b.txt')).toEqual({ error: expect.stringMatching(/not UTF-8/) });
    expect(decodeTextFile(new TextEncoder().encode('héllo 🐳'), 'c.txt')).toEqual({ text: 'héllo 🐳' });
  });

  it('checks the target vocabulary', () => {
    expect(checkVocabSize('512', 256)).toEqual({ ok: true, value: 512 });
    expect(checkVocabSize('abc', 256)).toMatchObject({ ok: false, message: expect.stringMatching(/whole number/) });
    expect(checkVocabSize('', 256)).toMatchObject({ ok: false });
    expect(checkVocabSize('300', 300)).toMatchObject({ ok: false, message: expect.stringMatching(/already has 300/) });
    expect(checkVocabSize(1e6, 256)).toMatchObject({ ok: false, message: expect.stringMatching(/at most 20,000/) });
  });

  it('steps merges: fewer tokens, the winner first among the top pairs, spans that spell the text', () => {
    const s = new TrainerSession(DEFAULT_TEXT);
    const start = s.view();
    expect(start.merges).toBe(0);
    expect(start.tokens).toBe(new TextEncoder().encode(DEFAULT_TEXT).length);
    expect(s.step()).toBe(true);
    const v = s.view();
    expect(v.merges).toBe(1);
    expect(v.vocab).toBe(257);
    expect(v.tokens).toBeLessThan(start.tokens);
    expect(v.curve).toEqual([start.tokens, v.tokens]);
    expect(v.last!.top[0]).toEqual({ a: v.last!.pair[0], b: v.last!.pair[1], count: v.last!.count });
    expect(v.last!.label).toBe(v.last!.pair.join(''));
    expect(new BpeTokenizer(v.mergeList).decode(v.spans.map(([id]) => id))).toBe(DEFAULT_TEXT);
    // The em dash is three bytes, still unmerged: shown as bytes, never as U+FFFD.
    expect(v.spans.map(([, l]) => l).join('')).toContain('ago<0xE2><0x80><0x94>never');
    for (let i = 0; i < 50; i++) s.step();
    expect(s.view().tokens).toBeLessThan(v.tokens);
  });

  it('draws only a window of a long text, and says when nothing is left to merge', () => {
    const long = new TrainerSession(DEFAULT_TEXT.repeat(90)); // about 100k characters
    const v = long.view();
    expect(v.spans.length).toBe(SPAN_WINDOW);
    expect(v.tokens).toBeGreaterThan(SPAN_WINDOW);
    const tiny = new TrainerSession('abcd');
    expect(tiny.step()).toBe(false);
    expect(tiny.view().exhausted).toBe(true);
  });
});
