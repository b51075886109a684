// Display equations and tables come out of the Markdown pipeline focusable, equations labelled by
// their TeX; inline math stays as KaTeX made it (it wraps with the text, so it never needs to scroll).
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { expect, test } from 'vitest';
import { rehypeScrollable } from './rehype-scrollable';

const html = async (markdown: string) =>
  String(await unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkRehype).use(rehypeKatex).use(rehypeScrollable).use(rehypeStringify).process(markdown));

test('a display equation is a focusable group named by its TeX', async () => {
  const out = await html('$$\n\\sigma(z) =\n  \\frac{1}{1 + e^{-z}}\n$$\n');
  expect(out).toMatch(/^<span class="katex-display" tabindex="0" role="group" aria-label="Equation: \\sigma\(z\) = \\frac\{1\}\{1 \+ e\^\{-z\}\}">/);
});

test('every display equation on a page gets one, and inline math none', async () => {
  const out = await html('Inline $x^2$ here.\n\n$$\na\n$$\n\nAnd $y$.\n\n$$\nb + c\n$$\n');
  expect(out.match(/tabindex="0"/g)).toHaveLength(2);
  expect(out).toContain('aria-label="Equation: a"');
  expect(out).toContain('aria-label="Equation: b + c"');
  expect(out.match(/<span class="katex">/g)?.length).toBe(4);
});

test('a table is focusable and stays a table', async () => {
  const out = await html('| z | -1 | 0 |\n|---|---|---|\n| ReLU | 0 | 0 |\n');
  expect(out).toMatch(/^<table tabindex="0">/);
  expect(out).not.toContain('role=');
});
