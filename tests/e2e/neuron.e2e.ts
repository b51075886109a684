// Chapter 1's NeuronPlayground in a real browser: keyboard on the sliders gives the formula's
// output, the exercises flip to pass with a known solution, and the URL restores the state.
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { gelu, sigmoid } from '../../src/engine/scalar';
import { checkA11y, launchBrowser, openPage, waitForWidgets } from './harness/browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

/** Slider values of a widget, by their accessible names. */
const sliders = async (w: Locator) =>
  Object.fromEntries(
    await w.locator('input[type=range]').evaluateAll((els) =>
      els.map((el) => [(el as HTMLInputElement).labels![0].textContent!.replace(/\s+/g, ' ').trim(), Number((el as HTMLInputElement).value)]),
    ),
  ) as Record<string, number>;

const flowerSum = (v: Record<string, number>) =>
  v['R red'] * v['wR weight of red in the flower neuron'] +
  v['G green'] * v['wG weight of green in the flower neuron'] +
  v['B blue'] * v['wB weight of blue in the flower neuron'] +
  v['V volume'] * v['wV weight of volume in the flower neuron'] +
  v['b bias of the flower neuron'];

test('keyboard on the sliders: data-output is f(w·x + b) of the flower neuron', async () => {
  const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/');
  await waitForWidgets(page);
  const w = page.locator('[data-widget="NeuronPlayground"]').first();
  expect(await w.getAttribute('data-mode')).toBe('two');

  const bias = w.getByRole('slider', { name: 'bias of the flower neuron' });
  await bias.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  const red = w.getByRole('slider', { name: 'R red', exact: true });
  await red.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');

  let v = await sliders(w);
  expect(v['b bias of the flower neuron']).toBeCloseTo(0.3, 10);
  expect(v['R red']).toBeCloseTo(0.2, 10);
  expect(Number(await w.getAttribute('data-output'))).toBeCloseTo(sigmoid(flowerSum(v)), 9);
  await expect.poll(() => w.textContent()).toContain(`flower = sigmoid(`);

  await w.getByLabel('Activation').selectOption('gelu');
  v = await sliders(w);
  expect(Number(await w.getAttribute('data-output'))).toBeCloseTo(gelu(flowerSum(v)), 9);
  expect(Number(await w.getAttribute('data-output-flower'))).toBeCloseTo(gelu(flowerSum(v)), 9);

  // The state travels in the URL: a reload restores it.
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('neuron=two;gelu;0.2,');
  const before = await w.getAttribute('data-output');
  await page.waitForLoadState('networkidle'); // a reload aborts requests still in flight, which the error log would catch
  await page.reload();
  await waitForWidgets(page);
  expect(await page.locator('[data-widget="NeuronPlayground"]').first().getAttribute('data-output')).toBe(before);
  expect(errors).toEqual([]);
  await close();
});

test('exercises flip from fail to pass with a known solution', async () => {
  const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/');
  await waitForWidgets(page);
  const solution: Record<string, string> = { wR: '1', wG: '0', wB: '2', wV: '2' };

  const one = page.locator('[data-widget="NeuronPlayground"]:has([data-exercise="one-neuron"])');
  const check1 = one.locator('[data-exercise]');
  expect(await check1.getAttribute('data-check')).toBe('fail');
  for (const f of ['red', 'green', 'blue', 'volume'] as const)
    await one.getByLabel(`weight of ${f} in the single neuron`).fill(solution[`w${f[0].toUpperCase()}`]);
  await one.getByLabel('bias of the single neuron').fill('-2.2');
  await expect.poll(() => check1.getAttribute('data-check')).toBe('pass');
  expect(await one.getAttribute('data-correct')).toBe('8');

  const two = page.locator('[data-widget="NeuronPlayground"]:has([data-exercise="two-neurons"])');
  const check2 = two.locator('[data-exercise]');
  expect(await check2.getAttribute('data-check')).toBe('fail');
  for (const f of ['red', 'green', 'blue', 'volume'] as const) {
    await two.getByLabel(`weight of ${f} in the flower neuron`).fill(solution[`w${f[0].toUpperCase()}`]);
    await two.getByLabel(`weight of ${f} in the leaf neuron`).fill('0');
  }
  await two.getByLabel('bias of the flower neuron').fill('-2.2');
  await two.getByLabel('bias of the leaf neuron').fill('0');
  await expect.poll(() => check2.getAttribute('data-check')).toBe('pass');
  expect(errors).toEqual([]);
  await close();
});

test('Reset clears the URL hash, so a reload starts from the defaults; step ties are explained', async () => {
  const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/');
  await waitForWidgets(page);
  const w = page.locator('[data-widget="NeuronPlayground"]').first();
  const defaultOutput = await w.getAttribute('data-output');

  // With the step activation and the starting weights both sums of the oak leaf are above 0.
  await w.getByLabel('Activation').selectOption('step');
  expect(await w.getAttribute('data-class')).toBe('tie');
  expect(await w.locator('[data-tie-reason]').textContent()).toMatch(/both sums are above 0, so both neurons output 1/);
  expect(await w.locator('table.examples').textContent()).toMatch(/undecided/);

  await w.getByRole('slider', { name: 'bias of the flower neuron' }).fill('-1');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('neuron=two;step;');
  await w.locator('[data-action="reset"]').click();
  expect(await page.evaluate(() => location.hash)).toBe('');
  expect(await w.getAttribute('data-activation')).toBe('sigmoid');
  // No late write brings the old state back into the address.
  await page.waitForTimeout(600);
  expect(await page.evaluate(() => location.hash)).toBe('');
  await page.waitForLoadState('networkidle'); // a reload aborts requests still in flight, which the error log would catch
  await page.reload();
  await waitForWidgets(page);
  const again = page.locator('[data-widget="NeuronPlayground"]').first();
  expect(await again.getAttribute('data-activation')).toBe('sigmoid');
  expect(await again.getAttribute('data-output')).toBe(defaultOutput);
  await checkA11y(page);
  expect(errors).toEqual([]);
  await close();
});
