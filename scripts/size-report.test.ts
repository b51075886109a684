import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { detectBase, measurePage, staticImports } from './size-report';

test('staticImports finds minified static imports and re-exports, not dynamic import()', () => {
  const code = 'import{a as b}from"./a.js";import"./side.js";import*as c from"./c.js";export{d}from"./d.js";const e=import("./lazy.js");import f from"./f.js"';
  expect(staticImports(code)).toEqual(['./a.js', './side.js', './c.js', './d.js', './f.js']);
});

test('measurePage counts inline scripts, islands and their static imports once, under a base path', () => {
  const dist = mkdtempSync(join(tmpdir(), 'size-'));
  mkdirSync(join(dist, '_astro'));
  mkdirSync(join(dist, 'chapters/x'), { recursive: true });
  const files: Record<string, string> = {
    '_astro/W.js': 'import{s}from"./shared.js";const w=import("./lazy.js");' + 'x'.repeat(500),
    '_astro/client.js': 'import"./shared.js";' + 'y'.repeat(300),
    '_astro/shared.js': 'z'.repeat(1000),
    '_astro/lazy.js': 'never counted',
  };
  for (const [f, c] of Object.entries(files)) writeFileSync(join(dist, f), c);
  const inline = 'document.documentElement.dataset.theme="dark"';
  writeFileSync(
    join(dist, 'chapters/x/index.html'),
    `<link href="/course/_astro/a.css"><script>${inline}</script><astro-island component-url="/course/_astro/W.js" renderer-url="/course/_astro/client.js"></astro-island>`,
  );
  const html = `<link href="/course/_astro/a.css">`;
  expect(detectBase(html)).toBe('/course/');
  const r = measurePage(dist, 'chapters/x/', '/course/');
  const counted = ['_astro/W.js', '_astro/client.js', '_astro/shared.js'];
  expect(r.files).toBe(4);
  expect(r.gzipBytes).toBe(gzipSync(inline).length + counted.reduce((n, f) => n + gzipSync(files[f]).length, 0));
});
