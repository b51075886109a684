// The book's frame: theme toggle remembered, phone layout without sideways scrolling, chapter
// readable without JavaScript, navigation in order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chapterIds } from '../../src/lib/course';
import { launchBrowser, openPage, siteUrl } from './harness/browser';
import { builds } from './harness/site';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

test('the theme follows the system, and a toggle click is remembered across reloads', async () => {
  const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/', { colorScheme: 'dark' });
  const toggle = page.locator('.theme-toggle');
  expect(await toggle.getAttribute('aria-pressed')).toBe('true');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await bg()).toBe('rgb(20, 23, 28)');
  await toggle.click();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  expect(await bg()).toBe('rgb(255, 255, 255)');
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  expect(errors).toEqual([]);
  await close();
});

test('on a phone-sized screen the chapter does not scroll sideways', async () => {
  const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/', { viewport: { width: 375, height: 800 } });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await page.locator('#book-nav').isVisible()).toBe(true);
  expect(errors).toEqual([]);
  await close();
});

test('without JavaScript the chapter still has its prose, math and static figures', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(siteUrl('chapters/01-neuron/'));
  expect(await page.locator('h1').textContent()).toBe('One neuron');
  expect(await page.locator('.katex').count()).toBeGreaterThan(20);
  expect(await page.locator('.act-fig svg path.curve').count()).toBe(4);
  expect(await page.locator('[data-widget="NeuronPlayground"] svg .pt').count()).toBe(3 * 8);
  await context.close();
});

test('home lists the chapters in course order and the start button opens chapter 1', async () => {
  const { page, errors, close } = await openPage(browser, '');
  const listed = await page.locator('.chapter-list a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(listed).toEqual(chapterIds.map((id) => `/chapters/${id}/`));
  await page.getByRole('link', { name: /Start with chapter 1/ }).click();
  await page.waitForURL(/\/chapters\/01-neuron\/$/);
  expect(await page.locator('[aria-current="page"]').textContent()).toContain('One neuron');
  expect(await page.locator('[data-progress-for="01-neuron"]').count()).toBe(1);
  expect(errors).toEqual([]);
  await close();
});

test('the published build has no test-only page and no trace of its code', () => {
  const dist = builds.course.outDir; // built without NTG_TEST_PAGES, as for GitHub Pages
  expect(existsSync(join(dist, 'dev'))).toBe(false);
  const scripts = readdirSync(join(dist, '_astro')).filter((f) => f.endsWith('.js'));
  const leaks = scripts.filter((f) => /WebGpuTrainCheck|destroy-device/.test(readFileSync(join(dist, '_astro', f), 'utf8')));
  expect(leaks).toEqual([]);
  expect(existsSync(join(builds.site.outDir, 'dev/webgpu-train/index.html'))).toBe(true); // the test build has it
});
