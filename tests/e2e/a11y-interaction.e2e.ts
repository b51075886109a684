// Accessibility after a reader has used a page, not just as it loads: on every chapter the main
// action of each widget is pressed, every cell runs (so outputs, tables and plots exist) and one
// editor is open; then axe runs in the light theme and again in the dark one. No serious or
// critical finding, and no duplicate landmarks, in either. Every chapter again at phone width
// (375 px), light and dark, where equations and tables start to scroll sideways. Also the
// "everywhere" keyboard rules: a button that turns itself off keeps focus, and a number field
// says in place when its text is out of range.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, launchBrowser, openPage, waitForWidgets } from './harness/browser';
import { builds, listPages } from './harness/site';

const chapters = listPages(builds.site.outDir).filter((p) => p.startsWith('chapters/'));

/** The action a reader tries first on each widget, best first. */
const MAIN_ACTIONS = ['train', 'run', 'start', 'step', 'generate', 'sample', 'backward-all', 'trace', 'pretrain', 'auto-label', 'search', 'next'];

/** Presses each widget's main action (or nudges its first control) and gives it a moment. */
async function useWidgets(page: Page) {
  const widgets = page.locator('[data-widget]');
  const n = await widgets.count();
  for (let i = 0; i < n; i++) {
    const w = widgets.nth(i);
    await w.scrollIntoViewIfNeeded();
    const actions = await w
      .locator('button[data-action]')
      .evaluateAll((els) =>
        els.filter((b) => !(b as HTMLButtonElement).disabled && b.getAttribute('aria-disabled') !== 'true' && (b as HTMLElement).offsetParent !== null).map((b) => b.getAttribute('data-action') ?? ''),
      );
    const main = MAIN_ACTIONS.find((a) => actions.includes(a));
    if (main) {
      await w.locator(`button[data-action="${main}"]`).first().click();
    } else {
      const control = w.locator('input[type="range"], select').first();
      if (await control.count()) await control.press('ArrowRight');
    }
  }
  await page.waitForTimeout(1500);
}

async function runAllCells(page: Page) {
  const cells = page.locator('[data-cell]');
  const n = await cells.count();
  if (n === 0) return;
  await cells.nth(n - 1).locator('[data-action="run"]').click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-cell]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
    undefined,
    { timeout: 180_000 },
  );
  // One editor open, with the cursor in it (its active line highlighted), as a reader leaves it.
  const first = cells.first();
  await first.locator('.cell-static pre').click();
  await first.locator('.cm-content').waitFor({ state: 'visible' });
}

/** Widgets still training are paused, so axe reads a page that holds still. */
async function holdStill(page: Page) {
  const buttons = page.locator('[data-widget] button[data-action="pause"], [data-widget] button[data-action="stop"]');
  for (let i = 0; i < (await buttons.count()); i++) {
    const b = buttons.nth(i);
    if (await b.isEnabled()) await b.click();
  }
}

/** The theme changes colours only, so the dark pass checks contrast where the reader worked. */
async function darkContrast(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('main').withRules(['color-contrast']).analyze();
  return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').at(-1)?.trim()}`));
}

/** Landmarks a screen-reader user jumps between must be told apart (a moderate axe rule). */
async function landmarkFindings(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withRules(['landmark-unique']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const timing = process.env.A11Y_TIMING === '1';
const lap = (what: string, t0: number) => timing && console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

describe('accessibility after interaction', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  for (const path of chapters)
    test(`/${path}: widgets used, cells run, light and dark`, async () => {
      const { page, errors, close } = await openPage(browser, path, {
        ignore: [{ pattern: /net::ERR_ABORTED/, reason: 'a widget pressed mid-load cancels a fetch it no longer needs' }],
      });
      try {
        let t = Date.now();
        await waitForWidgets(page);
        await useWidgets(page);
        lap(`${path} widgets`, t);
        t = Date.now();
        await runAllCells(page);
        await holdStill(page);
        lap(`${path} cells`, t);
        t = Date.now();
        await checkA11y(page);
        expect(await landmarkFindings(page)).toEqual([]);
        lap(`${path} axe light`, t);
        t = Date.now();
        await page.locator('.theme-toggle').first().click();
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
        expect(await darkContrast(page)).toEqual([]);
        lap(`${path} axe dark`, t);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 600_000);
});

describe('accessibility on a phone (375 px)', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  // Narrow screens are where wide equations, tables and outputs start to scroll sideways; each
  // such box must be reachable by keyboard. Widgets are used as above; cells run on the wide pass.
  for (const path of chapters)
    test(`/${path} at 375 px: light and dark`, async () => {
      const { page, errors, close } = await openPage(browser, path, {
        viewport: { width: 375, height: 800 },
        ignore: [{ pattern: /net::ERR_ABORTED/, reason: 'a widget pressed mid-load cancels a fetch it no longer needs' }],
      });
      try {
        await waitForWidgets(page);
        await useWidgets(page);
        await holdStill(page);
        await checkA11y(page);
        await page.locator('.theme-toggle').first().click();
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
        await checkA11y(page);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 600_000);
});

describe('keyboard focus and number fields everywhere', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName}[${document.activeElement?.getAttribute('data-action') ?? ''}]`);

  test('a button that turns itself off keeps keyboard focus (a cell’s Run, a widget’s Train)', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/05-tokens/');
    try {
      const cell = page.locator('[data-cell]').first();
      await cell.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await cell.elementHandle());
      const run = cell.locator('[data-action="run"]');
      await run.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => run.getAttribute('aria-disabled')).toBe('true');
      expect(await focused(page)).toBe('BUTTON[run]');
      await expect.poll(() => cell.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
      expect(await focused(page)).toBe('BUTTON[run]');
      expect(await run.getAttribute('aria-disabled')).toBeNull();

      await waitForWidgets(page);
      const bpe = page.locator('[data-widget="BpeTrainer"]');
      const train = bpe.locator('[data-action="train"]');
      await train.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => bpe.getAttribute('data-merges'), { timeout: 60_000 }).not.toBe('0');
      expect(await focused(page)).toBe('BUTTON[train]');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('a number field says in place when its text is out of range, and which value it still uses', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/11-assistants/');
    try {
      await waitForWidgets(page);
      const sft = page.locator('[data-widget="SftLab"]');
      const steps: Locator = sft.locator('[data-control="finetune-steps"]');
      const before = await steps.inputValue();
      for (const [text, says] of [
        ['-5', /−5 is out of range; enter a whole number from 1 to 2,000\. Still using \d+\./],
        ['3.7', /3\.7 is not a whole number; enter a whole number from 1 to 2,000\. Still using \d+\./],
        ['', /^Enter a whole number from 1 to 2,000\. Still using \d+\./],
      ] as const) {
        await steps.fill(text);
        await expect.poll(() => steps.getAttribute('aria-invalid')).toBe('true');
        const id = await steps.getAttribute('aria-describedby');
        expect(id).toBeTruthy();
        const msg = page.locator(`[id="${id}"]`);
        expect(await msg.textContent()).toMatch(says);
        expect(await msg.textContent()).toContain(`Still using ${Number(before).toLocaleString('en-US')}.`);
      }
      await steps.fill('50');
      await expect.poll(() => steps.getAttribute('aria-invalid')).toBeNull();
      expect(await steps.getAttribute('aria-describedby')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
