// Chapter 7 in Chromium, without and with WebGPU: the stepper's stages and arithmetic, the attention
// visualizer on typed sentences (causal rows that sum to 1, the tokenizer's own tokens, new text and
// new heads give new weights), bad input answered in place, a page that stays responsive while the
// model runs, every cell done and no console errors. Until the reference model ships, the test
// serves a tiny untrained checkpoint in its place (same format, same service).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BpeTokenizer, loadCheckpoint, manualSeed, nn, saveCheckpoint } from '../../src/engine/index';
import { tokenText } from '../../src/models/tokenText';
import { checkA11y, launchBrowser, openPage, waitForWidgets } from './harness/browser';
import { builds } from './harness/site';

const PATH = 'chapters/07-attention/';
const SENTENCES = ['The whale swam past the ship.', 'Call me Ishmael.', 'it was the best of times, it was the worst of times', 'Привет, мир! 白鲸'];

type Tok = ReturnType<typeof loadCheckpoint>['tokenizer'];
let modelBytes: Uint8Array | null = null; // null: the build ships the real reference model
let tokenizer: NonNullable<Tok>;
let blockSize = 0;

beforeAll(async () => {
  const shipped = join(builds.site.outDir, 'models/reference/model.safetensors');
  let bytes: Uint8Array;
  if (existsSync(shipped)) bytes = new Uint8Array(readFileSync(shipped));
  else {
    manualSeed(11);
    const tok = new BpeTokenizer();
    tok.train('the whale swam past the ship. call me ishmael. it was the best of times. '.repeat(6), 300);
    const gpt = new nn.GPT({ vocabSize: tok.vocabSize, blockSize: 64, nLayer: 2, nHead: 2, nEmbd: 16 });
    bytes = modelBytes = await saveCheckpoint({ model: gpt, tokenizer: tok, step: 0 });
  }
  const ckpt = loadCheckpoint(bytes);
  tokenizer = ckpt.tokenizer!;
  blockSize = Number(ckpt.config?.blockSize);
  if (!(blockSize > 0)) throw new Error('the checkpoint has no blockSize in its config');
});

const tokensOf = (text: string) => {
  const ids = tokenizer.encode(text);
  return ids.slice(-blockSize).map((id) => tokenText(tokenizer, id));
};

async function open(browser: Browser) {
  const opened = await openPage(browser, PATH);
  if (modelBytes) {
    const body = Buffer.from(modelBytes);
    await opened.page.context().route('**/models/reference/model.safetensors', (r) => r.fulfill({ body, contentType: 'application/octet-stream' }));
    await opened.page.context().route('**/models/reference/card.json', (r) => r.fulfill({ json: { heads: [{ layer: 0, head: 0, previous: 0.5, first: 0.3, self: 0.2, label: 'previous token' }] } }));
  }
  return opened;
}

const json = async <T>(l: Locator, attr: string): Promise<T> => JSON.parse((await l.getAttribute(attr)) ?? 'null') as T;

/** Types `text` like a reader and waits for the forward it triggers. */
async function typeAndWait(page: Page, viz: Locator, text: string) {
  const before = await viz.getAttribute('data-weights');
  await viz.locator('[data-input]').fill(text);
  await page.waitForFunction(
    ([el, b]) => (el as Element).getAttribute('data-status') === 'done' && (el as Element).getAttribute('data-weights') !== b,
    [await viz.elementHandle(), before] as const,
    { timeout: 60_000 },
  );
}

function checkCausal(w: number[][], T: number) {
  expect(w).toHaveLength(T);
  for (let t = 0; t < T; t++) {
    expect(w[t]).toHaveLength(T);
    expect(Math.abs(w[t].reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
    for (let s = t + 1; s < T; s++) expect(w[t][s]).toBe(0);
  }
}

for (const webgpu of [false, true]) {
  describe(`07-attention ${webgpu ? 'with' : 'without'} WebGPU`, () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => browser?.close());

    test('the stepper walks the stages with the engine’s numbers; editing and nudging update them', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const st = page.locator('[data-widget="AttentionStepper"]');
        await st.scrollIntoViewIfNeeded();
        await expect.poll(() => st.getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
        expect(await st.getAttribute('data-stage')).toBe('input');
        expect(await st.locator('[data-action="prev"]').isDisabled()).toBe(true);
        const stages = [];
        for (let i = 0; i < 9; i++) {
          await st.locator('[data-action="next"]').click();
          stages.push(await st.getAttribute('data-stage'));
        }
        expect(stages).toEqual(['q', 'k', 'v', 'scores', 'scaled', 'masked', 'softmax', 'sum', 'output']);
        await st.locator('[data-action="stage:softmax"]').click();
        expect(Number(await st.getAttribute('data-check-error'))).toBeLessThan(1e-5);
        const w = await json<number[][]>(st, 'data-weights');
        checkCausal(w, 6);

        // Hovering a cell shows its arithmetic; the keyboard moves between cells.
        await st.locator('rect[data-row="2"][data-col="1"]').hover();
        await expect.poll(() => st.locator('figcaption').textContent()).toMatch(/exp\(.*\) \/ .* = [\d.]+: “sat” puts [\d.]+% of its attention on “cat”/);
        await st.locator('[data-heatmap]').focus();
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => st.locator('figcaption').textContent()).toMatch(/“sat” .*“sat”/);

        // A new sentence: new tokens, new weights.
        await st.locator('[data-input]').fill('it was too tired');
        await expect.poll(() => st.getAttribute('data-tokens')).toBe(JSON.stringify(['it', 'was', 'too', 'tired']));
        const w2 = await json<number[][]>(st, 'data-weights');
        checkCausal(w2, 4);
        // Nudging a key weight changes the softmaxed weights.
        await st.locator('[data-control="weight"]').selectOption({ value: 'wk:0:0' });
        for (let i = 0; i < 10; i++) await st.locator('[data-control="nudge"]').press('ArrowRight');
        await expect.poll(() => st.getAttribute('data-weights')).not.toBe(JSON.stringify(w2));
        await checkA11y(page);
        // Empty input is answered in place.
        await st.locator('[data-input]').fill('');
        await expect.poll(() => st.locator('[data-message]').textContent()).toMatch(/at least one word/);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    test('the visualizer shows every head of the model on typed sentences, and handles bad input', async () => {
      const { page, errors, close } = await open(browser);
      try {
        const viz = page.locator('[data-widget="AttentionVisualizer"]');
        await viz.scrollIntoViewIfNeeded();
        await expect.poll(() => viz.getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
        const L = Number(await viz.getAttribute('data-layers'));
        const H = Number(await viz.getAttribute('data-heads'));
        expect(L).toBeGreaterThan(0);
        expect(H).toBeGreaterThan(0);
        expect(await viz.locator('[data-action="select-head"]').count()).toBe(L * H);
        expect(await viz.getAttribute('data-model')).toBe('reference');

        let previous = '';
        for (const text of SENTENCES) {
          await typeAndWait(page, viz, text);
          const tokens = await json<string[]>(viz, 'data-tokens');
          expect(tokens).toEqual(tokensOf(text));
          const w = await json<number[][]>(viz, 'data-weights');
          checkCausal(w, tokens.length);
          expect(JSON.stringify(w)).not.toBe(previous);
          previous = JSON.stringify(w);
        }
        expect(decodeURIComponent(page.url().replace(/\+/g, ' '))).toContain(`viz.text=${SENTENCES.at(-1)}`);

        // Another head and another layer: other weights, reflected in the hooks and the URL.
        await typeAndWait(page, viz, SENTENCES[0]);
        const w0 = await viz.getAttribute('data-weights');
        await viz.locator('[data-control="head"]').selectOption({ value: String(H - 1) });
        await expect.poll(() => viz.getAttribute('data-head')).toBe(String(H - 1));
        const wHead = await viz.getAttribute('data-weights');
        expect(wHead).not.toBe(w0);
        await viz.locator(`[data-action="select-head"][data-layer="${L - 1}"][data-head="0"]`).click();
        await expect.poll(() => viz.getAttribute('data-layer')).toBe(String(L - 1));
        expect(await viz.getAttribute('data-weights')).not.toBe(wHead);
        expect(page.url()).toContain(`viz.layer=${L}`);
        await checkA11y(page);
        // The lines view: focusing a token says where it looks and what looks at it.
        await viz.locator('input[data-control="view"][value="lines"]').check();
        await viz.locator('[data-token="1"]').focus();
        await expect.poll(() => viz.locator('[data-focus]').textContent()).toMatch(/looks at .*%; looked at most by/);
        expect(await viz.locator('.lines line').count()).toBeGreaterThan(0);

        // Bad input: empty, emoji only, more than the context, more than the service accepts.
        await viz.locator('[data-input]').fill('');
        await expect.poll(() => viz.locator('[data-message="input"]').textContent()).toMatch(/Type a sentence/);
        await expect.poll(() => viz.getAttribute('data-weights')).toBeNull();
        await typeAndWait(page, viz, '🐋🐳🐋');
        const emoji = await json<string[]>(viz, 'data-tokens');
        expect(emoji).toEqual(tokensOf('🐋🐳🐋'));
        expect(emoji.every((t) => t.length > 0 && !t.includes('\uFFFD'))).toBe(true);
        const long = 'It is not down in any map; true places never are. '.repeat(100);
        const nLong = tokenizer.encode(long).length;
        expect(nLong).toBeGreaterThan(blockSize);
        await typeAndWait(page, viz, long);
        expect(Number(await viz.getAttribute('data-truncated-from'))).toBe(nLong);
        expect(await json<string[]>(viz, 'data-tokens')).toHaveLength(blockSize);
        await expect.poll(() => viz.locator('[data-message="truncated"]').textContent()).toMatch(new RegExp(`${nLong.toLocaleString('en')} tokens long.*last ${blockSize}`));
        checkCausal(await json<number[][]>(viz, 'data-weights'), blockSize);
        await viz.locator('[data-input]').fill('x'.repeat(100_001));
        await expect.poll(() => viz.locator('[data-message="input"]').textContent()).toMatch(/100,001 characters/);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    test('the page stays responsive during a forward; 64 tokens are timed; every cell runs', async () => {
      const { page, errors, close } = await open(browser);
      try {
        await waitForWidgets(page, 90_000);
        const viz = page.locator('[data-widget="AttentionVisualizer"]');
        await expect.poll(() => viz.getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
        // Forwards over exactly 64 tokens (a fresh text each time).
        const base = 'Whenever I find myself growing grim about the mouth; whenever it is a damp, drizzly November in my soul. ';
        const times: number[] = [];
        for (let i = 0; i < 3; i++) {
          const ids = tokenizer.encode(`${i} ${base.repeat(8)}`).slice(0, 64);
          const text = tokenizer.decode(ids);
          await typeAndWait(page, viz, text);
          expect(await json<string[]>(viz, 'data-tokens')).toHaveLength(tokenizer.encode(text).length);
          times.push(Number(await viz.getAttribute('data-forward-ms')));
        }
        console.log(`forward with attention over 64 tokens (${webgpu ? 'WebGPU' : 'CPU'}): ${times.map((t) => t.toFixed(0)).join(', ')} ms`);

        // A click on the stepper while the model runs is answered at once (the forward is in the worker).
        const { latency, statusAtClick } = await page.evaluate(async () => {
          const viz = document.querySelector('[data-widget="AttentionVisualizer"]')!;
          const sel = viz.querySelector('[data-control="example"]') as HTMLSelectElement;
          const st = document.querySelector('[data-widget="AttentionStepper"]')!;
          sel.value = sel.options[2].value;
          sel.dispatchEvent(new Event('change', { bubbles: true }));
          // After one microtask the page has rendered "running"; the worker's answer needs a task, so it is still out.
          await Promise.resolve();
          const statusAtClick = viz.getAttribute('data-status');
          const stage = st.getAttribute('data-stage');
          const t0 = performance.now();
          (st.querySelector(stage === 'output' ? '[data-action="prev"]' : '[data-action="next"]') as HTMLButtonElement).click();
          await new Promise((resolve) => {
            if (st.getAttribute('data-stage') !== stage) return resolve(null);
            const mo = new MutationObserver(() => st.getAttribute('data-stage') !== stage && (mo.disconnect(), resolve(null)));
            mo.observe(st, { attributes: true });
          });
          return { latency: performance.now() - t0, statusAtClick };
        });
        expect(statusAtClick).toMatch(/running|loading/);
        expect(latency).toBeLessThan(300);
        await expect.poll(() => viz.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');

        const cells = page.locator('[data-cell]');
        const n = await cells.count();
        expect(n).toBeGreaterThanOrEqual(7);
        await cells.nth(n - 1).locator('[data-action="run"]').click();
        await page.waitForFunction(
          () => [...document.querySelectorAll('[data-cell]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
          undefined,
          { timeout: 120_000 },
        );
        const report = await cells.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-cell-id')}: ${e.getAttribute('data-status')}`));
        expect(report.filter((r) => !r.endsWith(': done'))).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  });
}
