// Runnable cells and exercises in Chromium, with and without WebGPU: every cell on every chapter
// page runs to `done`; Ctrl+Enter, Reset, error lines, Stop on an endless loop (the page stays
// responsive; Stop is no error), Queued…, un-awaited rejections, focus around the lazy editor, exercises failing with their starter code and passing with their solution; axe with
// an editor open; no console errors.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, launchBrowser, openPage } from './harness/browser';
import { builds, listPages } from './harness/site';

const chapters = listPages(builds.site.outDir).filter((p) => p.startsWith('chapters/'));

/** The editor's document as text (innerText would double blank lines: each is a <br> in a div). */
function editorText(cell: Locator): Promise<string> {
  return cell.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n'));
}

async function hydrated(page: Page, cell: Locator) {
  await cell.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await cell.elementHandle(), { timeout: 30_000 });
}

async function settled(page: Page, cell: Locator, timeout = 60_000): Promise<string> {
  await page.waitForFunction((el) => el && el.getAttribute('data-status') !== 'running', await cell.elementHandle(), { timeout });
  return (await cell.getAttribute('data-status')) ?? '';
}

/** Opens the editor of a cell and replaces its code (insertText: no auto-closing brackets). */
async function typeCode(page: Page, cell: Locator, code: string) {
  const content = cell.locator('.cm-content');
  if (!(await content.isVisible())) await cell.locator('.cell-static pre').click();
  await content.waitFor({ state: 'visible' });
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}

for (const webgpu of [false, true]) {
  describe(`cells ${webgpu ? 'with' : 'without'} WebGPU`, () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser({ webgpu })));
    afterAll(async () => browser?.close());

    for (const path of chapters)
      test(`every cell on /${path} runs to done`, async () => {
        const { page, errors, close } = await openPage(browser, path);
        try {
          const cells = page.locator('[data-cell]');
          const n = await cells.count();
          if (n === 0) return;
          // Running the last cell runs every earlier one first, in page order. The click comes
          // straight after load, before the cell has hydrated: it must still run.
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
          // Every plot a cell drew has both axes with labelled ticks (SVG text, not empty markup).
          await expect
            .poll(() =>
              page.locator('figure.cell-plot').evaluateAll((figs) =>
                figs.map((f) => [...f.querySelectorAll('.plot-axis')].map((a) => a.querySelectorAll('text').length >= 2 && a instanceof SVGGElement)),
              ),
            )
            .toSatisfy((axes: boolean[][]) => axes.every((a) => a.length === 2 && a.every(Boolean)));
          expect(errors).toEqual([]);
        } finally {
          await close();
        }
      });

    test('Ctrl+Enter runs, errors show their line, Reset restores, Stop ends an endless loop', async () => {
      const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/');
      try {
        const cell = page.locator('[data-cell]:not([data-exercise])').first();
        await hydrated(page, cell);
        const original = (await cell.getAttribute('data-source')) ?? '';

        await typeCode(page, cell, 'const a = 1;\nconst b = 2;\n(null as any).boom;');
        await page.keyboard.press('Control+Enter');
        expect(await settled(page, cell)).toBe('error');
        const out = cell.locator('[data-output]');
        await expect.poll(() => out.textContent()).toContain('at line 3');
        expect(await out.textContent()).toContain('TypeError');

        await cell.locator('[data-action="reset"]').click();
        await expect.poll(() => editorText(cell)).toBe(original);

        await typeCode(page, cell, 'let i = 0;\nwhile (true) { i++; }');
        await cell.locator('[data-action="run"]').click();
        await page.waitForFunction((el) => el?.getAttribute('data-status') === 'running', await cell.elementHandle());
        await page.waitForTimeout(300);
        const t0 = Date.now();
        expect(await page.evaluate(() => 6 * 7)).toBe(42);
        expect(Date.now() - t0).toBeLessThan(1000);
        const stopAt = Date.now();
        // Stop by keyboard: the reader's own Stop is no error, and focus moves back to Run.
        await cell.locator('[data-action="stop"]').focus();
        await page.keyboard.press('Enter');
        expect(await settled(page, cell, 5000)).toBe('idle');
        expect(Date.now() - stopAt).toBeLessThan(5000);
        expect(await cell.locator('.cell-status').textContent()).toBe('Stopped');
        expect(await out.textContent()).toBe(
          'You stopped this cell. The runtime was restarted, so variables from earlier cells are gone; the next run starts fresh and runs earlier cells again.',
        );
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('run');

        await typeCode(page, cell, 'console.log(6*7)');
        await page.keyboard.press('Shift+Enter');
        expect(await settled(page, cell)).toBe('done');
        await expect.poll(() => out.textContent()).toContain('42');

        await checkA11y(page);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    test('a cell queued behind a running one says Queued…; an un-awaited rejection is the cell\'s error', async () => {
      const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/');
      try {
        const cells = page.locator('[data-cell]:not([data-exercise])');
        const [slow, next] = [cells.nth(0), cells.nth(1)];
        await hydrated(page, slow);
        await typeCode(page, slow, 'const until = Date.now() + 1500;\nwhile (Date.now() < until) {}');
        await hydrated(page, next);
        await typeCode(page, next, "console.log('first');\nPromise.reject(new Error('nobody waited'));\nconsole.log('second');");
        await slow.locator('[data-action="run"]').click();
        await page.waitForFunction((el) => el?.querySelector('.cell-status')?.textContent === 'Running…', await slow.elementHandle());
        await next.locator('[data-action="run"]').click();
        expect(await next.locator('.cell-status').textContent()).toBe('Queued…');
        expect(await next.getAttribute('data-status')).toBe('running');
        expect(await slow.locator('.cell-status').textContent()).toBe('Running…');

        expect(await settled(page, next)).toBe('error');
        expect(await slow.getAttribute('data-status')).toBe('done');
        const out = next.locator('[data-output]');
        await expect.poll(() => out.textContent()).toContain('nobody waited (from a promise that nothing awaited');
        expect(await out.textContent()).toContain('at line 2');
        expect(await out.textContent()).toMatch(/^first\s*second/);
        expect(await next.locator('.cell-status').textContent()).toBe('Error');
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    test('the editor loading in does not take focus from a reader who tabbed past; its focus ring is thick', async () => {
      const { page, errors, close } = await openPage(browser, 'chapters/02-learning/');
      try {
        const cell = page.locator('[data-cell]:not([data-exercise])').first();
        await hydrated(page, cell);
        // The editor's code is fetched only now; hold it back so it arrives after the reader moved on.
        await page.route(/\/editor\.[^/]*\.js$/, async (route) => {
          await new Promise((r) => setTimeout(r, 1500));
          await route.continue();
        });
        await cell.locator('.cell-static pre').focus();
        await page.keyboard.press('Tab');
        const away = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
        await cell.locator('.cm-content').waitFor({ state: 'visible', timeout: 30_000 });
        await page.waitForTimeout(300);
        expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))).toBe(away);
        expect(await page.evaluate(() => document.activeElement?.closest('.cm-editor'))).toBeNull();

        // Focusing the editor itself draws a 3 px ring.
        await cell.locator('.cm-content').focus();
        const ring = await cell.locator('.cm-editor').evaluate((el) => {
          const cs = getComputedStyle(el);
          return { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth };
        });
        expect(ring.outlineStyle).toBe('solid');
        expect(parseFloat(ring.outlineWidth)).toBeGreaterThanOrEqual(3);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    test(`cells follow the page's backend choice (${webgpu ? '?backend=webgpu runs them on WebGPU' : 'CPU without WebGPU'})`, async () => {
      // Chapter 2 trains with backward() and optimiser updates: the same reader code on either backend.
      const { page, errors, close } = await openPage(browser, 'chapters/02-learning/?backend=webgpu');
      try {
        const cells = page.locator('[data-cell]');
        const last = cells.nth((await cells.count()) - 1);
        await hydrated(page, last);
        await typeCode(page, last, "import { backendName } from 'engine';\nconsole.log('backend:', backendName());");
        await page.keyboard.press('Shift+Enter');
        await page.waitForFunction(
          () => [...document.querySelectorAll('[data-cell]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
          undefined,
          { timeout: 120_000 },
        );
        const statuses = await cells.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-cell-id')}: ${e.getAttribute('data-status')}`));
        expect(statuses.filter((s) => !s.endsWith(': done'))).toEqual([]);
        await expect.poll(() => last.locator('[data-output]').textContent()).toContain(`backend: ${webgpu ? 'webgpu' : 'cpu'}`);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });

    test('an exercise fails with its starter code and passes with its solution, which does not count as solved', async () => {
      const { page, errors, close } = await openPage(browser, 'chapters/01-neuron/');
      try {
        const ex = page.locator('[data-cell][data-exercise]').first();
        await hydrated(page, ex);
        await ex.locator('[data-action="run"]').click();
        expect(await settled(page, ex)).toBe('done');
        await expect.poll(() => ex.getAttribute('data-check')).toBe('fail');
        const starter = (await ex.getAttribute('data-source')) ?? '';
        await ex.locator('[data-action="use-solution"]').click();
        await expect.poll(async () => (await ex.locator('.cm-content').isVisible()) && (await editorText(ex)) !== starter).toBe(true);
        await ex.locator('[data-action="run"]').click();
        await expect.poll(() => ex.getAttribute('data-check'), { timeout: 30_000 }).toBe('pass');
        expect(await ex.getAttribute('data-status')).toBe('done');
        // A pass with the loaded solution is not the reader's: it does not count as solved.
        expect(await ex.locator('[data-solution-note]').textContent()).toContain('does not count as solved');
        await expect.poll(() => page.locator('[data-progress-for="01-neuron"]').textContent()).toMatch(/^0\/\d+ exercises?$/);
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  });
}
