// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
// Loading the course validates it: an unknown or duplicate chapter id stops the build here.
import { course } from './src/lib/course.ts';
import { resolveBase } from './src/lib/course-schema.ts';
import { searchIndex } from './src/lib/searchIndex.ts';

const base = resolveBase(course, process.env.BASE_PATH);
const site = process.env.SITE_URL || course.site;

// Pages for the browser tests only (src/dev/): routed when the e2e harness asks, never in a
// production build. The harness checks that its production-like build has none of them.
const testPages = {
  name: 'neuron-to-gpt:test-pages',
  hooks: {
    /** @param {{ injectRoute: (r: { pattern: string; entrypoint: string }) => void }} options */
    'astro:config:setup': ({ injectRoute }) => {
      if (process.env.NTG_TEST_PAGES !== '1') return;
      injectRoute({ pattern: '/dev/webgpu-train', entrypoint: './src/dev/webgpu-train.astro' });
    },
  },
};

export default defineConfig({
  base,
  ...(site ? { site } : {}),
  // The e2e harness builds a second copy with base /course/ into another folder.
  outDir: process.env.OUT_DIR || './dist',
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [
    mdx(),
    svelte(),
    testPages,
    // With a site URL, pages get canonical links (BaseLayout) and the build a sitemap.
    ...(site ? [sitemap({ filter: (page) => !/\/(404|dev)\//.test(new URL(page).pathname) })] : []),
    // Last: indexes the built chapters for the header's search box.
    searchIndex(),
  ],
  markdown: {
    remarkPlugins: [remarkMath],
    // KaTeX runs at build time: static math ships as HTML + CSS, no KaTeX JavaScript.
    rehypePlugins: [[rehypeKatex, { strict: 'ignore' }]],
    shikiConfig: {
      // These two pass axe colour-contrast checks; github-light/github-dark do not.
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: false,
      wrap: false,
    },
  },
  vite: {
    resolve: { alias: { engine: new URL('./src/engine/index.ts', import.meta.url).pathname } },
    worker: { format: 'es' },
  },
});
