// Chapters 2–4 in Chromium: each widget hydrates, real interactions change what they should,
// bad input is answered in place, and the page logs no errors. These widgets compute on the CPU
// backend (in their own workers, or on the page for the small ones) whatever the page's backend,
// so one browser without WebGPU covers them; cells on WebGPU are in cells.e2e.ts, the WebGPU
// training path in webgpu.e2e.ts.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage, waitForWidgets, waitForAttr } from './harness/browser';

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));


describe('chapters 2–4', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  test('02-learning: the learning rate changes the path, a large one diverges, LineFit steps', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/02-learning/');
    try {
      expect(await waitForWidgets(page)).toEqual(expect.arrayContaining(['LineFit', 'GradientDescent']));
      const gd = page.locator('[data-widget="GradientDescent"]');
      const step = gd.locator('[data-action="step"]');
      for (let i = 0; i < 5; i++) await step.click();
      expect(await num(gd, 'data-steps')).toBe(5);
      const slowW = await num(gd, 'data-w');
      const slowLoss = await num(gd, 'data-loss');

      // Raise the rate with the keyboard: same start, same number of steps, a different point.
      await gd.locator('[data-action="reset"]').click();
      const lr = gd.locator('[data-control="lr"]');
      for (let i = 0; i < 6; i++) await lr.press('ArrowRight');
      for (let i = 0; i < 5; i++) await step.click();
      expect(await num(gd, 'data-w')).not.toBeCloseTo(slowW, 3);
      expect(await num(gd, 'data-loss')).toBeLessThan(slowLoss);
      expect(await gd.getAttribute('data-diverged')).toBe('false');

      // The largest rate overshoots: the widget stops and says so.
      await lr.press('End');
      await gd.locator('[data-action="reset"]').click();
      for (let i = 0; i < 40 && (await gd.getAttribute('data-diverged')) !== 'true'; i++) await step.click();
      expect(await gd.getAttribute('data-diverged')).toBe('true');
      await expect.poll(() => gd.locator('[data-message="diverged"]').textContent()).toMatch(/Diverged/);

      // Keyboard start placement: arrows move the cursor, Enter restarts from there.
      await gd.locator('[data-surface]').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      expect(await num(gd, 'data-steps')).toBe(0);
      expect(await gd.getAttribute('data-diverged')).toBe('false');

      const lf = page.locator('[data-widget="LineFit"]');
      const before = await num(lf, 'data-mse');
      await lf.locator('[data-action="step"]').click();
      expect(await num(lf, 'data-mse')).toBeLessThan(before);
      const slope = await num(lf, 'data-slope');
      await lf.locator('[data-point="0"]').focus();
      await page.keyboard.press('ArrowUp');
      expect(await num(lf, 'data-mse')).not.toBeCloseTo(before, 6);
      expect(await num(lf, 'data-slope')).toBe(slope);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('03-backprop: typed expression gives engine gradients; bad input answered; xor > 95% in 300 steps', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/03-backprop/');
    try {
      expect(await waitForWidgets(page)).toEqual(expect.arrayContaining(['GraphExplorer', 'MlpPlayground', 'GradientFlow']));
      const ge = page.locator('[data-widget="GraphExplorer"]');
      const input = ge.locator('[data-input="expression"]');
      await input.fill('a*b + c');
      await ge.locator('[data-var="a"]').fill('2');
      await ge.locator('[data-var="b"]').fill('-3');
      await ge.locator('[data-var="c"]').fill('10');
      await ge.locator('[data-action="backward-step"]').click();
      expect(await ge.getAttribute('data-revealed')).toBe('1');
      await ge.locator('[data-action="backward-all"]').click();
      const node = (label: string) => ge.locator(`[data-node][data-label="${label}"]`);
      await expect.poll(() => node('a').getAttribute('data-grad')).toBe('-3');
      expect(await num(node('b'), 'data-grad')).toBe(2);
      expect(await num(node('c'), 'data-grad')).toBe(1);
      expect(await num(ge.locator('[data-node][data-op="+"]'), 'data-value')).toBe(4);

      await input.fill('(a + b))');
      await expect.poll(() => ge.locator('[data-message="parse-error"]').textContent()).toContain("unexpected ')' at column 8");
      await input.fill('a / (b - 2)');
      await ge.locator('[data-var="b"]').fill('2');
      await expect.poll(() => ge.locator('[data-message="non-finite"]').first().textContent()).toMatch(/by 0/);
      await ge.locator('[data-var="a"]').fill('abc');
      await expect.poll(() => ge.getByRole('alert').last().textContent()).toMatch(/not a number/);

      const mlp = page.locator('[data-widget="MlpPlayground"]');
      expect(await num(mlp, 'data-step')).toBe(0);
      await mlp.locator('[data-action="train"]').click();
      await waitForAttr(page, mlp, 'data-step', 'v >= 300');
      await mlp.locator('[data-action="train"]').click(); // pause
      const acc = await num(mlp, 'data-accuracy');
      expect(acc).toBeGreaterThan(0.95);
      await expect.poll(() => mlp.locator('[data-readout="accuracy"]').textContent()).toMatch(/%/);

      // A reader's point joins the data; step mode walks forward then backward.
      const pointsBefore = await num(mlp, 'data-points');
      await mlp.locator('[data-plot]').click({ position: { x: 20, y: 20 } });
      await expect.poll(() => num(mlp, 'data-points')).toBe(pointsBefore + 1);
      await mlp.locator('[data-action="trace"]').click();
      const next = mlp.locator('[data-action="trace-next"]');
      await next.click();
      await expect.poll(() => mlp.locator('[data-trace-phase]').getAttribute('data-trace-phase')).toBe('1');
      await mlp.locator('[data-neuron="1-0"]').focus();
      await expect.poll(() => mlp.locator('[data-readout="formula"]').textContent()).toMatch(/h1\.1 = tanh\(/);

      const gf = page.locator('[data-widget="GradientFlow"]');
      expect(await num(gf, 'data-ratio-a')).toBeGreaterThan(100); // sigmoid: the first layer gets far less
      const relu = await num(gf, 'data-ratio-b'); // relu at He scale stays within a decade
      expect(relu).toBeGreaterThan(0.1);
      expect(relu).toBeLessThan(10);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('04-language: bigram NLLs, sampling, scoring bad names, neural bigram within 0.02', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/04-language/');
    try {
      expect(await waitForWidgets(page)).toContain('BigramLab');
      const bl = page.locator('[data-widget="BigramLab"]');
      const count = await num(bl, 'data-nll-count');
      expect(count).toBeGreaterThan(2);
      expect(count).toBeLessThan(Math.log(27));
      const first = await bl.locator('[data-samples]').textContent();
      await bl.locator('input[type=number]').fill('7');
      await bl.locator('[data-action="sample"]').click();
      expect(await bl.locator('[data-samples]').textContent()).not.toBe(first);

      await bl.locator('[data-input="name"]').fill('zoë');
      await expect.poll(() => bl.locator('[data-message="score"]').textContent()).toMatch(/'ë'/);

      await bl.locator('[data-action="train"]').click();
      await waitForAttr(page, bl, 'data-nll-neural', 'v > 0', 300_000);
      const neural = await num(bl, 'data-nll-neural');
      expect(Math.abs(neural - count)).toBeLessThan(0.02);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 360_000);
});
