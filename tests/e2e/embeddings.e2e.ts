// Chapter 6 in Chromium, without and with WebGPU: the embedding explorer and the positional-encoding
// widget load a trained model through the model service and show the numbers the same model gives in
// Node; search, arithmetic and hover work from mouse and keyboard; bad input is answered in place;
// every cell runs; nothing is logged as an error. Until the reference model is shipped in public/,
// the page is served a small checkpoint made here (the same request, answered by the test).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BpeTokenizer, manualSeed, nn, saveCheckpoint, sinusoidalPositions } from '../../src/engine/index';
import { ModelService } from '../../src/models/service';
import type { EmbeddingsResult } from '../../src/models/protocol';
import { arithmetic, findToken, neighbours, type EmbeddingTable } from '../../src/components/widgets/EmbeddingExplorer/embeddingExplorer';
import { checkA11y, launchBrowser, openPage } from './harness/browser';

const SHIPPED = resolve(import.meta.dirname, '../../public/models/reference/model.safetensors');
const TEXT = `Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse,
and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the
world. The whale swam under the ship, and the sea was deep; the captain watched the whale and the men watched the sea. `;

let bytes: Uint8Array;
let emb: EmbeddingsResult;
let blockSize: number;
let table: EmbeddingTable;

beforeAll(async () => {
  if (existsSync(SHIPPED)) {
    bytes = new Uint8Array(readFileSync(SHIPPED));
  } else {
    manualSeed(11);
    const tokenizer = new BpeTokenizer();
    tokenizer.train(TEXT.repeat(3), 320);
    const gpt = new nn.GPT({ vocabSize: tokenizer.vocabSize, blockSize: 32, nLayer: 1, nHead: 2, nEmbd: 16 });
    bytes = await saveCheckpoint({ model: gpt, tokenizer, step: 0 });
  }
  const service = new ModelService({ fetchBytes: async () => bytes, loadYours: async () => null, referenceUrl: 'reference' });
  const info = await service.load({ kind: 'reference' });
  blockSize = info.config.blockSize;
  emb = await service.embeddings(info.id);
  table = { wte: emb.wte, vocab: emb.vocab, nEmbd: emb.nEmbd };
});

const words = () => emb.vocab.filter((t) => /^ [a-z]{3,}$/.test(t.text)).map((t) => t.text);

async function open(browser: Browser) {
  const opened = await openPage(browser, 'chapters/06-embeddings/');
  if (!existsSync(SHIPPED)) {
    await opened.page.context().route('**/models/reference/model.safetensors', (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from(bytes) }),
    );
  }
  return opened;
}

async function ready(page: Page, w: Locator) {
  await w.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await w.elementHandle(), { timeout: 120_000 });
}

const pairs = (json: string | null) => JSON.parse(json ?? '[]') as [string, number][];

for (const webgpu of [false, true]) {
  describe(`06-embeddings ${webgpu ? 'with' : 'without'} WebGPU`, () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => browser?.close());

    test('EmbeddingExplorer: search, neighbours and arithmetic match the model; keyboard and hover; bad input', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const ee = page.locator('[data-widget="EmbeddingExplorer"]');
        await ready(page, ee);
        expect(await ee.getAttribute('data-model')).toBe('reference');
        expect(Number(await ee.getAttribute('data-points'))).toBe(emb.vocab.length);

        // Search a word without its leading space: the spaced token is found, neighbours as in Node.
        const word = words()[0];
        await ee.locator('[data-input]').fill(word.trim());
        await ee.locator('[data-action="search"]').click();
        await expect.poll(() => ee.getAttribute('data-selected')).toBe(word);
        const found = findToken(table, word);
        if (!found.ok) throw new Error(found.message);
        const want = neighbours(table, found.id, 8);
        const got = pairs(await ee.getAttribute('data-neighbours'));
        expect(got.map(([t]) => t)).toEqual(want.map((n) => n.text));
        got.forEach(([, c], i) => expect(c).toBeCloseTo(want[i].cosine, 3));
        await expect.poll(() => ee.locator('[data-readout="neighbours"]').textContent()).toContain(want[0].cosine.toFixed(3));
        await expect.poll(() => ee.locator('[data-message="note"]').textContent()).toMatch(/the word with the space before it/);

        // Arrow keys move the selection to another point; hovering names a point.
        const plot = ee.locator('[data-scatter]');
        await plot.focus();
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowUp');
        await expect.poll(() => ee.getAttribute('data-selected')).not.toBe(word);
        const box = (await plot.boundingBox())!;
        for (let k = 0; k < 40 && (await plot.locator('[data-hovered]').count()) === 0; k++) {
          await page.mouse.move(box.x + box.width * (0.2 + 0.6 * ((k * 7) % 40) / 40), box.y + box.height * (0.15 + 0.6 * ((k * 13) % 40) / 40));
        }
        expect((await plot.locator('[data-hovered]').textContent())?.length).toBeGreaterThan(2);

        // Vector arithmetic: the widget's nearest results are the ones Node computes.
        const [a, b, c] = words().slice(1, 4);
        await ee.locator('[data-control="a"]').fill(a);
        await ee.locator('[data-control="b"]').fill(b);
        await ee.locator('[data-control="c"]').fill(c);
        await ee.locator('[data-action="arithmetic"]').click();
        const id = (t: string) => emb.vocab.findIndex((v) => v.text === t);
        const wantArith = arithmetic(table, id(a), id(b), id(c), 5);
        await expect.poll(async () => pairs(await ee.getAttribute('data-arithmetic')).map(([t]) => t)).toEqual(wantArith.results.map((n) => n.text));
        await expect.poll(() => ee.locator('[data-readout="arithmetic"]').textContent()).toContain(wantArith.results[0].cosine.toFixed(3));

        // Bad input, answered in place.
        const input = ee.locator('[data-input]');
        await input.fill('');
        await ee.locator('[data-action="search"]').click();
        await expect.poll(() => ee.locator('[data-message="search"]').textContent()).toMatch(/Type a token/);
        await input.fill('🐋🐋');
        await input.press('Enter');
        await expect.poll(() => ee.locator('[data-message="search"]').textContent()).toMatch(/is not a token of this model/);
        await input.fill('x'.repeat(100_000));
        await ee.locator('[data-action="search"]').click();
        await expect.poll(() => ee.locator('[data-message="search"]').textContent()).toMatch(/characters; a token is a few characters long/);
        await ee.locator('[data-control="c"]').fill('');
        await ee.locator('[data-action="arithmetic"]').click();
        await expect.poll(() => ee.locator('[data-message="arithmetic"]').textContent()).toMatch(/^c: Type a token/);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    test('PositionalEncoding: values under the cursor are the formula and the model’s wpe; sliders; similarity', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const pe = page.locator('[data-widget="PositionalEncoding"]');
        await ready(page, pe);
        const C = emb.nEmbd;
        const T0 = Number(await pe.getAttribute('data-positions'));
        expect(T0).toBe(Math.min(64, blockSize));

        // Keyboard: from (5, 0), two down and three right is position 7, dimension 3.
        await pe.locator('[data-heatmap="sinusoidal"]').focus();
        for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
        await expect.poll(async () => Number(await pe.getAttribute('data-value-sinusoidal'))).toBeCloseTo(sinusoidalPositions(8, C)[7][3], 5);
        expect(Number(await pe.getAttribute('data-value-learned'))).toBeCloseTo(emb.wpe[7 * C + 3], 5);
        await expect.poll(() => pe.locator('[data-readout="value"]').textContent()).toMatch(/Position 7, dimension 3/);

        // Hover: the middle of the learned table is about position T/2, dimension C/2.
        const heat = pe.locator('[data-heatmap="learned"] image');
        const box = (await heat.boundingBox())!;
        await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2 + 1);
        const text = (await pe.locator('[data-readout="value"]').textContent()) ?? '';
        const [, pos, dim] = text.match(/Position (\d+), dimension (\d+)/)!.map(Number);
        expect(Math.abs(pos - T0 / 2)).toBeLessThanOrEqual(1);
        expect(Math.abs(dim - C / 2)).toBeLessThanOrEqual(1);
        expect(Number(await pe.getAttribute('data-value-learned'))).toBeCloseTo(emb.wpe[pos * C + dim], 5);

        // Similarity: the diagonal is 1; the sinusoidal one depends only on the distance.
        const sim = pe.locator('[data-heatmap="sinusoidal-similarity"]');
        await sim.focus();
        await page.keyboard.press('ArrowLeft'); // (5, 10) → (5, 9)
        const rows = sinusoidalPositions(10, C);
        const cos = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0) / Math.hypot(...u) / Math.hypot(...v);
        await expect.poll(async () => Number(await pe.getAttribute('data-similarity-sinusoidal'))).toBeCloseTo(cos(rows[5], rows[9]), 4);
        for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft'); // (5, 5)
        await expect.poll(async () => Number(await pe.getAttribute('data-similarity-learned'))).toBeCloseTo(1, 4);

        // Sliders: all positions, then the last dimension.
        await pe.locator('[data-control="positions"]').press('End');
        await expect.poll(async () => Number(await pe.getAttribute('data-positions'))).toBe(blockSize);
        await pe.locator('[data-control="dimension"]').press('End');
        await expect.poll(async () => Number(await pe.getAttribute('data-dimension'))).toBe(C - 1);
        expect(Number(await pe.getAttribute('data-adjacent-sinusoidal'))).toBeGreaterThan(0.5);

        // Axe over this page takes about a minute on a loaded 2-core machine: once per file is enough.
        if (!webgpu) await checkA11y(page);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    test('every cell runs to done and every exercise can be checked', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const cells = page.locator('[data-cell]');
        const n = await cells.count();
        expect(n).toBe(8); // five cells and three exercises
        await cells.nth(n - 1).locator('[data-action="run"]').click();
        await page.waitForFunction(
          () => [...document.querySelectorAll('[data-cell]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
          undefined,
          { timeout: 120_000 },
        );
        const report = await cells.evaluateAll((els) =>
          els.map((e) => `${e.getAttribute('data-cell-id')}: ${e.getAttribute('data-status')} ${e.getAttribute('data-status') === 'error' ? e.querySelector('[data-output]')?.textContent : ''}`),
        );
        expect(report.filter((r) => !/: done $/.test(r))).toEqual([]);
        await expect.poll(() => page.locator('[data-cell-id="embedding-params"] [data-output]').textContent()).toContain('617,558,016');
        await expect.poll(() => page.locator('[data-cell-id="lookup-vs-onehot"] [data-output]').textContent()).toMatch(/sum of squared differences: 0\b/);
        // Starter code runs but fails its check.
        const exercises = page.locator('[data-exercise]');
        expect(await exercises.count()).toBe(3);
        for (let i = 0; i < 3; i++) await expect.poll(() => exercises.nth(i).getAttribute('data-check')).toBe('fail');
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  });
}
