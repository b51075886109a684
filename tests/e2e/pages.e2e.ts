// Walks every page of both builds in Chromium: no console errors, every widget ready, axe clean;
// under base /course/ every link and resource on every page must resolve inside /course/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, launchBrowser, openPage, waitForWidgets } from './harness/browser';
import { builds, listPages } from './harness/site';

const pages = listPages(builds.site.outDir);
const coursePages = listPages(builds.course.outDir);

test('the build has the home, about, sources and every chapter page (and the test build its test pages)', () => {
  expect(pages.filter((p) => !p.startsWith('dev/'))).toEqual(coursePages);
  expect(pages).toContain('dev/webgpu-train/');
  for (const p of ['', 'about/', 'sources/', 'chapters/01-neuron/']) expect(pages).toContain(p);
});

test('built HTML has no KaTeX errors and no links that skip the /course/ base', () => {
  for (const p of coursePages) {
    const html = readFileSync(join(builds.course.outDir, p, 'index.html'), 'utf8');
    expect(html, `katex-error in ${p}`).not.toContain('katex-error');
    const rootRelative = [...html.matchAll(/\s(?:href|src|component-url|renderer-url|before-hydration-url)="(\/[^"]*)"/g)]
      .map((m) => m[1])
      .filter((u) => !u.startsWith('/course/') && !u.startsWith('//'));
    expect(rootRelative, `root-relative URLs ignoring the base in ${p}`).toEqual([]);
  }
});

for (const webgpu of [false, true]) {
  // The WebGPU run uses the light theme and the CPU run the dark one, so axe checks both palettes.
  const colorScheme = webgpu ? 'light' : 'dark';
  describe(`every page, ${webgpu ? 'with' : 'without'} WebGPU (${colorScheme} theme)`, () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => browser?.close());

    for (const path of pages)
      test(`/${path}`, async () => {
        const { page, errors, close } = await openPage(browser, path, { colorScheme });
        try {
          // With WebGPU over SwiftShader the badge's one-second probe can take tens of seconds on a busy machine.
          await waitForWidgets(page, 120_000);
          await checkA11y(page);
          expect(errors).toEqual([]);
        } finally {
          await close();
        }
      });
  });
}

describe('every page under base /course/', () => {
  let browser: Browser;
  const checked = new Map<string, number>();
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  for (const path of coursePages)
    test(`/course/${path}`, async () => {
      const { page, errors, root, close } = await openPage(browser, path, { base: 'course' });
      try {
        await waitForWidgets(page);
        const refs = await page.evaluate(() => {
          const attrs: [string, string][] = [
            ['a[href]', 'href'], ['link[href]', 'href'], ['script[src]', 'src'], ['img[src]', 'src'],
            ['astro-island[component-url]', 'component-url'], ['astro-island[renderer-url]', 'renderer-url'],
          ];
          return attrs.flatMap(([sel, attr]) =>
            [...document.querySelectorAll(sel)].map((el) => new URL(el.getAttribute(attr)!, document.baseURI).href),
          );
        });
        const origin = new URL(root).origin;
        const bad: string[] = [];
        for (const ref of new Set(refs)) {
          const u = new URL(ref);
          if (u.origin !== origin) continue;
          if (!u.pathname.startsWith('/course/')) {
            bad.push(`${ref} (outside /course/)`);
            continue;
          }
          if (u.hash && u.pathname === new URL(page.url()).pathname) {
            const id = decodeURIComponent(u.hash.slice(1));
            if (!(await page.evaluate((i) => !!document.getElementById(i), id))) bad.push(`${ref} (no element #${id})`);
            continue;
          }
          const key = u.origin + u.pathname;
          if (!checked.has(key)) checked.set(key, (await fetch(key)).status);
          if (checked.get(key) !== 200) bad.push(`${ref} (HTTP ${checked.get(key)})`);
        }
        expect(bad).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
});
