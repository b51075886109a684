// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
// Loading the course validates it: an unknown or duplicate chapter id, a bad front matter or a
// missing logo stops the build here. COURSE_CONFIG=path builds another config than course.config.ts.
import { base, chapterIds, chapterTitle, course, courseStoragePrefix, isDraft } from './src/lib/course.ts';
import { remarkMdxChecks } from './src/lib/mdx-checks.ts';
import { rehypeScrollable } from './src/lib/rehype-scrollable.ts';
import { joinBase } from './src/lib/url.ts';
import { ISOLATION_HEADERS } from './src/lib/isolation.ts';
import { EXERCISES as neuronExercises } from './src/components/widgets/NeuronPlayground/neuronPlayground.ts';
import { searchIndex } from './src/lib/searchIndex.ts';
import { unusedRankFiles } from './src/lib/unusedRankFiles.ts';

const site = process.env.SITE_URL || course.site;
// The chapters this build numbers, in order: drafts only under `astro dev` (as src/lib/chapters.ts).
const isDev = process.argv.includes('dev');
const builtChapterIds = chapterIds.filter((id) => isDev || !isDraft(id));

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

/** @type {import('./src/lib/mdx-checks.ts').MdxChecksOptions} */
const mdxChecks = {
  order: builtChapterIds,
  title: chapterTitle,
  href: (id) => joinBase(base, `/chapters/${id}/`),
  // Widgets that take exercise="…", with the values each accepts.
  exercises: { NeuronPlayground: Object.keys(neuronExercises) },
};

export default defineConfig({
  base,
  ...(site ? { site } : {}),
  // The e2e harness builds a second copy with base /course/ into another folder.
  outDir: process.env.OUT_DIR || './dist',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // Cross-origin isolation under `astro dev` and `astro preview`: the CPU backend trains on threads.
  server: { headers: ISOLATION_HEADERS },
  integrations: [
    mdx(),
    svelte(),
    testPages,
    // With a site URL, pages get canonical links (BaseLayout) and the build a sitemap.
    ...(site ? [sitemap({ filter: (page) => !/\/(404|dev)\//.test(new URL(page).pathname) })] : []),
    // Last: indexes the built chapters for the header's search box.
    searchIndex(),
    unusedRankFiles(),
  ],
  markdown: {
    remarkPlugins: [remarkMath, [remarkMdxChecks, mdxChecks]],
    // KaTeX runs at build time: static math ships as HTML + CSS, no KaTeX JavaScript. Display
    // equations and tables then become focusable, so a reader on a phone can scroll a wide one
    // by keyboard.
    rehypePlugins: [[rehypeKatex, { strict: 'ignore' }], rehypeScrollable],
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
    // Every key the site stores in the reader's browser starts with this (src/lib/storage.ts).
    // and the chapter order, for links from widgets (src/lib/course-order.ts).
    define: {
      'import.meta.env.NTG_STORAGE_PREFIX': JSON.stringify(courseStoragePrefix),
      'import.meta.env.NTG_CHAPTERS': JSON.stringify(JSON.stringify(builtChapterIds)),
      // Titles of the widgets' own exercises, for the progress page (pages never import widget logic).
      'import.meta.env.NTG_WIDGET_EXERCISES': JSON.stringify(
        JSON.stringify({ NeuronPlayground: Object.fromEntries(Object.entries(neuronExercises).map(([k, v]) => [k, v.title])) }),
      ),
    },
  },
});
