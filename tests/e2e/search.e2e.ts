// Search: the header box finds words in the chapters with Pagefind, on the sub-path build
// (/course/) exactly as it is published. The index and pagefind.js load only on first use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkA11y, launchBrowser, openPage } from './harness/browser';
import { builds, listPages } from './harness/site';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser.close());

test('the index holds every chapter and nothing else (no home, About, 404 or test pages)', () => {
  for (const b of Object.values(builds)) {
    const chapters = listPages(b.outDir).filter((p) => p.startsWith('chapters/'));
    const entry = JSON.parse(readFileSync(join(b.outDir, 'pagefind/pagefind-entry.json'), 'utf8'));
    expect(entry.languages.en.page_count).toBe(chapters.length);
    expect(chapters.length).toBeGreaterThanOrEqual(11);
  }
  // The "/" build has a test page (src/dev/); the index must not have picked it up.
  expect(listPages(builds.site.outDir)).toContain('dev/webgpu-train/');
});

test('press /, type "softmax": chapters under /course/ are listed, and Enter opens one', async () => {
  const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/', { base: 'course' });
  const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  const box = page.locator('[data-search]');
  const input = box.locator('[data-control="search"]');
  await expect.poll(() => box.isVisible()).toBe(true);
  // Nothing of Pagefind loads with the page.
  await page.waitForLoadState('load');
  expect((await fetched()).filter((p) => p.includes('/pagefind/'))).toEqual([]);

  await page.locator('main h1').click(); // focus in the page, not in a field
  await page.keyboard.press('/');
  expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await input.inputValue()).toBe(''); // the "/" itself is not typed
  await page.keyboard.type('softmax');
  await expect.poll(() => box.locator('[data-search-status]').textContent(), { timeout: 15_000 }).toMatch(/mention “softmax”/);
  expect(await fetched()).toContain('/course/pagefind/pagefind.js');

  const links = box.locator('ol a');
  const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  expect(Number(await box.getAttribute('data-results'))).toBe(hrefs.length);
  // The chapters that say "softmax" include attention (7) and sampling (10); every link is a chapter under /course/.
  expect(hrefs.length).toBeGreaterThanOrEqual(5);
  for (const h of hrefs) expect(h).toMatch(/^\/course\/chapters\/\d\d-[a-z-]+\/$/);
  expect(hrefs).toEqual(expect.arrayContaining(['/course/chapters/07-attention/', '/course/chapters/10-sampling/']));
  expect(await box.locator('[data-search-status]').textContent()).toMatch(/^\d+ chapters mention “softmax”/);
  expect(await box.locator('ol mark').count()).toBeGreaterThan(0);
  await checkA11y(page);

  // Keyboard: ArrowDown walks the results, ArrowUp from the first goes back to the box.
  await page.keyboard.press('ArrowDown');
  expect(await links.nth(0).evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('ArrowDown');
  expect(await links.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
  // Escape closes the list and keeps the words.
  await page.keyboard.press('Escape');
  expect(await box.locator('.results').isHidden()).toBe(true);
  expect(await input.inputValue()).toBe('softmax');

  // Enter on the box opens the first result: that chapter, scrolled to the section with the word.
  const first = await links.nth(0).getAttribute('href');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.href.endsWith(first!));
  expect(new URL(page.url()).pathname).toBe(hrefs[0]);
  expect((await page.locator('main article').textContent())!.toLowerCase()).toContain('softmax');
  expect(errors).toEqual([]);
  await close();
});

test('"/" typed in a field stays in the field; a word no chapter has says so; dark theme passes axe', async () => {
  const { page, errors, close } = await openPage(browser, 'chapters/05-tokens/', { base: 'course', colorScheme: 'dark' });
  const box = page.locator('[data-search]');
  const input = box.locator('[data-control="search"]');
  await expect.poll(() => box.isVisible()).toBe(true);
  await input.focus();
  await page.keyboard.type('a/b');
  expect(await input.inputValue()).toBe('a/b');
  await input.fill('');
  // Pagefind falls back to matching the start of a word ("zzqxj" finds "z"), so the word that no
  // chapter has is in an alphabet the book never uses.
  await page.keyboard.type('жжж');
  const status = box.locator('[data-search-status]');
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('No chapter mentions “жжж”.');
  expect(await box.getAttribute('data-results')).toBe('0');
  expect(await box.locator('ol a').count()).toBe(0);
  await input.fill('');
  await page.keyboard.type('tokenizer');
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/chapters? mentions? “tokenizer”/);
  expect(Number(await box.getAttribute('data-results'))).toBeGreaterThan(0);
  await checkA11y(page);
  expect(errors).toEqual([]);
  await close();
});
