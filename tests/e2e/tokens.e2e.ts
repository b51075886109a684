// Chapter 5 in Chromium, without and with WebGPU: the BPE trainer merges (more merges, fewer
// tokens), every text field answers bad input in place, TokenizerCompare's counts equal
// gpt-tokenizer's for a typed text (computed here in Node), every cell runs, no console errors.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encode as gpt2 } from 'gpt-tokenizer/encoding/r50k_base';
import { encode as gpt4 } from 'gpt-tokenizer/encoding/cl100k_base';
import { encode as gpt4o } from 'gpt-tokenizer/encoding/o200k_base';
import { BpeTokenizer } from '../../src/engine/tokenizers/bpe';
import { DEFAULT_TEXT } from '../../src/components/widgets/BpeTrainer/bpeTrainer';
import { checkA11y, launchBrowser, openPage, waitForWidgets } from './harness/browser';

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));
const plain = { disallowedSpecial: new Set<string>() };

async function until(page: Page, l: Locator, attr: string, pred: (v: number) => boolean, timeout = 60_000) {
  await expect.poll(async () => pred(await num(l, attr)), { timeout, interval: 100 }).toBe(true);
}

function expectedCounts(text: string, bpe: BpeTokenizer): Record<string, number> {
  return { char: Array.from(text).length, bpe: bpe.encode(text).length, gpt2: gpt2(text, plain).length, gpt4: gpt4(text, plain).length, gpt4o: gpt4o(text, plain).length };
}

async function counts(tc: Locator): Promise<Record<string, number | null>> {
  return tc.locator('[data-tokenizer]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-tokenizer')!, e.hasAttribute('data-count') ? Number(e.getAttribute('data-count')) : null])),
  );
}

for (const webgpu of [false, true]) {
  describe(`05-tokens ${webgpu ? 'with' : 'without'} WebGPU`, () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => browser?.close());

    test('trainer merges, bad input answered, real tokenizers counted exactly, every cell done', async () => {
      const { page, errors, close } = await openPage(browser, 'chapters/05-tokens/');
      try {
        expect(await waitForWidgets(page)).toEqual(expect.arrayContaining(['BpeTrainer', 'TokenizerCompare']));
        const bt = page.locator('[data-widget="BpeTrainer"]');
        const text = bt.locator('[data-input]');
        await until(page, bt, 'data-tokens', (v) => v > 0);
        const bytes = new TextEncoder().encode(DEFAULT_TEXT).length;
        expect(await num(bt, 'data-tokens')).toBe(bytes);
        expect(await num(bt, 'data-vocab')).toBe(256);

        // One merge at a time: the vocabulary grows by one, the text shrinks.
        const step = bt.locator('[data-action="step"]');
        for (let i = 1; i <= 3; i++) {
          await step.click();
          await until(page, bt, 'data-merges', (v) => v === i);
        }
        expect(await num(bt, 'data-vocab')).toBe(259);
        const afterThree = await num(bt, 'data-tokens');
        expect(afterThree).toBeLessThan(bytes);
        await expect.poll(() => bt.locator('table tbody tr').count()).toBe(5);

        // Train to 350: 94 merges, fewer tokens still, as the engine counts in Node.
        await bt.locator('[data-control="vocabSize"]').fill('350');
        await bt.locator('[data-action="train"]').click();
        await until(page, bt, 'data-merges', (v) => v === 94);
        expect(await num(bt, 'data-vocab')).toBe(350);
        expect(await num(bt, 'data-tokens')).toBeLessThan(afterThree);
        const reference = new BpeTokenizer();
        reference.train(DEFAULT_TEXT, 350);
        expect(await num(bt, 'data-tokens')).toBe(reference.encode(DEFAULT_TEXT).length);
        // The paragraph runs out of repeated pairs after 125 merges, and the widget says so.
        await bt.locator('[data-control="vocabSize"]').fill('500');
        await bt.locator('[data-action="train"]').click();
        await until(page, bt, 'data-merges', (v) => v === 125);
        await expect.poll(() => bt.locator('[data-message="exhausted"]').textContent()).toMatch(/No pair occurs twice/);
        expect(await bt.locator('[data-action="step"]').isDisabled()).toBe(true);

        // Bad input in the trainer: a bad target, empty text, emoji only, a binary file, 100k characters.
        await bt.locator('[data-control="vocabSize"]').fill('99999');
        await bt.locator('[data-action="train"]').click();
        await expect.poll(() => bt.locator('[data-message="vocabSize"]').textContent()).toMatch(/at most 20,000/);
        await bt.locator('[data-control="vocabSize"]').fill('');
        await bt.locator('[data-action="train"]').click();
        await expect.poll(() => bt.locator('[data-message="vocabSize"]').textContent()).toMatch(/whole number/);
        expect(await num(bt, 'data-merges')).toBe(125);
        await text.fill('');
        await expect.poll(() => bt.locator('[data-message="text"]').textContent()).toMatch(/empty/);
        await text.fill('🐳🌊😀🐳🌊😀');
        await expect.poll(() => bt.locator('[data-message="note"]').textContent()).toMatch(/emoji/);
        await until(page, bt, 'data-tokens', (v) => v === 24);
        await step.click();
        await until(page, bt, 'data-merges', (v) => v === 1);
        await bt.locator('[data-control="file"]').setInputFiles({ name: 'whale.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
        await expect.poll(() => bt.locator('[data-message="file"]').textContent()).toMatch(/not a text file/);
        const long = DEFAULT_TEXT.repeat(91).slice(0, 100_000);
        await text.fill(long);
        await until(page, bt, 'data-tokens', (v) => v === new TextEncoder().encode(long).length);
        await step.click();
        await until(page, bt, 'data-merges', (v) => v === 1);
        // The page stays responsive while training on it.
        await bt.locator('[data-control="vocabSize"]').fill('600');
        await bt.locator('[data-action="train"]').click();
        const t0 = Date.now();
        expect(await page.evaluate(() => 1 + 1)).toBe(2);
        expect(Date.now() - t0).toBeLessThan(1000);
        await until(page, bt, 'data-merges', (v) => v === 344, 90_000);

        // A text file of the reader's: back to the paragraph, trained to 300 tokens.
        await bt.locator('[data-control="file"]').setInputFiles({ name: 'moby.txt', mimeType: 'text/plain', buffer: Buffer.from(DEFAULT_TEXT, 'utf8') });
        await until(page, bt, 'data-tokens', (v) => v === bytes);
        await bt.locator('[data-control="vocabSize"]').fill('300');
        await bt.locator('[data-action="train"]').click();
        await until(page, bt, 'data-merges', (v) => v === 44);
        const yours = new BpeTokenizer();
        yours.train(DEFAULT_TEXT, 300);

        // TokenizerCompare: the reader's BPE and the real ones, exactly as gpt-tokenizer counts.
        const tc = page.locator('[data-widget="TokenizerCompare"]');
        const typed = 'Hello, GPT-4o! Ishmael’s whale was 1234567 feet long 🐳 naïve 東京 مرحبا <|endoftext|>';
        await tc.locator('[data-input]').fill(typed);
        await expect.poll(() => counts(tc), { timeout: 60_000 }).toEqual(expectedCounts(typed, yours));
        await expect.poll(() => tc.locator('[data-tokenizer="bpe"]').textContent()).toMatch(/your text, 44 merges/);
        // Partial characters show as bytes, never as U+FFFD.
        expect(await tc.locator('[data-tokenizer="gpt2"] .spans').textContent()).toMatch(/<0x[0-9A-F]{2}>/);
        expect(await tc.textContent()).not.toContain('�');
        // ids on focus: arrow keys pick a token and show its id.
        await tc.locator('[data-tokenizer="gpt4"] .spans').focus();
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => tc.locator('[data-tokenizer="gpt4"] [data-readout="token"]').textContent()).toContain(`id ${gpt4(typed, plain)[0]}`);

        await checkA11y(page);

        // Bad input in the comparison: empty, emoji only, 100k characters.
        await tc.locator('[data-input]').fill('');
        await expect.poll(() => tc.locator('[data-message="text"]').textContent()).toMatch(/empty/);
        expect(await counts(tc)).toEqual({ char: null, bpe: null, gpt2: null, gpt4: null, gpt4o: null });
        await tc.locator('[data-input]').fill('🐳🍓😀');
        await expect.poll(() => tc.locator('[data-message="note"]').textContent()).toMatch(/Emoji/);
        await expect.poll(() => counts(tc), { timeout: 30_000 }).toEqual(expectedCounts('🐳🍓😀', yours));
        await tc.locator('[data-input]').fill(long);
        await expect.poll(() => counts(tc), { timeout: 60_000 }).toEqual(expectedCounts(long, yours));

        // Every cell runs to done (running the last runs every earlier one first).
        const cells = page.locator('[data-cell]');
        const n = await cells.count();
        expect(n).toBe(8); // 5 cells and 3 exercises
        await cells.nth(n - 1).locator('[data-action="run"]').click();
        await page.waitForFunction(
          () => [...document.querySelectorAll('[data-cell]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
          undefined,
          { timeout: 120_000 },
        );
        const report = await cells.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-cell-id')}: ${e.getAttribute('data-status')}`));
        expect(report.filter((r) => !r.endsWith(': done'))).toEqual([]);
        expect(await page.locator('[data-cell-id="real-vocabularies"] [data-output]').textContent()).toMatch(/cl100k: 100,256 byte-pair tokens \+ 8 special; ids 0 to 100,276/);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 600_000);
  });
}
