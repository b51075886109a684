import { describe, expect, it } from 'vitest';
import { encode as gpt4 } from 'gpt-tokenizer/encoding/cl100k_base';
import { encode as gpt4o } from 'gpt-tokenizer/encoding/o200k_base';
import { encode as gpt2 } from 'gpt-tokenizer/encoding/r50k_base';
import { checkText, encodeChars, encodeReal, MAX_CHARS, SPAN_WINDOW } from './tokenizerCompare';

describe('TokenizerCompare logic', () => {
  it('counts as GPT-2, GPT-4 and GPT-4o do, and labels split characters as bytes', async () => {
    const text = 'How many r’s in strawberry? 🍓 naïve 東京 1234567';
    expect((await encodeReal('gpt2', text)).count).toBe(gpt2(text).length);
    expect((await encodeReal('gpt4', text)).count).toBe(gpt4(text).length);
    const o = await encodeReal('gpt4o', text);
    expect(o.count).toBe(gpt4o(text).length);
    expect(o.spans.map(([id]) => id)).toEqual(gpt4o(text));
    const emoji = await encodeReal('gpt2', '🍓');
    expect(emoji.spans.map(([, l]) => l).join('')).toMatch(/^(<0x[0-9A-F]{2}>)+$/);
    expect(emoji.spans.some(([, l]) => l.includes('�'))).toBe(false);
  });

  it('counts characters as code points and windows the spans', () => {
    expect(encodeChars('a🍓b')).toEqual({ count: 3, vocab: 0x110000, spans: [[97, 'a'], [0x1f353, '🍓'], [98, 'b']] });
    expect(encodeChars('x'.repeat(1000)).spans.length).toBe(SPAN_WINDOW);
  });

  it('answers bad text in words', () => {
    expect(checkText('')).toMatchObject({ ok: false, message: expect.stringMatching(/empty/) });
    expect(checkText('y'.repeat(MAX_CHARS + 1))).toMatchObject({ ok: false });
    expect(checkText('🍓🍓')).toMatchObject({ ok: true, note: expect.stringMatching(/Emoji/) });
  });
});
