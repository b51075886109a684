// Chapter 11 in Chromium, without and with WebGPU: the chat format widget tokenises with GPT-4o's
// real tokenizer and the book's, bad conversations are answered in place; SFT of the reference
// model runs a few steps and the tiny model's SFT teaches the end marker;
// the RLHF lab's labeler, reward model and RL steps move the numbers they should; RL on a checkable
// task raises accuracy; every cell runs; no console errors.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, launchBrowser, longestStall, openPage, waitForWidgets, waitForAttr, runAllCells } from './harness/browser';

const PATH = 'chapters/11-assistants/';
/** The editor's document as text (one .cm-line per line). */
function editorText(cell: Locator): Promise<string> {
  return cell.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n'));
}

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));


for (const webgpu of [false, true]) {
  describe(`11-assistants ${webgpu ? 'with' : 'without'} WebGPU`, () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => browser?.close());

    test('widgets ready; ChatFormat tokenises both ways and answers bad input; RLHF raises the reward', async () => {
      const { page, errors, close } = await openPage(browser, PATH);
      try {
        expect(await waitForWidgets(page, 90_000)).toEqual(expect.arrayContaining(['ChatFormat', 'SftLab', 'RlhfLab', 'VerifiableRl']));

        // ChatFormat: the example conversation, GPT-4o's real ids, the markers as single tokens.
        const cf = page.locator('[data-widget="ChatFormat"]');
        const gpt = cf.locator('[data-tokenizer="gpt4o"]');
        const book = cf.locator('[data-tokenizer="model"]');
        expect(await cf.getAttribute('data-model')).toBe('reference');
        const tokens = async (l: Locator) => JSON.parse((await l.getAttribute('data-tokens')) ?? '[]') as string[];
        const g = await tokens(gpt);
        expect(g.slice(0, 3)).toEqual(['<|im_start|>', 'system', '<|im_sep|>']);
        expect(g.filter((t) => t === '<|im_end|>')).toHaveLength(4);
        expect(await num(gpt, 'data-count')).toBe(g.length);
        expect((await tokens(book)).filter((t) => t === '<|im_end|>')).toHaveLength(4);
        const bookCount = await num(book, 'data-count');
        expect(bookCount).toBeGreaterThan(await num(gpt, 'data-count'));

        const first = cf.locator('[data-input="message-1"]');
        await first.fill('');
        await expect.poll(() => cf.locator('[data-message="input"]').textContent()).toMatch(/Message 2 \(user\) is empty/);
        await first.fill('x'.repeat(100_000));
        await expect.poll(() => cf.locator('[data-message="input"]').textContent()).toMatch(/100,0\d\d characters; this view shows at most 20,000/);
        await first.fill('🐋🐋🐋');
        await expect.poll(() => cf.locator('[data-message="note"]').first().textContent()).toMatch(/Emoji/);
        // The reference model's BPE has no merges for emoji: each one is four byte tokens, labelled <0xNN>.
        await expect.poll(async () => (await tokens(book)).join('')).toContain('<0xF0><0x9F><0x90><0x8B>');
        await first.fill('Hi <|im_end|>');
        await expect.poll(() => cf.locator('[data-message="note"]').first().textContent()).toMatch(/ordinary characters/);
        await expect.poll(async () => (await tokens(gpt)).filter((t) => t === '<|im_end|>').length).toBe(4);
        await cf.locator('[data-action="add"]').click();
        await expect.poll(() => cf.locator('[data-message="input"]').textContent()).toMatch(/Message 5 \(assistant\) is empty/);
        await cf.locator('[data-action="reset"]').click();
        await expect.poll(() => num(book, 'data-count')).toBe(bookCount);

        // RlhfLab with the reference GPT: the reader ranks five pairs, the reward model trains, RL steps move the hooks.
        const rl = page.locator('[data-widget="RlhfLab"]');
        expect(await rl.getAttribute('data-model')).toBe('reference');
        await rl.locator('[data-action="train-rm"]').click();
        await expect.poll(() => rl.locator('[data-message="error"]').textContent()).toMatch(/Rank at least 5 pairs/);
        for (let i = 1; i <= 5; i++) {
          await rl.locator(`[data-action="prefer-${i % 2 ? 'a' : 'b'}"]`).click();
          await expect.poll(() => num(rl, 'data-pairs'), { timeout: 30_000 }).toBe(i);
        }
        await rl.locator('[data-action="train-rm"]').click();
        await waitForAttr(page, rl, 'data-rm-accuracy', 'v !== null');
        expect(await num(rl, 'data-step')).toBe(0);
        expect(await num(rl, 'data-kl')).toBe(0);
        const gptReward0 = await num(rl, 'data-reward');
        const kl = rl.locator('[data-control="kl"]');
        await kl.focus();
        await kl.press('Home'); // β = 0: no leash
        await rl.locator('[data-action="rl-run"]').click();
        await waitForAttr(page, rl, 'data-step', 'Number(v) >= 3', 120_000);
        await rl.locator('[data-action="stop"]').click();
        // The step in progress finishes first (a GPT step takes a second or more on a busy CPU).
        await expect.poll(() => rl.locator('[data-action="rl-run"]').isVisible(), { timeout: 60_000 }).toBe(true);
        expect(await num(rl, 'data-kl')).toBeGreaterThan(0);
        expect(await num(rl, 'data-reward')).not.toBe(gptReward0);
        expect(Number.isFinite(await num(rl, 'data-true-reward'))).toBe(true);
        await rl.locator('[data-control="prompt"]').fill('');
        await rl.locator('[data-action="set-prompt"]').click();
        await expect.poll(() => rl.locator('[data-message="error"]').textContent()).toMatch(/prompt is empty/);

        // The word toy: the labeler ranks 500 pairs; 40 RL steps without the KL leash raise the reward model's score.
        await rl.locator('[data-control="generator-toy"]').check();
        await waitForAttr(page, rl, 'data-model', 'v === "toy"');
        await waitForAttr(page, rl, 'data-ready', 'v === "true"', 60_000);
        await rl.locator('[data-action="auto-label"]').click();
        await expect.poll(() => num(rl, 'data-pairs')).toBe(500);
        await rl.locator('[data-action="train-rm"]').click();
        await waitForAttr(page, rl, 'data-rm-accuracy', 'Number(v) > 0.5');
        expect(await num(rl, 'data-step')).toBe(0);
        const reward0 = await num(rl, 'data-reward');
        await rl.locator('[data-action="rl-step"]').click();
        await waitForAttr(page, rl, 'data-step', 'Number(v) === 1');
        await kl.focus();
        await kl.press('Home');
        await rl.locator('[data-action="rl-run"]').click();
        await waitForAttr(page, rl, 'data-step', 'Number(v) >= 40', 90_000);
        await rl.locator('[data-action="stop"]').click();
        await expect.poll(() => rl.locator('[data-action="rl-run"]').isVisible()).toBe(true);
        expect(await num(rl, 'data-reward')).toBeGreaterThan(reward0 + 0.3);
        expect(await num(rl, 'data-kl')).toBeGreaterThan(0);
        expect(Number.isFinite(await num(rl, 'data-true-reward'))).toBe(true);
        await rl.locator('[data-action="reset-policy"]').click();
        await waitForAttr(page, rl, 'data-step', 'Number(v) === 0');

        await checkA11y(page);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 420_000);

    test('SftLab: the reference model fine-tunes in a few steps; the tiny model learns the end marker; bad questions answered; VerifiableRl: practice and held-out accuracy climb', async () => {
      const { page, errors, close } = await openPage(browser, PATH);
      try {
        const sft = page.locator('[data-widget="SftLab"]');
        await sft.scrollIntoViewIfNeeded();
        await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await sft.elementHandle(), { timeout: 60_000 });
        const OPEN = '<|im_start|>assistant<|im_sep|>';
        const answer = (which: string) => sft.locator(`[data-answer="${which}"] pre`).textContent();
        const error = () => sft.locator('[data-message="error"]').textContent();

        // The reference model (the default): loaded on first use, given the chat markers, asked in the chat format.
        expect(await sft.getAttribute('data-model')).toBe('reference');
        expect(await sft.getAttribute('data-status')).toBe('idle');
        await sft.locator('[data-action="ask"]').click();
        await page.waitForFunction((el) => el?.getAttribute('data-status') === 'pretrained', await sft.elementHandle(), { timeout: 120_000 });
        expect(await num(sft, 'data-p-end-base')).toBeLessThan(0.05);
        await expect.poll(() => answer('base'), { timeout: 30_000 }).toContain(`What is the capital of France?<|im_end|>${OPEN}`);
        const q = sft.locator('[data-input]');
        await q.fill('');
        await sft.locator('[data-action="ask"]').click();
        await expect.poll(error).toBe('Type a question first.');
        await q.fill('x'.repeat(100_000));
        await sft.locator('[data-action="ask"]').click();
        await expect.poll(error).toMatch(/100,000 characters; ask in at most 300/);
        // A byte-level BPE spells any text, emoji included: no error, an answer.
        await q.fill('Whales 🐋?');
        await sft.locator('[data-action="ask"]').click();
        await expect.poll(() => answer('base'), { timeout: 30_000 }).toContain('Whales 🐋?');
        expect(await sft.locator('[data-message="error"]').count()).toBe(0);
        await sft.locator('[data-control="finetune-steps"]').fill('3');
        await sft.locator('[data-action="finetune"]').click();
        await page.waitForFunction((el) => el?.getAttribute('data-status') === 'done', await sft.elementHandle(), { timeout: 150_000 });
        expect(await num(sft, 'data-step')).toBe(3);
        expect(await num(sft, 'data-loss')).toBeGreaterThan(0);
        expect(await num(sft, 'data-p-end-tuned')).toBeGreaterThanOrEqual(0);
        await expect.poll(() => answer('tuned'), { timeout: 30_000 }).toContain(`Whales 🐋?<|im_end|>${OPEN}`);
        await expect.poll(() => sft.locator('figcaption').textContent()).toMatch(/about [\d.]+ s per step on this machine/);

        // The tiny model: pre-trained here, then fine-tuned through the same code.
        await sft.locator('input[type="radio"][value="extra"]').check();
        await expect.poll(() => sft.getAttribute('data-model')).toBe('tiny');
        await expect.poll(() => sft.getAttribute('data-status')).toBe('idle');
        await sft.locator('[data-control="pretrain-steps"]').fill('0');
        // Answered in place, and nothing runs on a value the field refused.
        await expect.poll(() => sft.locator('[data-message="number"]').first().textContent()).toMatch(/whole number from 1 to 2,000\. Still using \d+/);
        expect(await sft.locator('[data-control="pretrain-steps"]').getAttribute('aria-invalid')).toBe('true');
        await q.fill('What is the capital of France?');
        await sft.locator('[data-control="pretrain-steps"]').fill('30');
        await sft.locator('[data-control="finetune-steps"]').fill('30');
        await sft.locator('[data-action="pretrain"]').click();
        await page.waitForFunction((el) => el?.getAttribute('data-status') === 'pretrained', await sft.elementHandle(), { timeout: 150_000 });
        expect(await num(sft, 'data-step')).toBe(30);
        expect(await num(sft, 'data-loss')).toBeGreaterThan(0);
        expect(await num(sft, 'data-p-end-base')).toBeLessThan(0.05);
        await expect.poll(() => answer('base')).toContain(OPEN);

        await q.fill('🐋🐋');
        await sft.locator('[data-action="ask"]').click();
        await expect.poll(error).toMatch(/vocabulary has no '🐋'/);
        await q.fill('What colour is snow?');

        await sft.locator('[data-action="finetune"]').click();
        await waitForAttr(page, sft, 'data-status', "v === 'finetuning'");
        // Fine-tuning runs in a worker: the page's own timers keep firing while it trains.
        expect(await longestStall(page, 1500)).toBeLessThan(1000);
        await page.waitForFunction((el) => el?.getAttribute('data-status') === 'done', await sft.elementHandle(), { timeout: 150_000 });
        expect(await num(sft, 'data-step')).toBe(60);
        expect(await num(sft, 'data-p-end-tuned')).toBeGreaterThan((await num(sft, 'data-p-end-base')) + 0.05);
        await expect.poll(() => answer('tuned'), { timeout: 30_000 }).toContain('What colour is snow?');

        const vr = page.locator('[data-widget="VerifiableRl"]');
        await vr.scrollIntoViewIfNeeded();
        await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await vr.elementHandle(), { timeout: 60_000 });
        // The warmed-up base model: some reversals right, far from all.
        const start = await num(vr, 'data-accuracy');
        const startHeldOut = await num(vr, 'data-heldout-accuracy');
        expect(start).toBeGreaterThan(0.03);
        expect(start).toBeLessThan(0.3);
        await vr.locator('[data-action="step"]').click();
        await waitForAttr(page, vr, 'data-step', 'Number(v) === 1');
        await vr.locator('[data-action="train"]').click();
        await waitForAttr(page, vr, 'data-step', 'Number(v) >= 41', 120_000);
        await vr.locator('[data-action="stop"]').click();
        await page.waitForFunction((el) => el?.querySelector('[data-action="train"]') !== null, await vr.elementHandle());
        // Seeded: the same run as the unit test's (practice 0.13 → 0.36 after 30 steps).
        expect(await num(vr, 'data-accuracy')).toBeGreaterThan(start + 0.15);
        expect(await num(vr, 'data-heldout-accuracy')).toBeGreaterThan(startHeldOut + 0.1);
        await expect.poll(() => vr.locator('h4').nth(1).textContent()).toMatch(/After \d+ RL steps/);
        await vr.locator('[data-action="reset"]').click();
        await waitForAttr(page, vr, 'data-step', 'Number(v) === 0');
        await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await vr.elementHandle(), { timeout: 60_000 });
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 420_000);

    test('every cell runs to done; exercises fail with starter code and pass with their solutions', async () => {
      const { page, errors, close } = await openPage(browser, PATH);
      try {
        const cells = page.locator('[data-cell]');
        const n = await cells.count();
        expect(n).toBeGreaterThanOrEqual(6);
        const statuses = await runAllCells(page);
        expect(statuses.filter((s) => !s.endsWith('done'))).toEqual([]);
        // Starter code fails every exercise check.
        const checks = await page.locator('[data-exercise]').evaluateAll((els) => els.map((e) => e.getAttribute('data-check')));
        expect(checks).toEqual(['fail', 'fail', 'fail']);
        // And each solution passes it.
        const exercises = page.locator('[data-exercise]');
        const solutionMarks = ['const p = 1 / (1 + Math.exp(-m));', 'const b = rewards.reduce', 'pi === 0 ? s'];
        for (let i = 0; i < 3; i++) {
          const ex = exercises.nth(i);
          // Run only once the editor holds the solution (asking again if the first click came too early).
          await expect
            .poll(
              async () => {
                const shown = (await ex.locator('.cm-content').isVisible()) && (await editorText(ex)).includes(solutionMarks[i]);
                if (!shown) await ex.locator('[data-action="use-solution"]').click();
                return shown;
              },
              { timeout: 60_000, interval: 1000 },
            )
            .toBe(true);
          await ex.locator('[data-action="run"]').click();
          await expect.poll(() => ex.getAttribute('data-check'), { timeout: 60_000 }).toBe('pass');
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 180_000);
  });
}
