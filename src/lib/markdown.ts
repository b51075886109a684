// Markdown the course config names (home introduction, About text) rendered to HTML at build time,
// with the same Markdown settings as the chapters (math included).
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

let processor: ReturnType<typeof createMarkdownProcessor> | undefined;

/** HTML for a Markdown text; undefined for none. */
export async function renderMarkdown(text: string | undefined): Promise<string | undefined> {
  if (text === undefined) return undefined;
  processor ??= createMarkdownProcessor({ remarkPlugins: [remarkMath], rehypePlugins: [[rehypeKatex, { strict: 'ignore' }]] });
  return (await (await processor).render(text)).code;
}
