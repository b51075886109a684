// WebGPU in a real browser (Chromium over SwiftShader): the badge, training steps in a worker,
// a destroyed device mid-run that the run survives on the CPU, and the message and CPU fallback
// where WebGPU is not available.
import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { checkA11y, launchBrowser, openPage, waitForWidgets } from './harness/browser';

let browser: Browser | null = null;
afterEach(async () => {
  await browser?.close();
  browser = null;
});

const PAGE = 'dev/webgpu-train/';

async function attrs(page: Page) {
  return page.locator('[data-widget="WebGpuTrainCheck"]').evaluate((el) => ({
    status: el.getAttribute('data-status'),
    backend: el.getAttribute('data-backend'),
    step: Number(el.getAttribute('data-step')),
    loss: Number(el.getAttribute('data-loss')),
    firstLoss: Number(el.getAttribute('data-first-loss')),
    fallbackStep: el.getAttribute('data-fallback-step'),
    resumedFrom: el.getAttribute('data-resumed-from'),
  }));
}

async function waitFor(page: Page, what: string, pred: (a: Awaited<ReturnType<typeof attrs>>) => boolean, timeoutMs = 120_000) {
  const t0 = Date.now();
  for (;;) {
    const a = await attrs(page);
    if (pred(a)) return a;
    if (a.status === 'error') throw new Error(`training failed while waiting for ${what}: ${await page.locator('[data-widget="WebGpuTrainCheck"] .error').textContent()}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(a)}`);
    await page.waitForTimeout(200);
  }
}

describe('WebGPU in the browser', () => {
  test('forced WebGPU: the badge says so, steps run on the GPU, and a destroyed device hands the run to the CPU', async () => {
    browser = await launchBrowser({ webgpu: true });
    const { page, errors, close } = await openPage(browser, `${PAGE}?backend=webgpu`, {
      ignore: [{ pattern: /WebGPU device was lost|device was destroyed|Device was destroyed/i, reason: 'the test destroys the device on purpose' }],
    });
    await waitForWidgets(page);
    const badge = page.locator('[data-widget="BackendBadge"]');
    expect(await badge.getAttribute('data-backend')).toBe('webgpu');
    expect(await badge.textContent()).toMatch(/WebGPU on google swiftshader.*\?backend=webgpu/);

    await page.locator('[data-action="train"]').click();
    const before = await waitFor(page, 'ten steps on WebGPU', (a) => a.backend === 'webgpu' && a.step >= 10);
    expect(before.loss).toBeLessThan(before.firstLoss);
    await page.locator('[data-action="destroy-device"]').click();
    const after = await waitFor(page, 'the run to finish', (a) => a.status === 'done');
    expect(after.backend).toBe('cpu');
    expect(Number(after.fallbackStep)).toBeGreaterThanOrEqual(before.step);
    expect(Number(after.resumedFrom)).toBeLessThanOrEqual(Number(after.fallbackStep));
    expect(after.step).toBe(60);
    expect(after.loss).toBeLessThan(before.loss);
    console.log(`webgpu e2e: loss ${before.firstLoss.toFixed(3)} → ${before.loss.toFixed(3)} after ${before.step} WebGPU steps; ` +
      `device destroyed at step ${after.fallbackStep}, resumed on the CPU from step ${after.resumedFrom}; loss ${after.loss.toFixed(3)} at step ${after.step}`);
    expect(errors).toEqual([]);
    await close();
  });

  test('automatic choice with only SwiftShader: the CPU, and the badge says why', async () => {
    browser = await launchBrowser({ webgpu: true });
    const { page, errors, close } = await openPage(browser, PAGE);
    await waitForWidgets(page);
    const badge = page.locator('[data-widget="BackendBadge"]');
    expect(await badge.getAttribute('data-backend')).toBe('cpu');
    expect(await badge.textContent()).toMatch(/only WebGPU adapter is software \(google swiftshader\)/);
    expect(errors).toEqual([]);
    await close();
  });

  test('without WebGPU, ?backend=webgpu explains itself and trains on the CPU', async () => {
    browser = await launchBrowser({ webgpu: false });
    const { page, errors, close } = await openPage(browser, `${PAGE}?backend=webgpu`);
    await waitForWidgets(page);
    const badge = page.locator('[data-widget="BackendBadge"]');
    expect(await badge.getAttribute('data-backend')).toBe('cpu');
    expect(await badge.textContent()).toMatch(/\?backend=webgpu was asked for, but WebGPU cannot run here .*CPU runs instead/);
    await page.locator('[data-action="train"]').click();
    const done = await waitFor(page, 'the run to finish', (a) => a.status === 'done');
    expect(done.backend).toBe('cpu');
    expect(done.step).toBe(60);
    expect(done.loss).toBeLessThan(done.firstLoss);
    await checkA11y(page);
    expect(errors).toEqual([]);
    await close();
  });
});
