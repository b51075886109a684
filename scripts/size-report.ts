// Size report: gzipped JavaScript each chapter page loads before the reader interacts with it —
// inline scripts, module scripts, modulepreloads and the component/renderer URLs of its Astro
// islands, plus every module those import statically (dynamic import() and workers load later).
// Budget: 150 KiB per chapter page. Usage: npm run size (builds, then reports; fails over budget).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const BUDGET_KIB = 150;

/** URLs of JS an HTML page loads eagerly, plus its inline scripts' text. */
export function pageScripts(html: string): { urls: string[]; inline: string[] } {
  const urls: string[] = [];
  const inline: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1]);
    if (src) urls.push(src[1]);
    else if (!/type="(application\/(ld\+)?json|text\/template)"/.test(m[1]) && m[2].trim()) inline.push(m[2]);
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0]);
    if (href) urls.push(href[1]);
  }
  for (const m of html.matchAll(/<astro-island\b[^>]*>/g))
    for (const a of m[0].matchAll(/\b(component-url|renderer-url|before-hydration-url)="([^"]+)"/g)) if (a[2]) urls.push(a[2]);
  // Inline module scripts may import files too.
  for (const code of inline) urls.push(...staticImports(code));
  return { urls, inline };
}

/** Specifiers of static `import … from "x"`, `import "x"` and `export … from "x"` (not `import("x")`). */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  const clause = String.raw`(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s+[\w$]+)?`;
  const re = new RegExp(
    String.raw`(?:^|[^\w$.])(?:import\s*${clause}\s*from\s*|import\s*|export\s*(?:\{[^}]*\}|\*(?:\s*as\s+[\w$]+)?)\s*from\s*)["']([^"'\n]+)["']`,
    'g',
  );
  for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

const resolveUrl = (spec: string, from: string): string => new URL(spec, new URL(from, 'http://site')).pathname;

export interface PageSize {
  page: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

/** Sizes for one built page; `base` is the site's base path ("/" or "/course/"). */
export function measurePage(distDir: string, pagePath: string, base = '/'): PageSize {
  const html = readFileSync(join(distDir, pagePath, 'index.html'), 'utf8');
  const pageUrl = base + pagePath;
  const { urls, inline } = pageScripts(html);
  const seen = new Set<string>();
  const queue = urls.filter((u) => !/^(https?:)?\/\//.test(u)).map((u) => resolveUrl(u, pageUrl));
  let raw = 0;
  let gz = 0;
  for (const code of inline) {
    raw += Buffer.byteLength(code);
    gz += gzipSync(code).length;
  }
  while (queue.length) {
    const u = queue.shift()!;
    if (seen.has(u)) continue;
    seen.add(u);
    const file = join(distDir, u.startsWith(base) ? u.slice(base.length) : u);
    if (!existsSync(file)) throw new Error(`size-report: ${pagePath} loads ${u}, which is not in ${distDir}`);
    const code = readFileSync(file);
    raw += code.length;
    gz += gzipSync(code).length;
    for (const spec of staticImports(code.toString('utf8'))) if (/^[./]/.test(spec)) queue.push(resolveUrl(spec, u));
  }
  return { page: pagePath, files: seen.size + inline.length, rawBytes: raw, gzipBytes: gz };
}

/** Base path a build was made for, read from its own stylesheet/script URLs. */
export function detectBase(html: string): string {
  const m = /(?:href|src)="(\/[^"]*?)_astro\//.exec(html);
  return m ? m[1] : '/';
}

function main() {
  const dist = process.argv[2] ?? 'dist';
  const chaptersDir = join(dist, 'chapters');
  if (!existsSync(chaptersDir)) {
    console.error(`size-report: no ${chaptersDir}; run npm run build first`);
    process.exit(1);
  }
  const pages = readdirSync(chaptersDir).sort().map((c) => `chapters/${c}/`);
  const base = detectBase(readFileSync(join(dist, 'index.html'), 'utf8'));
  const rows = pages.map((p) => measurePage(dist, p, base));
  const kib = (n: number) => (n / 1024).toFixed(1);
  console.log(`JavaScript loaded by each chapter page before interaction (budget ${BUDGET_KIB} KiB gzipped)\n`);
  console.log(['page'.padEnd(34), 'files'.padStart(5), 'raw KiB'.padStart(9), 'gzip KiB'.padStart(9), ''].join('  '));
  let failed = false;
  for (const r of rows) {
    const over = r.gzipBytes > BUDGET_KIB * 1024;
    failed ||= over;
    console.log([`/${r.page}`.padEnd(34), String(r.files).padStart(5), kib(r.rawBytes).padStart(9), kib(r.gzipBytes).padStart(9), over ? 'OVER BUDGET' : 'ok'].join('  '));
  }
  if (failed) {
    console.error(`\nsize-report: a chapter page loads more than ${BUDGET_KIB} KiB of gzipped JavaScript before interaction`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
