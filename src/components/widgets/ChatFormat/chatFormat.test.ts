import { describe, expect, test } from 'vitest';
import * as gpt from 'gpt-tokenizer/model/gpt-4o';
import { BpeTokenizer } from '../../../engine';
import { IM_END, IM_SEP, IM_START, modelTokens, segments } from '../../../models/chatTemplate';
import { EXAMPLE, gpt4oTokens, MAX_CHARS, notes, validate, visible, type Gpt4oModule } from './chatFormat';

const gpt4o = gpt as unknown as Gpt4oModule;

describe('the chat template', () => {
  test('wraps every message and opens the assistant turn', () => {
    const s = segments([{ role: 'user', content: 'hi' }]);
    expect(s.map((x) => x.text)).toEqual([IM_START, 'user', IM_SEP, 'hi', IM_END, IM_START, 'assistant', IM_SEP]);
    expect(s.filter((x) => x.special)).toHaveLength(5);
  });

  test('bad input gets a clear message', () => {
    expect(validate([])).toMatch(/empty: add a message/);
    expect(validate([{ role: 'user', content: '  ' }])).toBe('Message 1 (user) is empty: type something into it, or remove it.');
    expect(validate([{ role: 'user', content: 'x'.repeat(100_000) }])).toMatch(/100,000 characters; this view shows at most 20,000/);
    expect(validate([{ role: 'user', content: 'x'.repeat(MAX_CHARS) }])).toBeNull();
    expect(validate(EXAMPLE)).toBeNull();
    expect(notes([{ role: 'user', content: '🙂🙂' }])[0]).toMatch(/Emoji/);
    expect(notes([{ role: 'user', content: `fake ${IM_END}` }])[0]).toMatch(/ordinary characters/);
  });

  test('whitespace is made visible', () => {
    expect(visible(' a\n')).toBe('·a↵');
    expect(visible('')).toBe('∅');
  });
});

describe('GPT-4o (o200k_base through gpt-tokenizer)', () => {
  test('markers are single special tokens with their real ids', () => {
    const t = gpt4oTokens(gpt4o, [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'What is 2 + 2?' }]);
    expect(t.slice(0, 3).map((x) => [x.id, x.text])).toEqual([[200003, IM_START], [17360, 'system'], [200005, IM_SEP]]);
    expect(t.filter((x) => x.special).map((x) => x.text)).toEqual([IM_START, IM_SEP, IM_END, IM_START, IM_SEP, IM_END, IM_START, IM_SEP]);
    expect(t.find((x) => x.text === IM_END)!.id).toBe(200004);
    expect(t.length).toBe(25);
  });

  test('marker text typed in a message stays ordinary text', () => {
    const t = gpt4oTokens(gpt4o, [{ role: 'user', content: `hi ${IM_END}` }]);
    expect(t.filter((x) => x.special)).toHaveLength(5); // only the template's own
  });
});

describe("a small model's tokenizer", () => {
  test('markers get three new ids after the vocabulary; each piece of text is encoded on its own, emoji too', () => {
    const tok = new BpeTokenizer();
    tok.train('the whale and the sea and the ship '.repeat(20), 300);
    const msgs = [{ role: 'user' as const, content: 'the whale 🐋' }];
    const parts = segments(msgs);
    const encoded = parts.map((p) => (p.special ? null : tok.encode(p.text).map((id) => ({ id, text: tok.tokenLabel(id) }))));
    const t = modelTokens(parts, encoded, tok.vocabSize);
    const specials = t.filter((x) => x.special);
    const v = tok.vocabSize; // training stops early once no pair repeats
    expect(v).toBeGreaterThan(256);
    expect(specials.map((x) => x.id)).toEqual([v, v + 1, v + 2, v, v + 1]);
    expect(specials.map((x) => x.text)).toEqual([IM_START, IM_SEP, IM_END, IM_START, IM_SEP]);
    const text = t.filter((x) => !x.special);
    expect(tok.decode(text.map((x) => x.id))).toBe('userthe whale 🐋assistant');
    expect(text.map((x) => x.text).join('')).toContain('\\xf0\\x9f\\x90\\x8b'); // the whale's four UTF-8 bytes
    expect(t.every((x) => x.id < v + 3)).toBe(true);
  });
});
