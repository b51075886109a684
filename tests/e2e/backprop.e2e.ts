// Chapter 3 in Chromium: the GraphExplorer's drawing measured with bounding boxes at desktop and
// phone widths (no two nodes overlap, no edge runs through a node, every use of a value has its
// own edge, text stays readable), focus shows a node's numbers, bad numbers get words; the
// GradientFlow residual toggle levels the gradient bars.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkA11y, launchBrowser, openPage, waitForWidgets } from './harness/browser';

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));

interface Measured {
  nodes: { label: string; box: DOMRect; grad: DOMRect; fontPx: number }[];
  /** Points along every edge, in page pixels, with the labels of the nodes it joins. */
  edges: { from: string; to: string; points: [number, number][] }[];
}

/** Boxes of every node and points along every edge of the GraphExplorer, as the reader sees them. */
async function measure(ge: Locator): Promise<Measured> {
  return ge.evaluate((root) => {
    const svg = root.querySelector('svg')!;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const nodes = [...root.querySelectorAll<SVGGElement>('[data-node]')].map((g) => {
      const text = g.querySelector<SVGTextElement>('.value')!;
      return {
        id: g.getAttribute('data-node')!,
        label: g.getAttribute('data-label')!,
        box: g.querySelector('rect')!.getBoundingClientRect().toJSON() as DOMRect,
        grad: g.querySelector('.grad')!.getBoundingClientRect().toJSON() as DOMRect,
        fontPx: parseFloat(getComputedStyle(text).fontSize) * scale,
      };
    });
    const label = (id: string | null) => nodes.find((n) => n.id === id)!.label;
    const edges = [...root.querySelectorAll<SVGPathElement>('path[data-edge-from]')].map((p) => {
      const m = p.getScreenCTM()!;
      const len = p.getTotalLength();
      const points: [number, number][] = [];
      for (let s = 0; s <= len; s += 2) {
        const q = p.getPointAtLength(s);
        points.push([m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f]);
      }
      return { from: label(p.getAttribute('data-edge-from')), to: label(p.getAttribute('data-edge-to')), points };
    });
    return { nodes: nodes.map(({ label, box, grad, fontPx }) => ({ label, box, grad, fontPx })), edges };
  });
}

const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const within = (p: [number, number], r: DOMRect, inset = 1) =>
  p[0] > r.left + inset && p[0] < r.right - inset && p[1] > r.top + inset && p[1] < r.bottom - inset;

/** Everything wrong with a drawing, in words (an empty list when it is clean). */
function problems(m: Measured): string[] {
  const out: string[] = [];
  if (m.nodes.length < 2) out.push(`only ${m.nodes.length} node drawn`);
  m.nodes.forEach((a, i) => {
    if (a.fontPx < 11) out.push(`${a.label}: text ${a.fontPx.toFixed(1)} px`);
    // The gradient line sits inside its own box, so nothing but its own node can cover it.
    if (!within([a.grad.left + 1, a.grad.top + 1], a.box, 0) || !within([a.grad.right - 1, a.grad.bottom - 1], a.box, 0)) out.push(`${a.label}: gradient outside its box`);
    for (const b of m.nodes.slice(i + 1)) if (overlap(a.box, b.box)) out.push(`${a.label} and ${b.label} overlap`);
  });
  for (const e of m.edges) {
    const hit = m.nodes.find((n) => e.points.some((p) => within(p, n.box)));
    if (hit) out.push(`edge ${e.from}→${e.to} runs through ${hit.label}`);
  }
  return out;
}

function checkDrawing(m: Measured, what: string) {
  expect(problems(m), what).toEqual([]);
}

async function backwardAll(ge: Locator) {
  const all = ge.locator('[data-action="backward-all"]');
  if (await all.isEnabled()) await all.click();
  await expect.poll(() => ge.locator('[data-node]:not([data-grad])').count()).toBe(0);
}

/** Scrolls to the GraphExplorer (it hydrates when visible) and waits until it can be used. */
async function openGraphExplorer(page: Page): Promise<Locator> {
  const ge = page.locator('[data-widget="GraphExplorer"]');
  await ge.scrollIntoViewIfNeeded();
  await expect.poll(() => ge.getAttribute('data-ready'), { timeout: 60_000 }).toBe('true');
  return ge;
}

async function graphExplorerChecks(page: Page, label: string) {
  const ge = await openGraphExplorer(page);
  const presets = ge.locator('.presets button');
  const n = await presets.count();
  expect(n).toBe(5);
  for (let i = 0; i < n; i++) {
    const text = (await presets.nth(i).textContent())!;
    await presets.nth(i).click();
    await expect.poll(() => ge.locator('[data-input="expression"]').inputValue()).toBe(text);
    await backwardAll(ge);
    checkDrawing(await measure(ge), `${label} preset ${text}`);
  }
  for (const typed of ['a*b + c*d + e', 'x^3 - 2*x*y + y^2 + exp(-x) / (1 + x*y)', 'tanh(tanh(a*b + c) * d + a) + relu(b - c*a)']) {
    await ge.locator('[data-input="expression"]').fill(typed);
    await expect.poll(() => ge.getAttribute('data-error')).toBe('false');
    await backwardAll(ge);
    checkDrawing(await measure(ge), `${label} typed ${typed}`);
  }
}

describe('chapter 3: backpropagation', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchBrowser()));
  afterAll(async () => browser?.close());

  test('GraphExplorer at desktop width: every preset and typed expression laid out cleanly', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/03-backprop/');
    try {
      await graphExplorerChecks(page, 'desktop');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('GraphExplorer: one edge per use, focus readout, bad numbers explained; axe after use', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/03-backprop/');
    try {
      await waitForWidgets(page);
      const ge = await openGraphExplorer(page);

      // x*x + x: three edges leave x (two into ×, one into +), and its gradient is 2x + 1 = 7.
      await ge.locator('.presets button', { hasText: 'x*x + x' }).click();
      await backwardAll(ge);
      const m = await measure(ge);
      expect(m.edges.filter((e) => e.from === 'x').map((e) => e.to).sort()).toEqual(['+', '×', '×']);
      const x = ge.locator('[data-node][data-label="x"]');
      expect(await num(x, 'data-grad')).toBe(7);

      // Focus shows the numbers in words.
      await x.focus();
      await expect.poll(() => ge.locator('[data-readout="node"]').textContent()).toMatch(/x: a variable you set, value 3;\s*gradient d\(output\)\/d\(this\) = 7, the sum of what its 3 uses pass back/);
      await ge.locator('[data-node][data-op="*"]').focus();
      await expect.poll(() => ge.locator('[data-readout="node"]').textContent()).toMatch(/x × x = 3 × 3, value 9;\s*gradient d\(output\)\/d\(this\) = 1/);

      // Numbers float32 cannot hold, and NaN or Infinity, are refused in words.
      const input = ge.locator('[data-input="expression"]');
      const parseError = ge.locator('[data-message="parse-error"]');
      await input.fill('1e309');
      await expect.poll(() => parseError.textContent()).toMatch(/1e309 is too large: the engine computes in float32/);
      await input.fill('x + NaN');
      await expect.poll(() => parseError.textContent()).toMatch(/'NaN' \(“not a number”\) cannot be computed with/);
      await input.fill('Infinity * x');
      await expect.poll(() => parseError.textContent()).toMatch(/'Infinity' is not a finite number/);
      expect(await ge.locator('[data-var="NaN"], [data-var="Infinity"]').count()).toBe(0);
      await input.fill('x*x + x');
      await expect.poll(() => ge.getAttribute('data-error')).toBe('false');
      await ge.locator('[data-var="x"]').fill('1e39');
      await expect.poll(() => ge.getByRole('alert').last().textContent()).toMatch(/x: 1e39 is too large/);
      await checkA11y(page);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('GradientFlow: the residual toggle levels the sigmoid bars, and back', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/03-backprop/');
    try {
      await waitForWidgets(page);
      const gf = page.locator('[data-widget="GradientFlow"]');
      const plain = await num(gf, 'data-ratio-a');
      expect(plain).toBeGreaterThan(1e4); // sigmoid, 10 layers: layer 1 gets tens of thousands of times less
      const toggle = gf.locator('[data-control="residual"]');
      await toggle.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => gf.getAttribute('data-residual')).toBe('true');
      await expect.poll(() => num(gf, 'data-ratio-a')).toBeLessThan(10);
      for (const side of ['data-ratio-a', 'data-ratio-b']) {
        expect(await num(gf, side)).toBeGreaterThan(0.1);
        expect(await num(gf, side)).toBeLessThan(10);
      }
      const bars = await gf.locator('figure[data-side="0"] rect[data-norm]').evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().height));
      expect(Math.max(...bars) / Math.min(...bars)).toBeLessThan(1.5); // level bars on the page, too
      await expect.poll(() => gf.locator('figure[data-side="0"] figcaption').textContent()).toMatch(/within a factor of 10/);
      expect(page.url()).toMatch(/gf\.res=1/);
      await toggle.click();
      await expect.poll(() => num(gf, 'data-ratio-a')).toBe(plain);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('GraphExplorer on a phone (375 px), dark: same checks, text never shrinks', async () => {
    const { page, errors, close } = await openPage(browser, 'chapters/03-backprop/', { viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
    try {
      await graphExplorerChecks(page, 'phone');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
