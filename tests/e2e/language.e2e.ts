// Chapter 4 in Chromium: BigramLab's count table and the network's softmax(W) side by side with
// readable labels and axis titles; every click samples new names and a seed replays them; a bad
// seed is refused in place (the last good one stays in use); training draws the loss curve and
// fills the network's table to within 0.02 of the count model's NLL; every cell runs, each exercise fails with its starter code and
// passes with its solution; axe finds nothing serious after all that, in light and dark.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, launchBrowser, openPage, waitForWidgets, runAllCells } from './harness/browser';

const PATH = 'chapters/04-language/';
const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));

/** The editor's document as text (one .cm-line per line). */
function editorText(cell: Locator): Promise<string> {
  return cell.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n'));
}

/** Distinct cell colours in one of the lab's heatmaps. */
function fills(page: Page, name: string): Promise<number> {
  return page.locator(`[data-heatmap="${name}"] rect[data-row]`).evaluateAll((els) => new Set(els.map((e) => e.getAttribute('fill'))).size);
}

describe('04-language', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  test('BigramLab: two tables side by side, new names per click, a refused seed, the network learns the table', async () => {
    const { page, errors, close } = await openPage(browser, PATH);
    try {
      expect(await waitForWidgets(page)).toContain('BigramLab');
      const bl = page.locator('[data-widget="BigramLab"]');
      await bl.scrollIntoViewIfNeeded();
      const count = await num(bl, 'data-nll-count');
      expect(count).toBeGreaterThan(2);
      expect(count).toBeLessThan(Math.log(27));

      // The count table and the network's table sit side by side, at the same height.
      const counts = bl.locator('[data-heatmap="counts"]');
      const neural = bl.locator('[data-heatmap="neural"]');
      const a = (await counts.boundingBox())!;
      const b = (await neural.boundingBox())!;
      expect(Math.abs(a.y - b.y)).toBeLessThan(2);
      expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
      expect(await counts.locator('rect[data-row]').count()).toBe(27 * 27);
      // Untrained, W = 0: every cell of the network's table is the same 1/27.
      expect(await fills(page, 'neural')).toBe(1);

      // Labels at least 11 px as drawn, and both axes titled, on both tables.
      for (const map of [counts, neural]) {
        const px = await map.evaluate((svg) => {
          const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
          const label = [...svg.querySelectorAll('text')].find((t) => t.textContent === 'q')!;
          return parseFloat(getComputedStyle(label).fontSize) * scale;
        });
        expect(px).toBeGreaterThanOrEqual(11);
        const texts = await map.locator('text').allTextContents();
        expect(texts).toEqual(expect.arrayContaining(['first character', 'next character']));
      }

      // Every click draws new names; a seed replays its sequence from the start.
      const samples = bl.locator('[data-samples]');
      const sampleButton = bl.locator('[data-action="sample"]');
      const first = await samples.textContent();
      await sampleButton.click();
      const second = await samples.textContent();
      expect(second).not.toBe(first);
      await sampleButton.click();
      expect(await samples.textContent()).not.toBe(second);
      const seed = bl.locator('[data-control="seed"]');
      await seed.fill('7');
      await sampleButton.click();
      const seven = await samples.textContent();
      expect(seven).not.toBe(first);
      await seed.fill('42');
      await sampleButton.click();
      expect(await samples.textContent()).toBe(first);

      // A seed that is not a whole number in range is refused in place, and sampling keeps the last
      // good seed: the next click carries on 42's sequence.
      const seedMessage = async () => page.locator(`[id="${await seed.getAttribute('aria-describedby')}"]`).textContent();
      await seed.fill('-5');
      await expect.poll(seedMessage).toBe('−5 is out of range; enter a whole number from 0 to 1,000,000,000. Still using 42.');
      await sampleButton.click();
      expect(await samples.textContent()).toBe(second);
      await seed.fill('3.7');
      await expect.poll(seedMessage).toMatch(/^3\.7 is not a whole number; .* Still using 42\.$/);
      await seed.fill('7');
      await sampleButton.click();
      expect(await samples.textContent()).toBe(seven);

      await bl.locator('[data-input="name"]').fill('zoë');
      await expect.poll(() => bl.locator('[data-message="score"]').textContent()).toMatch(/'ë'/);

      // Training: the loss curve grows beside the count table's line, and the network's table fills in.
      const train = bl.locator('[data-action="train"]');
      await train.click();
      // 200 full-batch steps over ~53k pairs: about a minute on a quiet machine, several on a busy one.
      await page.waitForFunction((el) => Number(el?.getAttribute('data-nll-neural')) > 0, await bl.elementHandle(), { timeout: 400_000 });
      expect(await train.evaluate((el) => el === document.activeElement)).toBe(true); // focus stayed on the button
      const learned = await num(bl, 'data-nll-neural');
      expect(Math.abs(learned - count)).toBeLessThan(0.02);
      expect(await num(bl, 'data-neural-step')).toBe(200);
      const curve = bl.locator('[data-chart="neural-loss"]');
      expect(await curve.locator('svg[role="img"] circle').count()).toBe(21); // steps 0, 10, …, 190 and the final 200
      expect(await curve.locator('figcaption').textContent()).toMatch(/network \(train\).*count table \(train\)/s);
      expect(await fills(page, 'neural')).toBeGreaterThan(20);

      // Hovering one table selects the same cell in both, and the caption compares them.
      await neural.locator('rect[data-row="13"][data-col="1"]').hover();
      await expect.poll(() => bl.locator('[data-readout="cell"]').textContent()).toMatch(/After m comes a .*the network \(step 200\) gives 0\.\d+/s);
      expect(await counts.locator('rect.sel').count()).toBe(1);

      await checkA11y(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 600_000);

  test('dark theme: the lab after sampling has no serious axe findings', async () => {
    const { page, errors, close } = await openPage(browser, PATH, { colorScheme: 'dark' });
    try {
      await waitForWidgets(page);
      const bl = page.locator('[data-widget="BigramLab"]');
      await bl.locator('[data-action="sample"]').click();
      await bl.locator('[data-control="seed"]').fill('-1');
      await checkA11y(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 300_000);

  test('every cell runs; each exercise fails with its starter code and passes with its solution', async () => {
    const { page, errors, close } = await openPage(browser, PATH);
    try {
      const cells = page.locator('[data-cell]');
      const n = await cells.count();
      expect(n).toBe(8);
      const statuses = await runAllCells(page);
      expect(statuses.filter((s) => !s.endsWith('done'))).toEqual([]);
      const exercises = page.locator('[data-exercise]');
      expect(await exercises.evaluateAll((els) => els.map((e) => e.getAttribute('data-cell-id')))).toEqual(['row-probs', 'sample-name', 'train-loop']);
      expect(await exercises.evaluateAll((els) => els.map((e) => e.getAttribute('data-check')))).toEqual(['fail', 'fail', 'fail']);
      // The training cell's chart and its two tables were drawn.
      const trainLoop = page.locator('[data-cell-id="train-loop"]');
      expect(await trainLoop.locator('[data-output] figure.cell-plot').count()).toBe(3);

      const solutionMarks = ['const total = counts.reduce', 'const u = gen.random();', 'loss.backward();'];
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
      expect(await trainLoop.locator('[data-output]').textContent()).toMatch(/network NLL: 1\.65\d+ {2}count table NLL: 1\.6429/);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 240_000);
});
