// Drives the training studio in headless Chromium (chapter 9, `?backend=cpu`): the page set-up that
// bench/studio.ts (speed) and bench/studioMemory.ts (memory) share.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { findChromium } from '../tests/e2e/harness/chromium';

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs] });
}

/** Opens the studio, picks Moby Dick and nanoGPT's CPU preset, and presses Start; returns the widget. */
export async function startNanoGptRun(page: Page, siteUrl: string, steps: number): Promise<Locator> {
  await page.goto(`${siteUrl}chapters/09-training/?backend=cpu`);
  const studio = page.locator('[data-widget="TrainingStudio"]');
  await studio.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-widget="TrainingStudio"]')?.getAttribute('data-ready') === 'true', undefined, { timeout: 60_000 });
  await studio.locator('[data-control="dataset"]').selectOption('moby');
  await studio.locator('[data-control="preset"]').selectOption('nanogpt-cpu');
  // A short run needs a short warm-up (the rate does not change the speed).
  await studio.locator('[data-control="warmup"]').fill('5');
  await studio.locator('[data-control="steps"]').fill(String(steps));
  await studio.locator('[data-action="start"]').click();
  return studio;
}

/** Waits until the run is done; throws with the page's message if it stopped on an error. */
export async function waitForRunEnd(page: Page, studio: Locator, timeoutMs = 600_000): Promise<void> {
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-widget="TrainingStudio"]')?.getAttribute('data-status') ?? ''), undefined, { timeout: timeoutMs });
  if ((await studio.getAttribute('data-status')) !== 'done') throw new Error(`the studio stopped: ${await studio.locator('[data-message]').allTextContents()}`);
}
