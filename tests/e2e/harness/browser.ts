// Helpers for browser tests: launch Debian Chromium, open a page of the built site, collect every
// console error, wait for widgets, run axe. See README.md beside this file.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { inject } from 'vitest';
import { findChromium } from './chromium';

export { findChromium };

/** Launches headless Chromium; `webgpu: true` adds --enable-unsafe-webgpu (SwiftShader on Linux). */
export function launchBrowser({ webgpu = false }: { webgpu?: boolean } = {}): Promise<Browser> {
  const args = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  if (webgpu) args.push('--enable-unsafe-webgpu');
  return chromium.launch({ executablePath: findChromium(), args });
}

/** A console message or page error that a test may tolerate, with the reason written down. */
export interface Ignored {
  pattern: RegExp;
  reason: string;
}

export interface OpenOptions {
  /** Which build to open: base "/" (default) or base "/course/". */
  base?: 'site' | 'course';
  /** Or the root URL of another served build (ends with "/"), e.g. a test's own course build. */
  root?: string;
  /** Messages to tolerate; each needs a reason. Nothing is ignored unless listed here. */
  ignore?: Ignored[];
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught page errors, failed requests and HTTP errors, in order. */
  errors: string[];
  /** The URL of the site root the page was opened under (ends with "/"). */
  root: string;
  close: () => Promise<void>;
}

/** Absolute URL of a site path ("chapters/01-neuron/") in a build. */
export function siteUrl(path: string, base: 'site' | 'course' = 'site'): string {
  const root = base === 'course' ? inject('courseUrl') : inject('siteUrl');
  return root + path.replace(/^\/+/, '');
}

/** Opens `path` (relative to the build's base) in a fresh context and collects errors. */
export async function openPage(browser: Browser, path: string, opts: OpenOptions = {}): Promise<OpenedPage> {
  const root = opts.root ?? siteUrl('', opts.base);
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const keep = (msg: string) => {
    if (!(opts.ignore ?? []).some((i) => i.pattern.test(msg))) errors.push(msg);
  };
  page.on('console', (m) => {
    if (m.type() === 'error') keep(`console.error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => keep(`pageerror: ${e.message}`));
  // ERR_ABORTED is the browser cancelling a request it no longer needs (a navigation or a closed
  // page, as happened once to the header's logo), not a failure a reader sees.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') keep(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) keep(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(root + path.replace(/^\/+/, ''), { waitUntil: 'load' });
  return { page, errors, root, close: () => context.close() };
}

/**
 * Scrolls every `[data-widget]` into view (widgets hydrate `client:visible`) and waits until each
 * has `data-ready="true"`. Returns the widget names found. Throws naming the widgets not ready.
 */
export async function waitForWidgets(page: Page, timeoutMs = 60_000): Promise<string[]> {
  const widgets = page.locator('[data-widget]');
  const n = await widgets.count();
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = widgets.nth(i);
    const name = (await w.getAttribute('data-widget')) ?? '?';
    names.push(name);
    await w.scrollIntoViewIfNeeded();
    try {
      await page.waitForFunction((el) => el?.getAttribute('data-ready') === 'true', await w.elementHandle(), { timeout: timeoutMs });
    } catch {
      throw new Error(`widget ${i} "${name}" did not reach data-ready="true" within ${timeoutMs} ms on ${page.url()}`);
    }
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return names;
}

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe (WCAG 2.1 A/AA) and throws listing every serious or critical violation. */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  if (bad.length)
    throw new Error(
      `axe found ${bad.length} serious/critical violation(s) on ${page.url()}:\n` +
        bad.map((v) => `  - [${v.impact}] ${v.id}: ${v.help}\n      ${v.targets.slice(0, 5).join('\n      ')}`).join('\n'),
    );
  return bad;
}

/**
 * Waits until the element's `attr` is set, non-empty and satisfies `pred`, a JavaScript expression
 * of `v` (the attribute's text), e.g. `'Number(v) >= 20'` or `"v === 'done'"`.
 */
export async function waitForAttr(page: Page, l: Locator, attr: string, pred: string, timeout = 150_000): Promise<void> {
  await page.waitForFunction(
    ([el, a, p]) => {
      const v = (el as Element).getAttribute(a as string);
      return v !== null && v !== '' && (new Function('v', `return ${p}`) as (v: string) => boolean)(v);
    },
    [await l.elementHandle(), attr, pred] as const,
    { timeout },
  );
}

/**
 * The longest the page's main thread went without running a 20 ms timer, over `ms` of wall time:
 * training in a worker leaves it near 20; work on the main thread shows up as a long gap.
 */
export function longestStall(page: Page, ms: number): Promise<number> {
  return page.evaluate(
    (duration) =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        let longest = 0;
        const end = last + duration;
        const tick = setInterval(() => {
          const now = performance.now();
          longest = Math.max(longest, now - last);
          last = now;
          if (now >= end) {
            clearInterval(tick);
            resolve(longest);
          }
        }, 20);
      }),
    ms,
  );
}

/**
 * Runs every cell on the page, as "run all" does (Run on the last cell runs the ones above it first),
 * waits until each has finished and returns `"<cell id>: <status>"` for each, in page order.
 */
export async function runAllCells(page: Page, timeout = 120_000): Promise<string[]> {
  const cells = page.locator('[data-cell]');
  await cells.nth((await cells.count()) - 1).locator('[data-action="run"]').click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-cell]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
    undefined,
    { timeout },
  );
  return cells.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-cell-id')}: ${e.getAttribute('data-status')}`));
}
