// The book's search index, built with the site: after `astro build` writes its pages, Pagefind
// indexes the chapters (nothing else: not the home page, About, Sources, 404 or test pages) into
// <outDir>/pagefind/. The index is static files that the header's search box fetches on first use,
// so search works on any static host, under any base path.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readdirSync, rmSync } from 'node:fs';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/** Pages the index holds, relative to the output folder. */
export const INDEXED_PAGES = 'chapters/*/index.html';

/** Indexes the built chapters of `outDir` into `outDir/pagefind/`; returns how many pages went in. */
export async function buildSearchIndex(outDir: string): Promise<number> {
  try {
    const { index, errors } = await pagefind.createIndex({
      forceLanguage: 'en',
      // KaTeX writes each formula twice, as MathML (with its TeX source) for screen readers and as
      // HTML; excerpts read better with the HTML copy alone.
      excludeSelectors: ['.katex-mathml'],
    });
    if (!index) throw new Error(errors.join('\n'));
    const added = await index.addDirectory({ path: outDir, glob: INDEXED_PAGES });
    if (added.errors.length) throw new Error(added.errors.join('\n'));
    if (added.page_count === 0) throw new Error(`no chapter pages found in ${outDir}/chapters/`);
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length) throw new Error(written.errors.join('\n'));
    // The header's own search box uses pagefind.js alone: Pagefind's ready-made UIs are not shipped.
    for (const f of readdirSync(join(outDir, 'pagefind')))
      if (/^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(f)) rmSync(join(outDir, 'pagefind', f));
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

/** Astro integration: runs buildSearchIndex at the end of every `astro build`. */
export function searchIndex(): AstroIntegration {
  return {
    name: 'neuron-to-gpt:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const t = Date.now();
        let pages: number;
        try {
          pages = await buildSearchIndex(outDir);
        } catch (e) {
          throw new Error(`Building the search index (Pagefind) failed: ${(e as Error).message}`);
        }
        logger.info(`search index: ${pages} chapters indexed into pagefind/ in ${Date.now() - t} ms`);
      },
    },
  };
}
