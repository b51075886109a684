// Chapter 2's new controls in Chromium: Train on the leaf-and-flower network makes the cost fall
// and the boundary move, the step activation says why nothing trains, GradientDescent's clipping
// toggle changes the path and a Run says why it stopped. Axe runs after the widgets were used,
// in light and dark.
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkA11y, launchBrowser, openPage, waitForWidgets } from './harness/browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));

for (const colorScheme of ['light', 'dark'] as const) {
  test(`Train: the cost falls, the boundary moves, all eight become right; step says why it cannot train (${colorScheme})`, async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/02-learning/', { colorScheme });
    try {
      expect(await waitForWidgets(page)).toEqual(expect.arrayContaining(['NeuronPlayground', 'LineFit', 'GradientDescent']));
      const np = page.locator('[data-widget="NeuronPlayground"]');
      expect(await num(np, 'data-step')).toBe(0);
      const startLoss = await num(np, 'data-loss');
      expect(startLoss).toBeCloseTo(0.4024, 3);
      expect(await num(np, 'data-correct')).toBe(6);
      const regions = np.locator('svg image');
      const before = await regions.getAttribute('href');

      // One step by keyboard: the cost drops a little, the step counter says 1.
      await np.locator('[data-action="train-step"]').focus();
      await page.keyboard.press('Enter');
      expect(await num(np, 'data-step')).toBe(1);
      expect(await num(np, 'data-loss')).toBeLessThan(startLoss);

      await np.locator('[data-action="train"]').click();
      await expect.poll(() => np.getAttribute('data-training')).toBe('true');
      await expect.poll(() => num(np, 'data-step'), { timeout: 30_000 }).toBeGreaterThan(120);
      await np.locator('[data-action="train"]').click(); // Pause
      await expect.poll(() => np.getAttribute('data-training')).toBe('false');
      const trained = await num(np, 'data-loss');
      expect(trained).toBeLessThan(0.2);
      expect(await num(np, 'data-correct')).toBe(8);
      expect(await regions.getAttribute('href')).not.toBe(before); // the decision regions moved
      await expect.poll(() => np.locator('.line-chart path').first().getAttribute('d')).toMatch(/L/);
      expect(await np.getByRole('slider', { name: 'bias of the flower neuron' }).inputValue()).not.toBe('0');

      // A step activation has slope 0: Train refuses and says why, nothing moves.
      const steps = await num(np, 'data-step');
      await np.getByLabel('Activation').selectOption('step');
      await np.locator('[data-action="train"]').click();
      await expect.poll(() => np.locator('[data-message="train-stop"]').textContent()).toMatch(/slope 0/);
      expect(await num(np, 'data-step')).toBe(steps);

      await checkA11y(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
}

test('GradientDescent: clipping changes the path; a Run that stops by itself says why', async () => {
  const { page, errors, close } = await openPage(browser, 'chapters/02-learning/');
  try {
    await waitForWidgets(page);
    const gd = page.locator('[data-widget="GradientDescent"]');
    const step = gd.locator('[data-action="step"]');
    const lr = gd.locator('[data-control="lr"]');
    for (let i = 0; i < 6; i++) await lr.press('ArrowRight'); // 0.1 → 0.2
    for (let i = 0; i < 3; i++) await step.click();
    const plain = { w: await num(gd, 'data-w'), b: await num(gd, 'data-b') };

    const clip = gd.locator('[data-control="clip"]');
    await clip.focus();
    await page.keyboard.press('Space');
    expect(await gd.getAttribute('data-clip')).toBe('true');
    expect(await num(gd, 'data-steps')).toBe(0); // toggling restarts from the same start
    for (let i = 0; i < 3; i++) await step.click();
    const clipped = { w: await num(gd, 'data-w'), b: await num(gd, 'data-b') };
    expect(Math.hypot(clipped.w - plain.w, clipped.b - plain.b)).toBeGreaterThan(0.1);
    // Clipped at length 1 with rate 0.2: three steps move at most 0.6 from the start (−1.5, −2.2).
    expect(Math.hypot(clipped.w + 1.5, clipped.b + 2.2)).toBeLessThanOrEqual(0.6 + 1e-9);
    await expect.poll(() => page.evaluate(() => location.search)).toContain('gd.clip=1');

    await gd.locator('[data-action="run"]').click();
    await expect.poll(() => gd.getAttribute('data-stopped'), { timeout: 30_000 }).toBe('converged');
    expect(await gd.locator('[data-message="converged"]').textContent()).toMatch(/Converged after \d+ steps: the gradient's length fell below 0.0001/);
    expect(await gd.getAttribute('data-diverged')).toBe('false');
    // Converging is not an error: Run stays available.
    expect(await gd.locator('[data-action="run"]').isDisabled()).toBe(false);

    await checkA11y(page);
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
});
