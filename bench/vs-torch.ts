// `npm run bench -- --vs-torch`: nanoGPT's CPU recipe (4 layers × 4 heads × 128, context 64,
// batch 12, Moby Dick characters) trained for a few steps by the engine's CLI (`npm run train`)
// and by PyTorch (`bench/torch_reference.py --threads 1`), alternating in one script so both
// see the same machine load; each reports tokens/s over its training steps only (evaluation
// excluded). Prints per-round figures, medians, the ratio and the load average, and writes them
// into bench/README.md between the vs-torch markers.
//
// Flags: --steps N (default 30), --rounds N (default 2), --threads 1,2 (the engine runs once per
// count each round; default 1), --no-readme.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './timing';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const RECIPE = ['--layers', '4', '--heads', '4', '--embd', '128', '--ctx', '64', '--batch', '12'];

function tokensPerSecond(output: string, who: string): number {
  const m = output.match(/([\d,]+) tokens\/s over/);
  if (!m) throw new Error(`${who} printed no "tokens/s over" line:\n${output}`);
  return Number(m[1].replace(/,/g, ''));
}

function engineRun(steps: number, threads: number): number {
  const out = execFileSync('npx', ['tsx', 'src/engine/cli/train.ts', '--data', 'moby', ...RECIPE, '--steps', String(steps), '--threads', String(threads),
    '--eval-every', '100000', '--eval-iters', '1', '--sample', '0', '--out', '/tmp/vs-torch.safetensors'], { cwd: root, encoding: 'utf8' });
  return tokensPerSecond(out, 'npm run train');
}

function torchRun(steps: number): number {
  const out = execFileSync('/usr/bin/python3', ['bench/torch_reference.py', ...RECIPE, '--steps', String(steps),
    '--eval-every', '100000', '--eval-iters', '1', '--threads', '1'], { cwd: root, encoding: 'utf8' });
  return tokensPerSecond(out, 'torch_reference.py');
}

export function torchVersion(): string {
  return execFileSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
}

export async function vsTorch(opts: { steps: number; rounds: number; threads: number[]; readme: boolean }): Promise<void> {
  const load0 = loadavg()[0];
  const engine: number[][] = opts.threads.map(() => []);
  const torch: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    // Alternate the order each round so a change in load mid-round does not favour one side.
    const runs = [...opts.threads.map((t, i) => () => engine[i].push(engineRun(opts.steps, t))), () => torch.push(torchRun(opts.steps))];
    for (const run of r % 2 === 0 ? runs : runs.reverse()) run();
    console.log(`round ${r + 1}: ${opts.threads.map((t, i) => `engine ${t} thread${t > 1 ? 's' : ''} ${engine[i].at(-1)} tok/s, `).join('')}torch ${torch.at(-1)} tok/s`);
  }
  const load1 = loadavg()[0];
  const t = median(torch);
  const fmt = (v: number) => Math.round(v).toLocaleString('en');
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model;
  const threadsFlag = opts.threads.length === 1 && opts.threads[0] === 1 ? '' : ` --threads ${opts.threads.join(',')}`;
  const label = (n: number) => `${n} thread${n > 1 ? 's' : ''}`;
  const lines = [
    '<!-- vs-torch:start (written by `npm run bench -- --vs-torch`; edits inside are overwritten) -->',
    '## GPT training speed: the engine\'s CLI vs PyTorch, side by side',
    '',
    `Reproduce: \`npm run bench -- --vs-torch\` (\`--steps ${opts.steps} --rounds ${opts.rounds}${threadsFlag}\`). nanoGPT's CPU recipe (4 layers × 4 heads × 128,`,
    'context 64, batch 12, Moby Dick characters): `npm run train -- --data moby --layers 4 --heads 4 --embd 128 --ctx 64',
    `--batch 12 --steps ${opts.steps} --threads N` + '` and `/usr/bin/python3 bench/torch_reference.py` with the same flags and `--threads 1`, alternating',
    'in one script (the order reversed every other round); each counts training steps only. Medians over the rounds; higher is better.',
    '',
    `Machine: ${cpus().length} cores, ${cpu}, Node ${process.version}, torch ${torchVersion()}, ${new Date().toISOString().slice(0, 10)}; `
      + `load average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after (other jobs share the VM).`,
    '',
    '| runner | tokens/s (median) | each round | vs PyTorch (median; each round) |',
    '|---|---:|---|---|',
    ...opts.threads.map((n, i) => `| engine CLI (${label(n)}) | ${fmt(median(engine[i]))} | ${engine[i].map(fmt).join(', ')} | **${(median(engine[i]) / t).toFixed(2)}×**; ${engine[i].map((v, r) => `${(v / torch[r]).toFixed(2)}×`).join(', ')} |`),
    `| PyTorch ${torchVersion()} (1 thread) | ${fmt(t)} | ${torch.map(fmt).join(', ')} | 1× |`,
    '<!-- vs-torch:end -->',
  ];
  console.log(lines.slice(8, -1).join('\n'));
  if (!opts.readme) return;
  const path = join(here, 'README.md');
  let text = readFileSync(path, 'utf8');
  const re = /<!-- vs-torch:start[\s\S]*?<!-- vs-torch:end -->/;
  const section = lines.join('\n');
  text = re.test(text) ? text.replace(re, section) : text.replace('<!-- gpt-reference:start', `${section}\n\n<!-- gpt-reference:start`);
  writeFileSync(path, text);
  console.log('wrote bench/README.md');
}
