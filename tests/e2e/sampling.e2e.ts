// Chapter 10 in Chromium, without and with WebGPU: the SamplingLab's hooks (data-probs after the
// filter sums to 1; top-k 3 keeps 3; greedy is deterministic; the same seed writes the same text,
// whether stepped or generated), every bad input answered in place, the in-context probe measures,
// every cell runs, an exercise passes with its solution, and the page logs no errors.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CharTokenizer, manualSeed, nn, optim, saveCheckpoint, tensor } from '../../src/engine/index';
import { checkA11y, launchBrowser, openPage, waitForWidgets, runAllCells } from './harness/browser';

type Probs = [string, number][];
/** Tokens per "generate" in these tests: enough to tell texts apart, few enough for SwiftShader. */
const GENERATED = 12;
const probsOf = async (sl: Locator): Promise<Probs> => JSON.parse((await sl.getAttribute('data-probs')) ?? '[]') as Probs;
const editorText = (cell: Locator) =>
  cell.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n'));
const sum = (p: Probs) => p.reduce((s, [, q]) => s + q, 0);

/** Sets a control the way a reader does (select all, type). */
const set = (sl: Locator, control: string, value: string) => sl.locator(`[data-control="${control}"]`).fill(value);

async function settledProbs(sl: Locator, pred: (p: Probs) => boolean): Promise<Probs> {
  await expect.poll(async () => pred(await probsOf(sl)), { timeout: 30_000 }).toBe(true);
  return probsOf(sl);
}

async function generateText(page: Page, sl: Locator): Promise<string> {
  await sl.locator('[data-action="reset"]').click();
  await expect.poll(() => sl.getAttribute('data-tokens')).toBe('0');
  await sl.locator('[data-action="generate"]').click();
  await page.waitForFunction(
    ([el, n]) => (el as Element).getAttribute('data-status') === 'idle' && (el as Element).getAttribute('data-tokens') === n,
    [await sl.elementHandle(), String(GENERATED)] as const,
    { timeout: 120_000 },
  );
  return (await sl.getAttribute('data-output')) ?? '';
}

/** A tiny character-level GPT trained for a few steps: "Your model" without the studio. */
async function tinyCheckpoint(): Promise<{ bytes: number[]; vocabSize: number }> {
  const text = 'abcdefgh'.repeat(12);
  const tok = CharTokenizer.fromText(text);
  const data = tok.encode(text);
  manualSeed(0);
  const model = new nn.GPT({ vocabSize: tok.vocabSize, blockSize: 32, nLayer: 1, nHead: 2, nEmbd: 16 });
  const opt = new optim.AdamW(model.parameters(), { lr: 1e-2 });
  for (let step = 0; step < 30; step++) {
    const starts = [0, 3, 9, 20];
    const { loss } = model.forward(tensor(starts.map((s) => data.slice(s, s + 32))), tensor(starts.map((s) => data.slice(s + 1, s + 33))));
    opt.zeroGrad();
    loss!.backward();
    opt.step();
  }
  return { bytes: Array.from(await saveCheckpoint({ model, tokenizer: tok, step: 30 })), vocabSize: tok.vocabSize };
}

/** Stores a checkpoint where src/models/yours.ts keeps the reader's model (idb-keyval's layout). */
async function storeYourModel(page: Page, bytes: number[]) {
  await page.evaluate(async (data) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('ntg.models');
      r.onupgradeneeded = () => r.result.createObjectStore('checkpoints');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    await new Promise((ok, fail) => {
      const tx = db.transaction('checkpoints', 'readwrite');
      const meta = { step: 30, label: 'a test model', savedAt: Date.now(), bytes: data.length };
      tx.objectStore('checkpoints').put({ meta, checkpoint: new Uint8Array(data) }, 'yours');
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, bytes);
}

for (const webgpu of [false, true]) {
  describe(`chapter 10 ${webgpu ? 'with' : 'without'} WebGPU`, () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => browser?.close());

    test('SamplingLab: filtered distribution, greedy, seeds, steps', async () => {
      const { page, errors, close } = await openPage(browser, 'chapters/10-sampling/');
      try {
        expect(await waitForWidgets(page, 120_000)).toEqual(expect.arrayContaining(['SamplingLab', 'InContextProbe']));
        const sl = page.locator('[data-widget="SamplingLab"]');
        await set(sl, 'length', String(GENERATED));

        // Temperature 1, no filter: every token survives, highest first, summing to 1.
        const full = await probsOf(sl);
        expect(full.length).toBe(1024);
        expect(Math.abs(sum(full) - 1)).toBeLessThan(1e-6);
        expect(full.every(([, p], i) => i === 0 || p <= full[i - 1][1])).toBe(true);
        expect(await sl.locator('[data-bar]').count()).toBe(21); // top 20 and the rest summed

        await set(sl, 'topK', '3');
        const k3 = await settledProbs(sl, (p) => p.length === 3);
        expect(Math.abs(sum(k3) - 1)).toBeLessThan(1e-6);
        expect(k3.map(([t]) => t)).toEqual(full.slice(0, 3).map(([t]) => t));
        expect(k3[0][1] / k3[1][1]).toBeCloseTo(full[0][1] / full[1][1], 4); // renormalised, same ratios
        expect(await sl.locator('[data-bar][data-removed="true"]').count()).toBe(18); // 17 tokens and the rest

        await set(sl, 'topK', '');
        await set(sl, 'topP', '0.5');
        const nucleus = await settledProbs(sl, (p) => p.length < 1024);
        expect(Math.abs(sum(nucleus) - 1)).toBeLessThan(1e-6);
        await set(sl, 'topP', '1');
        await settledProbs(sl, (p) => p.length === 1024);

        // Greedy (top-k 1) is deterministic: two different seeds write the same text.
        await set(sl, 'topK', '1');
        await settledProbs(sl, (p) => p.length === 1 && p[0][1] === 1);
        const greedyA = await generateText(page, sl);
        await set(sl, 'seed', '7');
        const greedyB = await generateText(page, sl);
        expect(greedyA.length).toBeGreaterThan(0);
        expect(greedyB).toBe(greedyA);
        // Temperature 0 is greedy too.
        await set(sl, 'topK', '');
        await set(sl, 'temperature', '0');
        await expect.poll(() => sl.locator('[data-message="settings"]').textContent()).toMatch(/greedy/);
        await settledProbs(sl, (p) => p.length === 1);
        expect(await generateText(page, sl)).toBe(greedyA);

        // Sampling: the same seed gives the same text; stepping draws the same tokens as generate.
        await set(sl, 'temperature', '1');
        await set(sl, 'seed', '42');
        await settledProbs(sl, (p) => p.length === 1024);
        const sampledA = await generateText(page, sl);
        expect(await generateText(page, sl)).toBe(sampledA);
        expect(sampledA).not.toBe(greedyA);
        await sl.locator('[data-action="reset"]').click();
        for (let i = 1; i <= 5; i++) {
          await sl.locator('[data-action="step"]').click();
          await expect.poll(() => sl.getAttribute('data-tokens')).toBe(String(i));
          await expect.poll(async () => (await sl.locator('[data-action="step"]').isEnabled())).toBe(true);
        }
        const stepped = (await sl.getAttribute('data-output')) ?? '';
        expect(stepped.length).toBeGreaterThan(0);
        expect(sampledA.startsWith(stepped)).toBe(true);
        const logProb = Number(await sl.getAttribute('data-logprob'));
        expect(logProb).toBeLessThan(0);
        expect(Number.isFinite(logProb)).toBe(true);
        await set(sl, 'seed', '43');
        expect(await generateText(page, sl)).not.toBe(sampledA);

        // Exact values on focus: the first bar's tooltip shows the top token's probability.
        await sl.locator('[data-bar]').first().focus();
        await expect.poll(() => sl.locator('[data-bar]').first().locator('.tip').isVisible()).toBe(true);
        await page.keyboard.press('ArrowDown');
        await expect.poll(() => sl.locator('[data-bar]').nth(1).evaluate((el) => el === document.activeElement)).toBe(true);

        await checkA11y(page);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 400_000);

    // Bad input is answered by the page's own checks, the same on either backend: once is enough.
    test.skipIf(webgpu)('SamplingLab: every bad setting and prompt gets a message in place', async () => {
      const { page, errors, close } = await openPage(browser, 'chapters/10-sampling/');
      try {
        await waitForWidgets(page, 120_000);
        const sl = page.locator('[data-widget="SamplingLab"]');
        // Bad settings: a message in place, and the last good distribution stays.
        const alert = sl.locator('[data-message="settings"]');
        for (const [control, value, message] of [
          ['temperature', '101', /past 100/],
          ['topP', '0', /above 0/],
          ['topP', '1.5', /at most 1/],
          ['topK', '0', /no token/],
        ] as const) {
          await set(sl, control, value);
          await expect.poll(() => alert.textContent()).toMatch(message);
          expect(await sl.locator('[data-action="generate"]').isDisabled()).toBe(true);
          await set(sl, control, control === 'topK' ? '' : '1');
        }
        await set(sl, 'temperature', '100');
        await expect.poll(() => alert.textContent()).toMatch(/above 2/);
        const flat = await settledProbs(sl, (p) => p.length === 1024 && p[0][1] < 0.01);
        expect(Math.abs(sum(flat) - 1)).toBeLessThan(1e-6);
        await set(sl, 'temperature', '1');

        // Bad prompts.
        const input = sl.locator('[data-input]');
        const promptMessage = sl.locator('[data-message="prompt"]');
        await input.fill('');
        await expect.poll(() => promptMessage.textContent()).toMatch(/Type a prompt/);
        expect(await sl.locator('[data-action="step"]').isDisabled()).toBe(true);
        await input.fill('x'.repeat(100_000));
        await expect.poll(() => promptMessage.textContent()).toMatch(/100,000 characters/);
        await input.fill('🐳🐳🐳');
        await expect.poll(() => promptMessage.textContent()).toMatch(/emoji/);
        const emoji = await settledProbs(sl, (p) => p.length === 1024);
        expect(Math.abs(sum(emoji) - 1)).toBeLessThan(1e-6);
        await input.fill('Call me Ishmael.');
        await settledProbs(sl, (p) => p.length === 1024);

        await checkA11y(page);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);

    test('Your model: the picker offers it, and both widgets use it', async () => {
      const tiny = await tinyCheckpoint();
      const { page, errors, close } = await openPage(browser, 'chapters/10-sampling/');
      try {
        await waitForWidgets(page, 120_000);
        await storeYourModel(page, tiny.bytes);
        await page.reload();
        await waitForWidgets(page, 120_000);
        const sl = page.locator('[data-widget="SamplingLab"]');
        await sl.locator('input[type=radio][value="yours"]').check();
        await expect.poll(() => sl.getAttribute('data-model')).toBe('yours');
        // Its vocabulary is the letters a–h: the default prompt cannot be read, and the widget says so.
        await expect.poll(() => sl.locator('[data-message="service"]').textContent(), { timeout: 30_000 }).toMatch(/./);
        await sl.locator('[data-input]').fill('abcabc');
        const probs = await settledProbs(sl, (p) => p.length === tiny.vocabSize);
        expect(Math.abs(sum(probs) - 1)).toBeLessThan(1e-6);
        await set(sl, 'length', '10');
        await sl.locator('[data-action="generate"]').click();
        await expect.poll(() => sl.getAttribute('data-tokens'), { timeout: 60_000 }).toBe('10');
        await expect.poll(() => sl.getAttribute('data-status')).toBe('idle');
        expect(await sl.getAttribute('data-output')).toMatch(/^[a-h]{10}$/);

        const probe = page.locator('[data-widget="InContextProbe"]');
        await probe.locator('input[type=radio][value="yours"]').check();
        await expect.poll(() => probe.getAttribute('data-model')).toBe('yours');
        await probe.locator('[data-control="length"]').fill('6');
        await probe.locator('[data-control="trials"]').fill('2');
        await probe.locator('[data-action="run"]').click();
        await page.waitForFunction((el) => el?.getAttribute('data-status') === 'done', await probe.elementHandle(), { timeout: 60_000 });
        expect(await probe.getAttribute('data-trials-done')).toBe('2');
        expect(Number(await probe.getAttribute('data-second'))).toBeGreaterThanOrEqual(0);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);

    test('InContextProbe measures the first and second copy; cells run; an exercise passes', async () => {
      const { page, errors, close } = await openPage(browser, 'chapters/10-sampling/');
      try {
        await waitForWidgets(page, 120_000);
        const probe = page.locator('[data-widget="InContextProbe"]');
        // A length whose two copies would not fit is refused in place; the last good one stays.
        const length = probe.locator('[data-control="length"]');
        await length.fill('200');
        await expect.poll(async () => page.locator(`[id="${await length.getAttribute('aria-describedby')}"]`).textContent()).toBe(
          '200 is out of range; enter a whole number from 4 to 64. Still using 12.',
        );
        await probe.locator('[data-control="length"]').fill('6');
        await probe.locator('[data-control="trials"]').fill('2');
        await probe.locator('[data-action="run"]').click();
        await page.waitForFunction((el) => el?.getAttribute('data-status') === 'done', await probe.elementHandle(), { timeout: 120_000 });
        expect(await probe.getAttribute('data-trials-done')).toBe('2');
        const perPosition = JSON.parse((await probe.getAttribute('data-per-position')) ?? '{}') as { first: (number | null)[]; second: number[] };
        expect(perPosition.first).toHaveLength(6);
        expect(perPosition.first[0]).toBeNull();
        expect(perPosition.second).toHaveLength(6);
        for (const attr of ['data-first', 'data-second', 'data-first-p', 'data-second-p']) {
          const v = Number(await probe.getAttribute(attr));
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }

        const cells = page.locator('[data-cell]');
        const n = await cells.count();
        expect(n).toBeGreaterThanOrEqual(6);
        const statuses = await runAllCells(page);
        expect(statuses.filter((s) => !s.endsWith(': done'))).toEqual([]);
        const exercise = page.locator('[data-cell][data-exercise]').first();
        await expect.poll(() => exercise.getAttribute('data-check')).toBe('fail');
        const starter = (await exercise.getAttribute('data-source')) ?? '';
        await exercise.scrollIntoViewIfNeeded();
        await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await exercise.elementHandle(), { timeout: 30_000 });
        await exercise.locator('[data-action="use-solution"]').click();
        await expect.poll(async () => (await exercise.locator('.cm-content').isVisible()) && (await editorText(exercise)) !== starter).toBe(true);
        await exercise.locator('[data-action="run"]').click();
        await expect.poll(() => exercise.getAttribute('data-check'), { timeout: 30_000 }).toBe('pass');
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);
  });
}
