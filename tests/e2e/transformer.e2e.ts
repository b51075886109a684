// Chapter 08-transformer in Chromium, without and with WebGPU: ParamCounter's presets give the
// exact counts (GPT-2 small 124,439,808; GPT-3's breakdown) and bad values are answered next to
// their field; BlockAnatomy shows the shape on every stage and a real model's activations, which
// change with the sentence; every cell runs to done; no console errors.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BpeTokenizer, manualSeed, nn, optim, saveCheckpoint, tensor } from '../../src/engine/index';
import { checkA11y, launchBrowser, openPage, siteUrl } from './harness/browser';
import { builds } from './harness/site';

const PATH = 'chapters/08-transformer/';
const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));
const json = async <T>(l: Locator, attr: string) => JSON.parse((await l.getAttribute(attr)) ?? 'null') as T;

/**
 * The shipped reference model when the build has it; otherwise a tiny checkpoint trained here (a
 * byte-level BPE and a 2-block GPT, a few dozen AdamW steps), served in its place.
 */
let tinyModel: Uint8Array | null = null;
const shipped = existsSync(join(builds.site.outDir, 'models/reference/model.safetensors'));

beforeAll(async () => {
  if (shipped) return;
  const text = 'Call me Ishmael. Some years ago, never mind how long precisely, I thought I would sail about a little and see the watery part of the world. ';
  manualSeed(8);
  const tokenizer = new BpeTokenizer();
  tokenizer.train(text.repeat(3), 300);
  const gpt = new nn.GPT({ vocabSize: tokenizer.vocabSize, blockSize: 64, nLayer: 2, nHead: 2, nEmbd: 16 });
  const ids = tokenizer.encode(text.repeat(2));
  const opt = new optim.AdamW(gpt.parameters(), { lr: 1e-2, weightDecay: 0 });
  for (let step = 0; step < 30; step++) {
    const start = (step * 7) % (ids.length - 33);
    const { loss } = gpt.forward(tensor([ids.slice(start, start + 32)]), tensor([ids.slice(start + 1, start + 33)]));
    opt.zeroGrad();
    loss!.backward();
    opt.step();
  }
  gpt.eval();
  tinyModel = await saveCheckpoint({ model: gpt, tokenizer, step: 30 });
});

/** Opens the chapter with the model in place from its first request: a quiet page first, then the route, then the chapter. */
async function open(browser: Browser) {
  if (!tinyModel) return openPage(browser, PATH);
  const opened = await openPage(browser, 'sources/', {
    ignore: [{ pattern: /\/logo\.svg \(net::ERR_ABORTED\)/, reason: 'the first page’s icon request, cut off by going on to the chapter' }],
  });
  const body = Buffer.from(tinyModel);
  await opened.page.context().route('**/models/reference/model.safetensors', (r) => r.fulfill({ status: 200, body, contentType: 'application/octet-stream' }));
  await opened.page.waitForLoadState('networkidle'); // so leaving it aborts nothing
  await opened.page.goto(siteUrl(PATH), { waitUntil: 'load' });
  return opened;
}

async function ready(page: Page, l: Locator) {
  await l.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await l.elementHandle(), { timeout: 60_000 });
}

async function settled(page: Page, ba: Locator): Promise<string> {
  await page.waitForFunction((el) => ['done', 'error'].includes(el?.getAttribute('data-status') ?? ''), await ba.elementHandle(), { timeout: 90_000 });
  return (await ba.getAttribute('data-status')) ?? '';
}

for (const webgpu of [false, true]) {
  describe(`08-transformer ${webgpu ? 'with' : 'without'} WebGPU`, () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => browser?.close());

    test('ParamCounter: presets give exact counts, a config of our own matches nn.GPT, bad values are explained in place', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const pc = page.locator('[data-widget="ParamCounter"]');
        await ready(page, pc);
        const preset = async (id: string) => {
          await pc.locator(`[data-action="preset:${id}"]`).click();
          await expect.poll(() => pc.locator(`[data-action="preset:${id}"]`).getAttribute('aria-pressed')).toBe('true');
        };
        await preset('gpt2-small');
        expect(await num(pc, 'data-params')).toBe(124_439_808);
        expect(await num(pc, 'data-embedding')).toBe(50257 * 768 + 1024 * 768);
        expect(await num(pc, 'data-attention')).toBe(12 * (4 * 768 * 768 + 4 * 768));
        expect(await num(pc, 'data-mlp')).toBe(12 * (8 * 768 * 768 + 5 * 768));
        expect(await pc.locator('[data-readout="total"]').textContent()).toBe('124,439,808');

        await preset('gpt3');
        expect(await num(pc, 'data-params')).toBe(174_604_259_328);
        expect(await num(pc, 'data-embedding')).toBe(617_558_016 + 25_165_824);
        expect(await num(pc, 'data-attention')).toBe(57_986_777_088);
        expect(await num(pc, 'data-mlp')).toBe(115_970_015_232);
        expect(await pc.locator('[data-part="tokenEmbedding"]').getAttribute('data-count')).toBe('617558016');
        for (const [id, total] of [['gpt2-medium', 354_823_168], ['gpt2-large', 774_030_080], ['gpt2-xl', 1_557_611_200]] as const) {
          await preset(id);
          expect(await num(pc, 'data-params')).toBe(total);
        }

        // A config of the reader's own, typed field by field, against the engine's real model.
        const cfg = { vocabSize: 65, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 16 };
        for (const [k, v] of Object.entries(cfg)) await pc.locator(`[data-control="${k}"]`).fill(String(v));
        const model = new nn.GPT(cfg);
        expect(await num(pc, 'data-params')).toBe(model.numParameters());
        for (const p of model.parameters()) p.dispose();

        // Bad values: a message beside the field, no count until it is fixed.
        const field = (k: string) => pc.locator(`[data-control="${k}"]`);
        const message = (k: string) => pc.locator(`[data-message="${k}"]`);
        for (const [k, v, want] of [
          ['nLayer', '0', /at least 1/],
          ['nLayer', '-1', /at least 1/],
          ['nHead', '3.5', /whole number, not 3\.5/],
          ['vocabSize', '', /Enter the vocabulary size/],
        ] as const) {
          await field(k).fill(v);
          await expect.poll(() => message(k).textContent()).toMatch(want);
          expect(await pc.getAttribute('data-valid')).toBe('false');
          expect(await pc.getAttribute('data-params')).toBeNull();
          expect(await field(k).getAttribute('aria-invalid')).toBe('true');
          await field(k).fill(String(cfg[k]));
          await expect.poll(() => message(k).count()).toBe(0);
        }
        await field('nHead').fill('3');
        await expect.poll(() => message('nEmbd').textContent()).toMatch(/\(16\) must be divisible by the number of heads \(3\)/);
        await field('nEmbd').fill('18');
        await expect.poll(() => pc.getAttribute('data-valid')).toBe('true');
        expect(await num(pc, 'data-params')).toBe(nn.gptParameterCount({ ...cfg, nEmbd: 18 }).total);
        await checkA11y(page);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);

    test('BlockAnatomy: shapes on every stage, keyboard, activations that follow the sentence', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const ba = page.locator('[data-widget="BlockAnatomy"]');
        await ready(page, ba);
        expect(await settled(page, ba)).toBe('done');
        const input = ba.locator('[data-input]');
        const T = await num(ba, 'data-tokens');
        expect(T).toBeGreaterThan(3);
        const norms = await json<number[]>(ba, 'data-norms');
        const layers = norms.length - 1;
        expect(layers).toBeGreaterThanOrEqual(2);
        expect(norms.every((v) => v > 0)).toBe(true);

        // Every stage: its own arrow's shape, (B, T, ·) with the sentence's T.
        const stage = (name: string) => ba.locator(`[data-action="stage:${name}"]`);
        await stage('attn').click();
        expect(await ba.getAttribute('data-stage')).toBe('attn');
        const C = (await json<number[]>(ba, 'data-shape'))[2];
        expect(await json<number[]>(ba, 'data-shape')).toEqual([1, T, C]);
        expect(await json<string[]>(ba, 'data-shape-dims')).toEqual(['B', 'T', 'C']);
        await expect.poll(() => ba.locator('.panel').textContent()).toMatch(/\(B, nh, T, T\)/);
        await stage('head').click();
        const V = (await json<number[]>(ba, 'data-shape'))[2];
        expect(await json<number[]>(ba, 'data-shape')).toEqual([1, T, V]);
        await stage('tokens').click();
        expect(await json<number[]>(ba, 'data-shape')).toEqual([1, T]);
        expect(await ba.locator('[data-arrow="mlp"]').textContent()).toBe(`B×T×C = 1×${T}×${C}`);

        // Keyboard: focus a stage, arrows move along the diagram.
        await stage('tokens').focus();
        await page.keyboard.press('ArrowDown');
        expect(await ba.getAttribute('data-stage')).toBe('embed');
        await page.keyboard.press('ArrowDown');
        expect(await ba.getAttribute('data-stage')).toBe('ln1');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-stage'))).toBe('ln1');
        // LayerNorm: the model's input has its own spread; after normalising it is 1.
        expect(await num(ba, 'data-ln-after-std')).toBeCloseTo(1, 2);
        expect(Math.abs((await num(ba, 'data-ln-before-std')) - 1)).toBeGreaterThan(0.05);
        await page.keyboard.press('End');
        expect(await ba.getAttribute('data-stage')).toBe('softmax');
        await expect.poll(() => ba.locator('.panel').textContent()).toMatch(/%/);

        // A new sentence: new tokens, new activations.
        await input.fill('The sea was calm and grey under a low sky.');
        await expect.poll(() => ba.getAttribute('data-norms'), { timeout: 30_000 }).not.toBe(JSON.stringify(norms));
        expect(await settled(page, ba)).toBe('done');
        expect(await num(ba, 'data-tokens')).not.toBe(T);
        await stage('attn').click();
        expect((await json<number[]>(ba, 'data-shape'))[1]).toBe(await num(ba, 'data-tokens'));

        await checkA11y(page);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);

    test('BlockAnatomy: bad input is answered in place; other configs’ shapes; B and T checked', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const ba = page.locator('[data-widget="BlockAnatomy"]');
        await ready(page, ba);
        expect(await settled(page, ba)).toBe('done');
        const input = ba.locator('[data-input]');
        const stage = (name: string) => ba.locator(`[data-action="stage:${name}"]`);
        // Bad input: empty, emoji only, too long for the context, too long for the service.
        await input.fill('');
        await expect.poll(() => ba.locator('[data-message="input"]').textContent()).toMatch(/Type a sentence/);
        expect(await ba.getAttribute('data-status')).toBe('error');
        await input.fill('🐋🌊🐋');
        await expect.poll(() => ba.getAttribute('data-status')).toBe('done');
        expect(await num(ba, 'data-tokens')).toBeGreaterThan(0);
        await input.fill('whale '.repeat(400));
        await expect.poll(() => ba.locator('[data-message="input"]').textContent(), { timeout: 30_000 }).toMatch(/only the last \d+ are shown/);
        await input.fill('x'.repeat(100_001));
        await expect.poll(() => ba.locator('[data-message="input"]').textContent(), { timeout: 30_000 }).toMatch(/100,001 characters; the limit is 100,000/);

        // Other configs' shapes, and B and T checked against the context.
        await input.fill('Call me Ishmael.');
        await ba.locator('[data-control="preset"]').selectOption('gpt3');
        await stage('attn').click();
        expect(await json<number[]>(ba, 'data-shape')).toEqual([1, 2048, 12288]);
        await expect.poll(() => ba.locator('.panel').textContent()).toMatch(/\(1, 96, 2,048, 2,048\)/);
        await ba.locator('[data-control="T"]').fill('5000');
        await expect.poll(() => ba.locator('[data-message="T"]').textContent()).toMatch(/at most 2,048/);
        await ba.locator('[data-control="B"]').fill('0');
        await expect.poll(() => ba.locator('[data-message="B"]').textContent()).toMatch(/at least 1/);
        expect(await ba.getAttribute('data-shape')).toBeNull();
        await ba.locator('[data-control="T"]').fill('16');
        await ba.locator('[data-control="B"]').fill('8');
        expect(await json<number[]>(ba, 'data-shape')).toEqual([8, 16, 12288]);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);

    test.runIf(!webgpu)('dark theme: both widgets ready, no serious axe findings', async () => {
      const { page, errors, close } = await openPage(browser, PATH, { colorScheme: 'dark' });
      try {
        for (const name of ['BlockAnatomy', 'ParamCounter']) await ready(page, page.locator(`[data-widget="${name}"]`));
        await page.locator('[data-widget="BlockAnatomy"] [data-action="stage:ln1"]').click();
        await checkA11y(page);
        // Without the reference model in the build, the widget says so in place: that one 404 is expected.
        expect(errors.filter((e) => !(tinyModel && /HTTP 404: .*model\.safetensors/.test(e)))).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);

    test('every cell and exercise on the page runs to done', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const cells = page.locator('[data-cell]');
        const n = await cells.count();
        expect(n).toBe(8); // 5 cells and 3 exercises
        await cells.nth(n - 1).locator('[data-action="run"]').click();
        await page.waitForFunction(
          () => [...document.querySelectorAll('[data-cell]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
          undefined,
          { timeout: 150_000 },
        );
        const report = await cells.evaluateAll((els) =>
          els.map((e) => `${e.getAttribute('data-cell-id')}: ${e.getAttribute('data-status')} ${e.getAttribute('data-status') === 'error' ? e.querySelector('[data-output]')?.textContent : ''}`),
        );
        expect(report.filter((r) => !/: done $/.test(r))).toEqual([]);
        const out = (id: string) => page.locator(`[data-cell-id="${id}"] [data-output]`).textContent();
        expect(await out('shapes')).toMatch(/largest difference from model\.forward\(idx\): 0/);
        expect(await out('superposition')).toMatch(/12288/);
        // Exercises ran their starter code: done, and their check says fail.
        expect(await page.locator('[data-exercise][data-check="fail"]').count()).toBe(3);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 300_000);
  });
}
