// Every chapter of the course compiles through the author checks the build runs
// (src/lib/mdx-checks.ts): no mistakes, no warnings, and every <ChapterLink> numbered by the
// course's order.
import { readFileSync } from 'node:fs';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { expect, test } from 'vitest';
import { chapterFile, chapterIds, chapterTitle } from '../../src/lib/course';
import { remarkMdxChecks } from '../../src/lib/mdx-checks';
import { EXERCISES } from '../../src/components/widgets/NeuronPlayground/neuronPlayground';

test.each(chapterIds)('chapter %s passes the author checks', async (id) => {
  const warnings: string[] = [];
  const source = readFileSync(chapterFile(id), 'utf8').replace(/^---[\s\S]*?\n---/, (m) => m.replace(/[^\n]/g, ''));
  const js = String(
    await compile(
      { value: source, path: chapterFile(id) },
      {
        remarkPlugins: [
          remarkMath,
          [remarkMdxChecks, { order: chapterIds, title: chapterTitle, href: (c: string) => `/chapters/${c}/`, exercises: { NeuronPlayground: Object.keys(EXERCISES) }, warn: (m: string) => warnings.push(m) }],
        ],
      },
    ),
  );
  expect(warnings).toEqual([]);
  const links = [...js.matchAll(/href: "\/chapters\/([^/]+)\/",\s*"data-chapter-link": "[^"]+",\s*children: "([^"]+)"/g)];
  for (const m of links) expect(m[2].toLowerCase()).toBe(`chapter ${chapterIds.indexOf(m[1]) + 1}`);
  expect(links.length).toBe(source.split('<ChapterLink').length - 1);
}, 60_000);
