// GPT-2/4/4o's rank files (megabytes each) are fetched only by the tokenizer widgets' worker, but
// Vite emits each one twice: once for the worker bundle, which uses it, and once more for the
// page build, which renders the same engine module on the server and links the copy from nowhere.
// After `astro build`, this drops every rank file in `_astro/` that no built script or page names,
// so a deploy carries each vocabulary once.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AstroIntegration } from 'astro';

/** Removes `.tiktoken` files of `<outDir>/_astro` that no .js, .html or .css file there mentions; returns their names. */
export function removeUnusedRankFiles(outDir: string): string[] {
  const assets = join(outDir, '_astro');
  const files = readdirSync(assets);
  const ranks = files.filter((f) => f.endsWith('.tiktoken'));
  if (ranks.length === 0) return [];
  const texts = [
    ...files.filter((f) => /\.(js|css)$/.test(f)).map((f) => readFileSync(join(assets, f), 'utf8')),
    ...readdirSync(outDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.html'))
      .map((f) => readFileSync(join(outDir, f), 'utf8')),
  ];
  const unused = ranks.filter((name) => !texts.some((t) => t.includes(name)));
  for (const name of unused) rmSync(join(assets, name));
  return unused;
}

/** Astro integration: runs removeUnusedRankFiles at the end of every `astro build`. */
export function unusedRankFiles(): AstroIntegration {
  return {
    name: 'ntg-unused-rank-files',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const removed = removeUnusedRankFiles(fileURLToPath(dir));
        if (removed.length) logger.info(`removed ${removed.length} rank file copies no page uses: ${removed.join(', ')}`);
      },
    },
  };
}
