// MlpPlayground in Chromium, in both themes: the held-out test split, one map per hidden neuron,
// zooming out to the network's confidence far from its data, the message when a ReLU network
// dies, step-mode numbers clear of the neurons, touch-sized fields, and a cross that stays visible
// on the decision map in dark mode. No console errors; axe finds nothing serious in the widget
// after it has been used.
import type { Browser, Locator, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage, waitForWidgets, waitForAttr } from './harness/browser';

const PATH = 'chapters/03-backprop/';
const WIDGET = '[data-widget="MlpPlayground"]';
const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));


/** Trains until data-step reaches `steps`, then pauses. */
async function trainTo(page: Page, mlp: Locator, steps: number) {
  await mlp.locator('[data-action="train"]').click();
  await waitForAttr(page, mlp, 'data-step', `Number(v) >= ${steps}`);
  await mlp.locator('[data-action="train"]').click();
  await waitForAttr(page, mlp, 'data-running', `v === 'false'`);
}

/** Serious or critical axe findings inside the widget. */
async function axeWidget(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include(WIDGET).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

type Rgb = [number, number, number];
const luminance = ([r, g, b]: Rgb) => {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
const contrast = (a: Rgb, b: Rgb) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/** The decision map's pixel under data point (x, y) and the cross's two stroke colours. */
async function crossColours(mlp: Locator, x: number, y: number): Promise<{ region: Rgb; ink: Rgb; halo: Rgb; background: Rgb }> {
  return mlp.evaluate(
    (root, [x, y]) => {
      const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number) as [number, number, number];
      const canvas = root.querySelector('.area canvas') as HTMLCanvasElement;
      const res = canvas.width;
      const col = Math.min(res - 1, Math.floor(((x + 1) / 2) * res));
      const row = Math.min(res - 1, Math.floor(((1 - y) / 2) * res));
      const px = canvas.getContext('2d')!.getImageData(col, row, 1, 1).data;
      return {
        region: [px[0], px[1], px[2]] as [number, number, number],
        ink: rgb(getComputedStyle(root.querySelector('[data-cross] .ink')!).stroke),
        halo: rgb(getComputedStyle(root.querySelector('[data-cross] .halo')!).stroke),
        background: rgb(getComputedStyle(document.body).backgroundColor),
      };
    },
    [x, y] as const,
  );
}

describe('MlpPlayground', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  test('light: test split, neuron maps, zoom-out confidence, step-mode layout, touch-sized fields', async () => {
    const { page, errors, close } = await openPage(browser, PATH);
    try {
      await waitForWidgets(page);
      const mlp = page.locator(WIDGET);
      await mlp.scrollIntoViewIfNeeded();
      // Plain gradient descent by default; half the 200 points train, half are held out.
      expect(await mlp.locator('[data-control="optimizer"]').inputValue()).toBe('sgd');
      expect(await num(mlp, 'data-points')).toBe(100);
      expect(await num(mlp, 'data-test-points')).toBe(100);

      // One map per hidden neuron, painted (not blank) and not all alike.
      const maps = mlp.locator('[data-neuron-map]');
      await expect.poll(() => maps.count()).toBe(8);
      await trainTo(page, mlp, 300);
      const trainLoss = await num(mlp, 'data-loss');
      const testLoss = await num(mlp, 'data-test-loss');
      expect(await num(mlp, 'data-accuracy')).toBeGreaterThan(0.95);
      expect(await num(mlp, 'data-test-accuracy')).toBeGreaterThan(0.9);
      expect(Number.isFinite(testLoss)).toBe(true);
      expect(testLoss).not.toBeCloseTo(trainLoss, 4);
      await expect.poll(() => mlp.locator('[data-readout="test-accuracy"]').textContent()).toMatch(/%$/);
      const painted = await maps.evaluateAll((cs) =>
        (cs as HTMLCanvasElement[]).map((c) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          const first = [d[0], d[1], d[2]].join();
          let differ = 0;
          for (let i = 0; i < d.length; i += 4) if ([d[i], d[i + 1], d[i + 2]].join() !== first) differ++;
          return { differ, corner: first };
        }),
      );
      for (const p of painted) expect(p.differ).toBeGreaterThan(100);
      expect(new Set(painted.map((p) => p.corner)).size).toBeGreaterThan(1);
      await mlp.getByRole('button', { name: 'Add a hidden layer' }).click();
      await expect.poll(() => maps.count()).toBe(12);
      await mlp.getByRole('button', { name: 'Remove a hidden layer' }).click();
      await expect.poll(() => maps.count()).toBe(8);
      await trainTo(page, mlp, 200);

      // Zoomed out, the map covers [-3, 3]² and the text says how sure the network is out there.
      await mlp.locator('[data-control="zoom"]').check();
      await expect.poll(() => mlp.getAttribute('data-extent')).toBe('3');
      await expect.poll(() => mlp.getAttribute('data-confident-outside')).not.toBeNull();
      const sure = await num(mlp, 'data-confident-outside');
      expect(sure).toBeGreaterThan(0.5);
      expect(await mlp.locator('[data-readout="confident-outside"]').textContent()).toContain(`${(sure * 100).toFixed(1)}%`);
      await expect(mlp.locator('[data-square]').count()).resolves.toBe(1);
      await mlp.locator('[data-control="zoom"]').uncheck();
      await expect.poll(() => mlp.getAttribute('data-confident-outside')).toBeNull();

      // Step mode: the numbers sit beside the neurons, readable, overlapping none of them.
      await mlp.locator('[data-action="trace"]').click();
      const next = mlp.locator('[data-action="trace-next"]');
      for (let i = 0; i < 5; i++) await next.click();
      const labels = mlp.locator('[data-value-label]');
      await expect.poll(() => labels.count()).toBeGreaterThan(8);
      const boxes = await mlp.evaluate((root) => {
        const r = (e: Element) => e.getBoundingClientRect();
        return {
          labels: [...root.querySelectorAll('[data-value-label]')].map((e) => ({ ...r(e).toJSON(), size: parseFloat(getComputedStyle(e).fontSize) * (r(root.querySelector('.net svg')!).width / 380) })),
          nodes: [...root.querySelectorAll('[data-neuron] circle')].map((e) => r(e).toJSON()),
        };
      });
      type Box = { left: number; right: number; top: number; bottom: number };
      const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      for (const l of boxes.labels) {
        expect(l.size).toBeGreaterThanOrEqual(10);
        for (const n of boxes.nodes) expect(overlap(l, n)).toBe(false);
      }
      for (const [i, a] of boxes.labels.entries()) for (const b of boxes.labels.slice(i + 1)) expect(overlap(a, b)).toBe(false);

      // Every select and number field is at least 40 px tall (touch-sized).
      const heights = await mlp.locator('select, input[type=number]').evaluateAll((es) => es.map((e) => e.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThanOrEqual(4);
      for (const h of heights) expect(h).toBeGreaterThanOrEqual(40);

      expect(await axeWidget(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('the top learning rate kills a ReLU network on the spiral, and the widget says so', async () => {
    const { page, errors, close } = await openPage(browser, PATH);
    try {
      await waitForWidgets(page);
      const mlp = page.locator(WIDGET);
      await mlp.locator('[data-control="dataset"]').selectOption('spiral');
      await mlp.locator('[data-control="activation"]').selectOption('relu');
      await mlp.locator('[data-control="lr"]').focus();
      await page.keyboard.press('End');
      await expect.poll(() => mlp.locator('[data-control="lr"]').getAttribute('aria-valuetext')).toBe('3');
      await waitForAttr(page, mlp, 'data-step', `v === '0'`);
      expect(await mlp.getAttribute('data-collapsed')).toBe('false');
      await mlp.locator('[data-action="train"]').click();
      await waitForAttr(page, mlp, 'data-collapsed', `v === 'true'`);
      // Training stops by itself, and the message names the cause and the cure.
      await waitForAttr(page, mlp, 'data-running', `v === 'false'`);
      expect(await num(mlp, 'data-loss')).toBeCloseTo(Math.log(2), 2);
      expect(await num(mlp, 'data-dead-neurons')).toBeGreaterThan(0);
      const message = await mlp.locator('[data-message="collapsed"]').textContent();
      expect(message).toMatch(/dead ReLUs/);
      expect(message).toMatch(/smaller learning rate/);
      // A sane rate brings it back.
      await mlp.locator('[data-control="lr"]').focus();
      await page.keyboard.press('Home');
      await waitForAttr(page, mlp, 'data-step', `v === '0'`);
      await expect.poll(() => mlp.locator('[data-message="collapsed"]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('dark: the decision map is tinted, the cross stands out on it, axe is clean', async () => {
    const { page, errors, close } = await openPage(browser, PATH, { colorScheme: 'dark' });
    try {
      await waitForWidgets(page);
      const mlp = page.locator(WIDGET);
      await trainTo(page, mlp, 300);
      // Move the cross into the confident blue quadrant (0.5, 0.5), then the orange one (0.5, −0.5).
      const plot = mlp.locator('[data-plot]');
      await plot.focus();
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowUp');
      }
      for (const [x, y, down] of [[0.5, 0.5, 0], [0.5, -0.5, 20]] as const) {
        for (let i = 0; i < down; i++) await page.keyboard.press('ArrowDown');
        const c = await crossColours(mlp, x, y);
        // The region is clearly tinted away from the page (not left pale or blank)…
        expect(contrast(c.region, c.background)).toBeGreaterThan(2);
        // …and the cross's ink stands out from it, with a halo in the page colour around it.
        expect(contrast(c.ink, c.region)).toBeGreaterThanOrEqual(3);
        expect(c.halo).toEqual(c.background);
        expect(contrast(c.ink, c.halo)).toBeGreaterThan(7);
      }
      expect(await axeWidget(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
