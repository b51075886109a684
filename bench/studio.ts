// The training studio against the CLI, side by side in one run: tokens/s of nanoGPT's CPU recipe
// (4 layers × 4 heads × 128, context 64, batch 12, Moby Dick characters) trained by
// `npm run train` in Node and by the studio's worker in headless Chromium (CPU backend). Both
// count training steps only (forward, backward, clipping, AdamW, reading the loss), not
// evaluation, samples or checkpoints. Rounds alternate CLI and page so a busy machine hits both.
//
//   npx tsx bench/studio.ts [--steps 40] [--rounds 2] [--reuse] [--threads]
//
// --reuse keeps an existing dist/; --threads serves the page cross-origin isolated (so the studio's
// CPU backend uses every core) and runs the CLI with --threads auto.
//
// Writes its table into bench/README.md between the studio-bench markers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findChromium } from '../tests/e2e/harness/chromium';
import { buildSite, builds, root, serve } from '../tests/e2e/harness/site';
import { median } from './timing';
import { launchChromium, startNanoGptRun, waitForRunEnd } from './studioPage';
import { ISOLATION_HEADERS } from '../src/lib/isolation';

const { values: a } = parseArgs({
  options: { steps: { type: 'string', default: '40' }, rounds: { type: 'string', default: '2' }, reuse: { type: 'boolean', default: false }, threads: { type: 'boolean', default: false } },
});
const steps = Number(a.steps);
const rounds = Number(a.rounds);
const RECIPE = ['--layers', '4', '--heads', '4', '--embd', '128', '--ctx', '64', '--batch', '12', '--lr', '1e-3'];

function cliTokensPerS(dir: string): number {
  const out = join(dir, 'cli.safetensors');
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/engine/cli/train.ts', '--data', 'moby', ...RECIPE, '--steps', String(steps), '--threads', a.threads ? 'auto' : '1', '--eval-every', '100000', '--eval-iters', '1', '--sample', '0', '--out', out], {
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

async function main() {
  if (!existsSync(join(root, 'public/data/moby-dick.txt'))) throw new Error('run `npm run prepare-data` first');
  if (!a.reuse || !existsSync(join(builds.site.outDir, 'index.html'))) {
    console.log('building the site…');
    await buildSite(builds.site.base, builds.site.outDir);
  }
  const site = await serve(builds.site.outDir, builds.site.base, a.threads ? ISOLATION_HEADERS : {});
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-'));
  const cli: number[] = [];
  const page: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      cli.push(cliTokensPerS(dir));
      page.push(await pageTokensPerS(site.url));
      console.log(`round ${r + 1}: CLI ${cli.at(-1)} tokens/s, page ${page.at(-1)} tokens/s`);
    }
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const c = median(cli);
  const p = median(page);
  const chromiumVersion = spawnSync(findChromium(), ['--version'], { encoding: 'utf8' }).stdout.trim();
  const section = [
    '<!-- studio-bench:start (written by `npx tsx bench/studio.ts`; edits inside are overwritten) -->',
    '## Training studio: the page vs the CLI',
    '',
    `Reproduce: \`npx tsx bench/studio.ts${a.threads ? ' --threads' : ''}\` (builds the site; \`--reuse\` keeps an existing \`dist/\`). nanoGPT's CPU recipe`,
    `(4 layers × 4 heads × 128, context 64, batch 12, Moby Dick characters), ${steps} steps per run, ${rounds} rounds alternating`,
    '`npm run train` in Node and the TrainingStudio worker in headless Chromium on the CPU backend (`?backend=cpu`). Both',
    'time training steps only (evaluation, samples and checkpoints excluded); each figure is the median over the rounds.',
    a.threads
      ? `Threads: every core (${cpus().length}) in both: the CLI with \`--threads auto\`, the page served cross-origin isolated.`
      : 'Threads: one in both (the page served without cross-origin isolation, as on GitHub Pages).',
    '',
    `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${chromiumVersion}, ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| runner | tokens/s (median) | each round | vs CLI |',
    '|---|---:|---|---:|',
    `| CLI (\`npm run train\`, Node) | ${c.toLocaleString('en')} | ${cli.join(', ')} | 1.00× |`,
    `| studio (Chromium worker, CPU) | ${p.toLocaleString('en')} | ${page.join(', ')} | ${(p / c).toFixed(2)}× |`,
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
