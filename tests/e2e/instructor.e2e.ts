// An instructor's course, built as they would build it: examples/course/course.config.ts (two of
// the book's chapters reordered, one chapter of their own, an accent, an introduction, solutions
// hidden) under the sub-path /sample-course/. The walk checks the order, links and ChapterLink
// numbering, a widget, a cell, an exercise and the progress page, and that no built file holds a
// solution.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listExercises } from '../../src/lib/exercise-list';
import { extractCells } from '../unit/mdx-cells';
import { checkA11y, launchBrowser, openPage } from './harness/browser';
import { buildSite, root as projectRoot, serve } from './harness/site';

const BASE = '/sample-course/';
const outDir = join(projectRoot, 'dist-instructor');
const order = ['02-learning', '12-thermometer', '01-neuron'];
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let buildLog = '';

beforeAll(async () => {
  if (!(process.env.E2E_REUSE_BUILD === '1' && existsSync(join(outDir, 'index.html')))) {
    const t = Date.now();
    buildLog = await buildSite(BASE, outDir, false, { COURSE_CONFIG: 'examples/course/course.config.ts' });
    console.log(`e2e: built examples/course into ${outDir} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  server = await serve(outDir, BASE);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const open = (path: string) => openPage(browser, path, { root: server.url });

/** HTML text with its entities decoded, so code in attributes (island props) reads as written. */
const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&', apos: "'" };
const decode = (html: string) =>
  html.replace(/&(#\d+|#x[0-9a-f]+|lt|gt|quot|amp|apos);/gi, (m, body: string) =>
    body[0] !== '#' ? (entities[body.toLowerCase()] ?? m) : String.fromCodePoint(body[1] === 'x' ? parseInt(body.slice(2), 16) : Number(body.slice(1))),
  );

/** Every file of a build, as text (binary files read as latin1 still show ASCII strings; HTML decoded). */
function builtFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return builtFiles(full);
    const text = readFileSync(full, name.endsWith('.html') ? 'utf8' : 'latin1');
    return [{ file: full, text: name.endsWith('.html') ? `${text}\n${decode(text)}` : text }];
  });
}

test('the home page has the course title, its own introduction, its accent and its chapters in order', async () => {
  const { page, errors, close } = await open('');
  expect(await page.locator('h1').textContent()).toBe('Neurons in a week');
  expect(await page.locator('.intro').textContent()).toContain('This week-long course starts with how a model learns');
  const hrefs = await page.locator('.chapter-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(order.map((id) => `${BASE}chapters/${id}/`));
  expect(await page.locator('.part h3').allTextContents()).toEqual(['Week 1 — Learning first', 'Week 2 — Then the neuron']);
  const accent = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
  expect(await accent()).toBe('#6929c4');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await accent()).toBe('#be95ff');
  expect(await page.locator('.brand img').getAttribute('src')).toBe(`${BASE}logo.svg`);
  expect(await page.locator('.brand img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await close();
});

describe("the instructor's own chapter", () => {
  let page: Page;
  let errors: string[];
  let close: () => Promise<void>;
  beforeAll(async () => ({ page, errors, close } = await open('chapters/12-thermometer/')));
  afterAll(async () => close());

  test('is numbered by the course and links the chapters around it', async () => {
    expect(await page.locator('.kicker').textContent()).toBe('Chapter 2 · Week 1 — Learning first');
    const first = page.locator('a[data-chapter-link="02-learning"]');
    expect(await first.textContent()).toBe('Chapter 1');
    expect(await first.getAttribute('href')).toBe(`${BASE}chapters/02-learning/`);
    expect(await page.locator('a[data-chapter-link="01-neuron"]').textContent()).toBe('chapter 3');
    // A chapter the course leaves out: its title, no link; the build warned with file and line.
    expect(await page.locator('a[href*="07-attention"]').count()).toBe(0);
    expect(await page.locator('main em', { hasText: 'Attention' }).count()).toBe(1);
    if (buildLog) expect(buildLog).toContain('examples/course/chapters/12-thermometer.mdx:43: <ChapterLink id="07-attention"> points to a chapter this course leaves out');
    const sidebar = await page.locator('#book-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(sidebar).toEqual(order.map((id) => `${BASE}chapters/${id}/`));
  });

  test('its widget hydrates and its cell runs', async () => {
    const widget = page.locator('[data-widget="NeuronPlayground"]');
    await widget.scrollIntoViewIfNeeded();
    await expect.poll(() => widget.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    const cell = page.locator('[data-cell-id="convert"]');
    await cell.scrollIntoViewIfNeeded();
    await expect.poll(() => cell.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    await cell.locator('[data-action="run"]').click();
    await expect.poll(() => cell.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    const out = await cell.locator('[data-output]').textContent();
    expect(out).toContain('-40 °C = -40 °F');
    expect(out).toContain('100 °C = 212 °F');
  });

  test('its exercise has no solution to show or use, and a right answer passes and counts', async () => {
    const ex = page.locator('[data-exercise][data-cell-id="to-kelvin"]');
    await ex.scrollIntoViewIfNeeded();
    await expect.poll(() => ex.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    expect(await ex.locator('[data-action="use-solution"]').count()).toBe(0);
    expect(await ex.locator('details.solution').count()).toBe(0);
    await typeCode(page, ex, 'const toKelvin = (c: number) => c + 273.15;');
    await ex.locator('[data-action="run"]').click();
    await expect.poll(() => ex.getAttribute('data-check'), { timeout: 60_000 }).toBe('pass');
    const stored = await page.evaluate(() => localStorage.getItem('ntg.sample-course.solved:12-thermometer'));
    expect(JSON.parse(stored ?? '[]')).toEqual(['to-kelvin']);
    expect(await page.locator('[data-progress-for="12-thermometer"]').textContent()).toBe('1/1 exercise');
  });

  test('has no serious accessibility findings and no errors', async () => {
    await checkA11y(page);
    expect(errors).toEqual([]);
  });
});

/** Opens the editor of an exercise and replaces its code. */
async function typeCode(page: Page, cell: Locator, code: string) {
  const content = cell.locator('.cm-content');
  if (!(await content.isVisible())) await cell.locator('.cell-static pre').click();
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}

test('no built file holds a solution, while the checks are there', () => {
  const files = builtFiles(outDir);
  const mine = 'kelvinShiftFromTheSolution';
  // A distinctive line of each solution of the book chapter in the course.
  const source = readFileSync(join(projectRoot, 'src/content/chapters/02-learning.mdx'), 'utf8');
  const onlyInSolution = (line: string) => line.length > 20 && source.split(line).length === 2;
  const bookSolutions = extractCells(source)
    .flatMap((c) => (c.solution ?? '').split('\n').map((l) => l.trim()).filter(onlyInSolution).slice(0, 1));
  expect(bookSolutions.length).toBeGreaterThan(0);
  for (const needle of [mine, ...bookSolutions]) {
    const holders = files.filter((f) => f.text.includes(needle)).map((f) => f.file);
    expect(holders, needle).toEqual([]);
  }
  expect(files.some((f) => f.text.includes('toKelvin(0) should be 273.15'))).toBe(true);
});

test('the progress page lists every exercise, and exports, resets and imports progress', async () => {
  const { page, errors, close } = await open('progress/');
  await page.evaluate(() => localStorage.setItem('ntg.sample-course.solved:12-thermometer', '["to-kelvin"]'));
  // Another course on the same origin keeps its own progress.
  await page.evaluate(() => localStorage.setItem('ntg.other-course.solved:12-thermometer', '["x"]'));
  await page.waitForLoadState('networkidle'); // a reload mid-request would abort the logo's request
  await page.reload();
  const total = order.reduce((n, id) => {
    const dir = id === '12-thermometer' ? 'examples/course/chapters' : 'src/content/chapters';
    return n + listExercises(readFileSync(join(projectRoot, dir, `${id}.mdx`), 'utf8')).length;
  }, 0);
  expect(await page.locator('[data-progress-exercise]').count()).toBe(total);
  const chapters = await page.locator('[data-progress-chapter]').evaluateAll((s) => s.map((e) => (e as HTMLElement).dataset.progressChapter));
  expect(chapters).toEqual(order);
  const solvedTotal = () => page.locator('[data-solved-total]').textContent();
  expect(await solvedTotal()).toBe('1');
  expect(await page.locator('[data-progress-exercise="to-kelvin"]').getAttribute('data-solved')).toBe('true');

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="export"]').click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(exported).toEqual({ format: 'neuron-to-gpt-progress', version: 1, course: 'ntg.sample-course.', solved: { '12-thermometer': ['to-kelvin'] } });

  await page.locator('[data-action="reset"]').click();
  await page.locator('[data-action="confirm-reset"]').click();
  expect(await solvedTotal()).toBe('0');
  expect(await page.evaluate(() => localStorage.getItem('ntg.other-course.solved:12-thermometer'))).toBe('["x"]');

  const input = page.locator('[data-action="import"]');
  await input.setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await expect.poll(() => solvedTotal()).toBe('1');
  expect(await page.locator('[data-message]').textContent()).toBe('Imported 1 solved exercise.');
  await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect.poll(() => page.locator('[data-message]').textContent()).toMatch(/^This is not a progress file/);
  await checkA11y(page);
  expect(errors).toEqual([]);
  await close();
});
