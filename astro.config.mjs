// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
// Loading the course validates it: an unknown or duplicate chapter id stops the build here.
import { course } from './src/lib/course.ts';
import { resolveBase } from './src/lib/course-schema.ts';

const base = resolveBase(course, process.env.BASE_PATH);
const site = process.env.SITE_URL || course.site;

export default defineConfig({
  base,
  ...(site ? { site } : {}),
  // The e2e harness builds a second copy with base /course/ into another folder.
  outDir: process.env.OUT_DIR || './dist',
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [mdx(), svelte()],
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
