// The training studio against the CLI, side by side in one run: tokens/s of nanoGPT's CPU recipe
// (4 layers × 4 heads × 128, context 64, batch 12, Moby Dick characters) trained by
// `npm run train` in Node and by the studio's worker in headless Chromium (CPU backend). Both
// count training steps only (forward, backward, clipping, AdamW, reading the loss), not
// evaluation, samples or checkpoints. Rounds alternate CLI and page so a busy machine hits both.
//
//   npx tsx bench/studio.ts [--steps 40] [--rounds 2] [--reuse]
//
// Each round runs both with one thread (the CLI with --threads 1, the page served without
// cross-origin isolation) and with every core (--threads auto, the page isolated, so the studio's
// CPU backend uses every core). --reuse keeps an existing dist/.
//
// Writes its table into bench/README.md between the studio-bench markers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium } from '../tests/e2e/harness/chromium';
import { buildSite, builds, root, serve } from '../tests/e2e/harness/site';
import { median } from './timing';
import { launchChromium, startNanoGptRun, waitForRunEnd } from './studioPage';
import { ISOLATION_HEADERS } from '../src/lib/isolation';

const { values: a } = parseArgs({
  options: { steps: { type: 'string', default: '40' }, rounds: { type: 'string', default: '2' }, reuse: { type: 'boolean', default: false } },
});
const steps = Number(a.steps);
const rounds = Number(a.rounds);
const loadBefore = loadavg()[0];
const RECIPE = ['--layers', '4', '--heads', '4', '--embd', '128', '--ctx', '64', '--batch', '12', '--lr', '1e-3'];

function cliTokensPerS(dir: string, threads: string): number {
  const out = join(dir, 'cli.safetensors');
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/engine/cli/train.ts', '--data', 'moby', ...RECIPE, '--steps', String(steps), '--threads', threads, '--eval-every', '100000', '--eval-iters', '1', '--sample', '0', '--out', out], {
    cwd: root,
    encoding: 'utf8',
  });
  const m = /([\d,]+) tokens\/s over/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`CLI failed:\n${r.stdout}\n${r.stderr}`);
  return Number(m[1].replace(/,/g, ''));
}

async function pageTokensPerS(siteUrl: string): Promise<number> {
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    const studio = await startNanoGptRun(page, siteUrl, steps);
    await waitForRunEnd(page, studio);
    return Number(await studio.getAttribute('data-tokens-per-s'));
  } finally {
    await browser.close();
  }
}

/** One thread (the page served without isolation, as on GitHub Pages) and every core (isolated, `--threads auto`). */
const SETTINGS = [
  { name: '1 thread', cliThreads: '1', headers: {} },
  { name: `every core (${cpus().length})`, cliThreads: 'auto', headers: ISOLATION_HEADERS },
] as const;

async function main() {
  if (!existsSync(join(root, 'public/data/moby-dick.txt'))) throw new Error('run `npm run prepare-data` first');
  if (!a.reuse || !existsSync(join(builds.site.outDir, 'index.html'))) {
    console.log('building the site…');
    await buildSite(builds.site.base, builds.site.outDir);
  }
  const sites = await Promise.all(SETTINGS.map((t) => serve(builds.site.outDir, builds.site.base, t.headers)));
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-'));
  const cli = SETTINGS.map(() => [] as number[]);
  const page = SETTINGS.map(() => [] as number[]);
  try {
    for (let r = 0; r < rounds; r++) {
      // Every runner once per round, the order reversed every other round, so a change in load hits all alike.
      const runs = SETTINGS.flatMap((t, i) => [
        async () => cli[i].push(cliTokensPerS(dir, t.cliThreads)),
        async () => page[i].push(await pageTokensPerS(sites[i].url)),
      ]);
      for (const run of r % 2 ? runs.reverse() : runs) await run();
      console.log(`round ${r + 1}: ${SETTINGS.map((t, i) => `${t.name}: CLI ${cli[i].at(-1)}, page ${page[i].at(-1)} tokens/s`).join('; ')}`);
    }
  } finally {
    await Promise.all(sites.map((site) => site.close()));
    rmSync(dir, { recursive: true, force: true });
  }
  const chromiumVersion = spawnSync(findChromium(), ['--version'], { encoding: 'utf8' }).stdout.trim();
  const rows = SETTINGS.flatMap((t, i) => {
    const c = median(cli[i]), p = median(page[i]);
    return [
      `| ${t.name} | CLI (\`npm run train -- --threads ${t.cliThreads}\`, Node) | ${c.toLocaleString('en')} | ${cli[i].join(', ')} | 1.00× |`,
      `| ${t.name} | studio (Chromium worker, CPU${t.cliThreads === 'auto' ? ', isolated page' : ''}) | ${p.toLocaleString('en')} | ${page[i].join(', ')} | **${(p / c).toFixed(2)}×** |`,
    ];
  });
  const section = [
    '<!-- studio-bench:start (written by `npx tsx bench/studio.ts`; edits inside are overwritten) -->',
    '## Training studio: the page vs the CLI',
    '',
    'Reproduce: `npx tsx bench/studio.ts` (builds the site; `--reuse` keeps an existing `dist/`). nanoGPT\'s CPU recipe',
    `(4 layers × 4 heads × 128, context 64, batch 12, Moby Dick characters), ${steps} steps per run, ${rounds} rounds; each round runs`,
    '`npm run train` in Node and the TrainingStudio worker in headless Chromium on the CPU backend (`?backend=cpu`), with one',
    'thread (the page served without cross-origin isolation, as on GitHub Pages) and with every core (the CLI with',
    '`--threads auto`, the page served isolated), the order reversed every other round. All time training steps only',
    '(evaluation, samples and checkpoints excluded); each figure is the median over the rounds; load average',
    `${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.`,
    '',
    `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${chromiumVersion}, ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| threads | runner | tokens/s (median) | each round | vs CLI |',
    '|---|---|---:|---|---:|',
    ...rows,
    '<!-- studio-bench:end -->',
  ].join('\n');
  console.log(section);
  const path = join(root, 'bench/README.md');
  let text = readFileSync(path, 'utf8');
  const re = /<!-- studio-bench:start[\s\S]*?<!-- studio-bench:end -->/;
  text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
  console.log('wrote bench/README.md');
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
