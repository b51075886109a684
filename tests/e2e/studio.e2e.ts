// Chapter 9 in Chromium, without and with WebGPU (SwiftShader, forced with ?backend=webgpu so the
// GPU path really trains): the studio trains the tiny preset, the loss falls and samples appear;
// Pause, a reload and Resume continue from the saved step; an exported file imported into a fresh
// browser gives the same weights; a huge learning rate is caught; bad text is answered in place;
// every cell runs; nothing logs an error.
import type { Browser, Locator, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, launchBrowser, openPage, waitForWidgets, waitForAttr } from './harness/browser';

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));


async function openStudio(browser: Browser, webgpu: boolean) {
  const opened = await openPage(browser, `chapters/09-training/${webgpu ? '?backend=webgpu' : ''}`);
  await waitForWidgets(opened.page);
  return { ...opened, studio: opened.page.locator('[data-widget="TrainingStudio"]') };
}

async function configure(studio: Locator, settings: { dataset: string; steps: number; lr?: number }) {
  await studio.locator('[data-control="dataset"]').selectOption(settings.dataset);
  await studio.locator('[data-control="preset"]').selectOption('tiny');
  await studio.locator('[data-control="steps"]').fill(String(settings.steps));
  if (settings.lr !== undefined) await studio.locator('[data-control="learningRate"]').fill(String(settings.lr));
}

for (const webgpu of [false, true]) {
  describe(`chapter 9 studio ${webgpu ? 'with' : 'without'} WebGPU`, () => {
    let browser: Browser;
    const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-'));
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => {
      await browser?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('trains, pauses, survives a reload, resumes, exports and imports', async () => {
      const steps = webgpu ? 12 : 60;
      const { page, errors, close, studio } = await openStudio(browser, webgpu);
      try {
        expect(await studio.getAttribute('data-backend')).toBe(webgpu ? 'webgpu' : 'cpu');
        expect(await studio.getAttribute('data-status')).toBe('idle');
        // The main build is served cross-origin isolated, so the CPU backend trains on every core.
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
        if (!webgpu) await expect.poll(() => studio.textContent()).toMatch(/Large matrix products run on [2-9]\d* threads\./);
        await configure(studio, { dataset: 'names', steps });
        await expect.poll(() => studio.locator('[data-split]').textContent()).toMatch(/training [\d,]+ names \(90%\), validation [\d,]+ names/);
        expect(page.url()).toContain('ts.data=names');

        await studio.locator('[data-action="start"]').click();
        await waitForAttr(page, studio, 'data-step', `Number(v) >= ${steps / 3}`);
        // The page answers while the worker trains.
        const t0 = Date.now();
        await studio.locator('[data-control="tokenizer"]').focus();
        expect(Date.now() - t0).toBeLessThan(1000);
        await studio.locator('[data-action="pause"]').click();
        await waitForAttr(page, studio, 'data-status', "v === 'paused'");
        const pausedAt = await num(studio, 'data-step');
        expect(await num(studio, 'data-saved-step')).toBe(pausedAt);
        // The first estimate is the untrained model's: about ln 27, knowing nothing.
        expect(await num(studio, 'data-first-val-loss')).toBeCloseTo(Math.log(27), 0);
        expect(await num(studio, 'data-tokens-per-s')).toBeGreaterThan(0);

        await page.reload();
        await waitForWidgets(page);
        await waitForAttr(page, studio, 'data-status', "v === 'paused'");
        expect(await num(studio, 'data-step')).toBe(pausedAt);
        await expect.poll(() => studio.locator('[data-message="saved"]').textContent()).toContain(`step ${pausedAt}`);
        const evalsBefore = await num(studio, 'data-evals');
        expect(evalsBefore).toBeGreaterThanOrEqual(1);

        await studio.locator('[data-action="resume"]').click();
        await waitForAttr(page, studio, 'data-status', "v === 'done'", 240_000);
        expect(await num(studio, 'data-step')).toBe(steps);
        expect(await num(studio, 'data-evals')).toBeGreaterThan(evalsBefore); // the same curve, continued
        expect(await num(studio, 'data-val-loss')).toBeLessThan(Math.log(27) - 0.3);
        expect(await num(studio, 'data-samples')).toBeGreaterThanOrEqual(1);
        expect((await studio.locator(`[data-sample-step="${steps}"] pre`).textContent())!.length).toBeGreaterThan(20);

        const download = page.waitForEvent('download');
        await studio.locator('[data-action="export"]').click();
        const file = join(dir, `export-${webgpu}.safetensors`);
        await (await download).saveAs(file);
        await waitForAttr(page, studio, 'data-weights-hash', 'v.length === 8');
        const exported = await studio.getAttribute('data-weights-hash');
        expect(errors).toEqual([]);
        await close();

        // A fresh browser profile (empty IndexedDB) takes the file and has the same model.
        const fresh = await openStudio(browser, webgpu);
        try {
          expect(await fresh.studio.getAttribute('data-status')).toBe('idle');
          await fresh.studio.locator('[data-action="import"]').setInputFiles(file);
          await expect.poll(() => fresh.studio.locator('[data-message="import"]').textContent(), { timeout: 60_000 }).toMatch(new RegExp(`^Imported .*: step ${steps},`));
          expect(await fresh.studio.getAttribute('data-weights-hash')).toBe(exported);
          expect(await num(fresh.studio, 'data-step')).toBe(steps);
          expect(await fresh.studio.getAttribute('data-status')).toBe('paused'); // ready to train further
          expect(fresh.errors).toEqual([]);
        } finally {
          await fresh.close();
        }
      } finally {
        await close().catch(() => {});
      }
    }, 420_000);

    test('a huge learning rate stops with advice; bad text and too-big models are refused in place', async () => {
      const { page, errors, close, studio } = await openStudio(browser, webgpu);
      try {
        await configure(studio, { dataset: 'names', steps: 40, lr: 100 });
        await studio.locator('[data-action="start"]').click();
        await waitForAttr(page, studio, 'data-status', "v === 'error'");
        await expect.poll(() => studio.locator('[data-message="run"]').textContent()).toMatch(/loss (became NaN|became infinite|exploded).*last good checkpoint \(step \d+\) is kept.*lower the learning rate/);
        expect(await studio.getAttribute('data-saved-step')).not.toBeNull();

        // Too big for the device: refused before it starts.
        await studio.locator('[data-control="learningRate"]').fill('0.001');
        for (const [key, v] of [['nLayer', 12], ['nHead', 12], ['nEmbd', 768], ['blockSize', 512], ['batchSize', 128]] as const) {
          await studio.locator(`[data-control="${key}"]`).fill(String(v));
        }
        await expect.poll(() => studio.locator('[data-message="config"]').first().textContent()).toMatch(/needs about [\d.]+ GB.*Make the batch/);
        expect(await studio.locator('[data-action="start"]').isDisabled()).toBe(true);
        await studio.locator('[data-control="preset"]').selectOption('tiny');
        await studio.locator('[data-control="steps"]').fill('10');
        await expect.poll(() => studio.locator('[data-message="config"]').first().textContent()).toMatch(/warm-up \(10 steps\) must be shorter/);
        await studio.locator('[data-control="steps"]').fill('20');

        // Own text: empty, binary, emoji only, too short, then a real paragraph.
        await studio.locator('[data-control="dataset"]').selectOption('own');
        await expect.poll(() => studio.locator('[data-message="text"]').textContent()).toMatch(/empty/);
        await studio.locator('[data-control="textFile"]').setInputFiles({ name: 'image.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe, 0, 1, 2, 3]) });
        await expect.poll(() => studio.locator('[data-message="text"]').textContent()).toMatch(/binary/);
        await studio.locator('[data-input]').fill('😀🐳🌊'.repeat(33_334).slice(0, 100_000));
        await expect.poll(() => studio.locator('[data-message="text-note"]').textContent()).toMatch(/emoji/);
        await studio.locator('[data-input]').fill('call me ishmael.');
        await studio.locator('[data-action="start"]').click();
        await expect.poll(() => studio.locator('[data-message="run"]').textContent()).toMatch(/each part needs at least 33/);
        expect(await studio.getAttribute('data-status')).toBe('error');

        await studio.locator('[data-input]').fill('Call me Ishmael. Some years ago, never mind how long precisely, I thought I would sail about a little and see the watery part of the world.\n'.repeat(40));
        await expect.poll(() => studio.locator('[data-split]').textContent()).toMatch(/validation [\d,]+ characters \(10%, the end of the text\)/);
        await studio.locator('[data-action="start"]').click();
        await waitForAttr(page, studio, 'data-status', "v === 'done'");
        expect(await num(studio, 'data-step')).toBe(20);
        expect(Number.isFinite(await num(studio, 'data-val-loss'))).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);

    if (webgpu)
      test('a lost GPU device: training carries on on the CPU from the last checkpoint', async () => {
        const steps = 40;
        const { page, errors, close, studio } = await openStudio(browser, true);
        try {
          await configure(studio, { dataset: 'names', steps });
          await studio.locator('[data-action="start"]').click();
          await waitForAttr(page, studio, 'data-step', 'Number(v) >= 2');
          await studio.locator('[data-action="pause"]').click();
          await waitForAttr(page, studio, 'data-status', "v === 'paused'");
          const savedAt = await num(studio, 'data-saved-step');
          expect(savedAt).toBeGreaterThanOrEqual(2);
          await studio.locator('[data-action="resume"]').click();
          await waitForAttr(page, studio, 'data-step', `Number(v) > ${savedAt}`);
          expect(await studio.getAttribute('data-backend')).toBe('webgpu');

          // What a driver reset or a crashed GPU process does to a real reader: every device is lost.
          const cdp = await browser.newBrowserCDPSession();
          await cdp.send('Browser.crashGpuProcess');
          // On a cross-origin-isolated page the CPU fallback runs large matmuls on every core.
          const cores = await page.evaluate(() => (self.crossOriginIsolated ? navigator.hardwareConcurrency : 1));
          const threads = cores > 1 ? ` \\(${cores} threads\\)` : '';
          await expect.poll(() => studio.locator('[data-message="notice"]').textContent(), { timeout: 60_000 }).toMatch(
            new RegExp(`GPU device was lost at step \\d+; training continues on the CPU${threads} from the checkpoint at step ${savedAt}\\.`),
          );
          await waitForAttr(page, studio, 'data-backend', "v === 'cpu'");
          await waitForAttr(page, studio, 'data-status', "v === 'done'", 240_000);
          expect(await num(studio, 'data-step')).toBe(steps);
          expect(Number.isFinite(await num(studio, 'data-val-loss'))).toBe(true);
          expect(errors).toEqual([]);
        } finally {
          await close();
        }
      }, 300_000);

    if (!webgpu)
      test('every cell and exercise on the page runs', async () => {
        const { page, errors, close } = await openPage(browser, 'chapters/09-training/');
        try {
          await waitForWidgets(page);
          await checkA11y(page);
          const cells = page.locator('[data-cell]');
          const n = await cells.count();
          expect(n).toBeGreaterThanOrEqual(4);
          await cells.nth(n - 1).locator('[data-action="run"]').click();
          await page.waitForFunction(
            () => [...document.querySelectorAll('[data-cell]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
            undefined,
            { timeout: 120_000 },
          );
          const statuses = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
          expect(statuses.every((s) => s === 'done')).toBe(true);
          expect(errors).toEqual([]);
        } finally {
          await close();
        }
      });
  });
}
