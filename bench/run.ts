// npm run bench — the engine's CPU backend against @tensorflow/tfjs (cpu) and
// @tensorflow/tfjs-backend-wasm, in one process: matmul 128² and 512², a 2-layer MLP forward +
// backward (batch 128, 256→512→256), and one training step of the 822K-parameter GPT
// (bench/gpt-step.ts; tfjs has no GPT here, so that row has engine figures only). Medians after
// warm-up; the table is printed and written into bench/README.md between this script's markers,
// keeping every other section of the file.
//
// Flags: --quick (fewer runs), --no-readme (print only), --profile (only print where one GPT
// step's time goes, bench/profile.ts), --vs-torch (only the CLI against PyTorch, bench/vs-torch.ts;
// with --steps N, --rounds N, --threads 1,2 for the engine's thread counts), --memory (only
// whether 1,000 training steps keep memory flat, bench/memory.ts; --steps N to shorten).
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { F, noGrad, randn, tidy, type Tensor } from '../src/engine';
import { Generator } from '../src/engine/random';
import { setSimd, simdEnabled } from '../src/engine/backends/cpu/matmul';
import { benchGptStep } from './gpt-step';
import { profileGptStep, profileTable } from './profile';
import { vsTorch } from './vs-torch';
import { memoryRun, memoryTable, slopes } from './memory';
import { time, timeSideBySide } from './timing';

const args = process.argv.slice(2);
const quick = args.includes('--quick');

if (args.includes('--vs-torch')) {
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const t = args.indexOf('--threads');
  const threads = t >= 0 ? args[t + 1].split(',').map(Number) : [1];
  if (!threads.every((n) => Number.isInteger(n) && n >= 1)) throw new Error(`--threads takes counts such as 1,2, got ${args[t + 1]}`);
  await vsTorch({ steps: flag('--steps', 30), rounds: flag('--rounds', 2), threads, readme: !args.includes('--no-readme') });
  process.exit(0);
}

if (args.includes('--memory')) {
  const s = args.indexOf('--steps');
  const steps = s >= 0 ? Number(args[s + 1]) : 1000;
  if (!(Number.isInteger(steps) && steps >= 100)) throw new Error(`--steps must be a whole number ≥ 100 (flat is judged from step 100), got ${args[s + 1]}`);
  const started = new Date();
  console.log(memoryTable([]).join('\n'));
  const rows = await memoryRun({ steps, onRow: (r) => console.log(memoryTable([r]).at(-1)) });
  const d = slopes(rows);
  const load = loadavg().map((l) => l.toFixed(1)).join(', ');
  const slope = `Growth per 100 steps (least-squares slope over the rows from step 100 to ${rows.at(-1)!.step}): live tensors ${d.tensors.toFixed(1)}, JS heap ${d.heapMB.toFixed(2)} MB, ArrayBuffers ${d.arrayBuffersMB.toFixed(2)} MB, RSS ${d.rssMB.toFixed(2)} MB.`;
  const trainSeconds = rows.at(-1)!.trainMs / 1000;
  const speed = `${steps} steps trained in ${trainSeconds.toFixed(0)} s (${((steps * 768) / trainSeconds).toFixed(0)} tokens/s, training steps only); load average at the end ${load}.`;
  console.log(`${slope}\n${speed}`);
  if (!args.includes('--no-readme')) {
    writeReadmeSection('memory', [
      '<!-- memory:start (written by `npm run bench -- --memory`; edits inside are overwritten) -->',
      '## Memory over a long run (CPU, Node)',
      '',
      `Reproduce: \`npm run bench -- --memory\` (about 10 minutes; \`--steps N\` to shorten). nanoGPT's CPU recipe trained ${steps} steps`,
      'through the CLI\'s Trainer (`bench/memory.ts`), with evaluation (20 batches per split), a checkpoint and a 200-token',
      'sample every 100 steps. Every 50 steps, after a forced full GC: live tensors (`memory()`), the CPU backend\'s live',
      'buffers, the JS heap used, `process.memoryUsage()` ArrayBuffers and RSS, the floats the buffer pool holds for reuse,',
      'and the Float32Arrays the pool had to make new per step since the row before (its misses, evaluation and',
      'sampling included). Rows at multiples of 100 are taken right after an evaluation and checkpoint.',
      '',
      `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}. ${speed}`,
      '',
      ...memoryTable(rows),
      '',
      slope,
      '<!-- memory:end -->',
    ].join('\n'));
  }
  process.exit(0);
}

if (args.includes('--profile')) {
  const p = await profileGptStep({ warmup: 3, steps: quick ? 5 : 10 });
  console.log(`One training step of nanoGPT's CPU recipe (4 layers × 4 heads × 128, ctx 64, batch 12), mean of ${p.steps} steps after 3 warm-up steps; matmul kernel: ${simdEnabled() ? 'WebAssembly SIMD' : 'plain JS'}.`);
  console.log(profileTable(p).join('\n'));
  console.log('\nBy backend op:');
  for (const o of p.ops.slice(0, 20)) console.log(`  ${o.name.padEnd(24)} ${o.ms.toFixed(1).padStart(7)} ms ${o.calls.toFixed(0).padStart(5)} calls`);
  process.exit(0);
}

// ---- the engine ----------------------------------------------------------------------------
const g = new Generator(1);
const engineMatmul = (n: number) => {
  const a = randn([n, n], { generator: g });
  const b = randn([n, n], { generator: g });
  return async () => {
    const c = a.matmul(b);
    await c.data();
    c.dispose();
  };
};

const MLP = { batch: 128, inp: 256, hidden: 512, out: 256 };

function engineMlp() {
  const x = randn([MLP.batch, MLP.inp], { generator: g });
  const y = randn([MLP.batch, MLP.out], { generator: g });
  const params: Tensor[] = [
    randn([MLP.inp, MLP.hidden], { generator: g }).mul(0.05),
    randn([MLP.hidden], { generator: g }).mul(0.05),
    randn([MLP.hidden, MLP.out], { generator: g }).mul(0.05),
    randn([MLP.out], { generator: g }).mul(0.05),
  ];
  for (const p of params) p.requiresGrad = true;
  const [w1, b1, w2, b2] = params;
  return async () => {
    const loss = tidy(() => {
      const l = F.mseLoss(x.matmul(w1).add(b1).relu().matmul(w2).add(b2), y);
      l.backward();
      return l;
    });
    await loss.item();
    await w1.grad!.data();
    loss.dispose();
    noGrad(() => params.forEach((p) => p.zeroGrad()));
  };
}

// ---- tfjs (cpu or wasm, whichever is current) ----------------------------------------------
const tfMatmul = (n: number) => {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  return async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  };
};

function tfMlp() {
  const x = tf.randomNormal([MLP.batch, MLP.inp]);
  const y = tf.randomNormal([MLP.batch, MLP.out]);
  const params = [
    tf.randomNormal([MLP.inp, MLP.hidden]).mul(0.05),
    tf.randomNormal([MLP.hidden]).mul(0.05),
    tf.randomNormal([MLP.hidden, MLP.out]).mul(0.05),
    tf.randomNormal([MLP.out]).mul(0.05),
  ];
  const f = tf.grads((w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) =>
    tf.losses.meanSquaredError(y, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2)));
  return async () => {
    const grads = f(params);
    await grads[0].data();
    tf.dispose(grads);
  };
}

async function withQuietConsole<T>(fn: () => Promise<T>): Promise<T> {
  const { warn, log } = console;
  console.warn = console.log = () => {}; // tfjs banners about tfjs-node and wasm threads
  try {
    return await fn();
  } finally {
    Object.assign(console, { warn, log });
  }
}

interface Row {
  task: string;
  flops: number;
  engine: number;
  cpu: number | null;
  wasm: number | null;
}

const reps = quick ? 3 : 11;
const tasks: { task: string; flops: number; reps: number; engine: () => () => Promise<void>; tfjs: () => () => Promise<void> }[] = [
  { task: 'matmul 128×128', flops: 2 * 128 ** 3, reps: reps * 4, engine: () => engineMatmul(128), tfjs: () => tfMatmul(128) },
  { task: 'matmul 512×512', flops: 2 * 512 ** 3, reps, engine: () => engineMatmul(512), tfjs: () => tfMatmul(512) },
  {
    task: 'MLP fwd+bwd (128, 256→512→256)',
    flops: 3 * 2 * MLP.batch * (MLP.inp * MLP.hidden + MLP.hidden * MLP.out),
    reps,
    engine: engineMlp,
    tfjs: tfMlp,
  },
];

const rows: Row[] = tasks.map((t) => ({ task: t.task, flops: t.flops, engine: 0, cpu: null, wasm: null }));
// The same matmuls through the plain-JS kernel, for where WebAssembly SIMD is unavailable.
const simd = simdEnabled();
setSimd(false);
const jsGflops: string[] = [];
for (const n of [128, 512]) jsGflops.push(`${n}²: ${((2 * n ** 3) / (await time(engineMatmul(n), n === 128 ? reps * 4 : reps)) / 1e6).toFixed(2)} GFLOP/s`);
setSimd(simd);

await withQuietConsole(async () => {
  await tf.setBackend('cpu');
  for (const [i, t] of tasks.entries()) rows[i].cpu = await time(t.tfjs(), t.reps);
  const require = createRequire(import.meta.url);
  await import('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-backend-wasm did not start');
  // The engine and tfjs-wasm side by side, so load on this shared machine falls on both alike.
  for (const [i, t] of tasks.entries()) [rows[i].engine, rows[i].wasm] = await timeSideBySide([t.engine(), t.tfjs()], t.reps, 4);
});

const gpt = await benchGptStep({ warmup: 2, iters: quick ? 2 : 7 });
rows.push({ task: `${gpt.name}`, flops: 0, engine: gpt.medianMs, cpu: null, wasm: null });

// ---- report --------------------------------------------------------------------------------
const ms = (v: number | null) => (v === null ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const gflops = (r: Row, v: number | null) => (v === null || !r.flops ? '' : ` (${(r.flops / v / 1e6).toFixed(2)} GFLOP/s)`);
const ratio = (a: number, b: number | null) => (b === null ? '—' : `${(a / b).toFixed(2)}×`);
const table = [
  '| task | engine ms | tfjs-cpu ms | tfjs-wasm ms | engine / tfjs-cpu | engine / tfjs-wasm |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.task} | ${ms(r.engine)}${gflops(r, r.engine)} | ${ms(r.cpu)}${gflops(r, r.cpu)} | ${ms(r.wasm)}${gflops(r, r.wasm)} | ${ratio(r.engine, r.cpu)} | ${ratio(r.engine, r.wasm)} |`),
];
const cpuModel = (() => {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model;
  }
})();
const machine = `${cpus().length} cores (nproc), ${cpuModel}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
console.log(`machine: ${machine}`);
console.log(table.join('\n'));
console.log(`GPT step: ${gpt.parameters} parameters, ${gpt.tokensPerStep} tokens/step, ${gpt.tokensPerSecond.toFixed(0)} tokens/s`);
const kernelNote = `Engine matmul kernel: ${simd ? 'WebAssembly SIMD (src/engine/backends/cpu/simd.ts)' : 'plain JS (WebAssembly SIMD unavailable)'}; the plain-JS kernel alone: ${jsGflops.join(', ')}.`;
console.log(kernelNote);

if (!args.includes('--no-readme')) {
  const section = [
    '<!-- cpu-bench:start (written by `npm run bench`; edits inside are overwritten) -->',
    '## CPU: the engine vs tfjs (cpu) and tfjs-backend-wasm',
    '',
    'Reproduce: `npm run bench` (about a minute; `-- --quick` for fewer runs). One process; each',
    'figure is the median wall time of one call, after 2 warm-up calls, including reading the result',
    'back (`await data()`). The engine and tfjs-wasm run side by side (4 rounds, alternating, the order',
    'reversed every other round), so load on the shared VM falls on both alike; tfjs-cpu runs alone.',
    'Lower ratios are better for the engine (below 1× means faster).',
    'The GPT row is one optimizer step (forward, backward, clipping, AdamW) of `bench/gpt-step.ts`;',
    'tfjs has no GPT here, so it has engine figures only.',
    '',
    `Machine: ${machine}. The VM is shared, so figures vary by ±30% between runs.`,
    'tfjs-backend-wasm ran single-threaded (its SIMD build, no worker threads in Node).',
    '',
    ...table,
    '',
    `GPT step: ${gpt.parameters.toLocaleString('en')} parameters, ${gpt.tokensPerStep} tokens per step, ${gpt.tokensPerSecond.toFixed(0)} tokens/s.`,
    '',
    kernelNote,
    '<!-- cpu-bench:end -->',
  ].join('\n');
  writeReadmeSection('cpu-bench', section);
}

/** Replaces the section between `<!-- name:start` and `<!-- name:end -->` in bench/README.md (appends it if absent). */
function writeReadmeSection(name: string, section: string): void {
  const path = join(dirname(fileURLToPath(import.meta.url)), 'README.md');
  let text = readFileSync(path, 'utf8');
  const re = new RegExp(`<!-- ${name}:start[\\s\\S]*?<!-- ${name}:end -->`);
  text = re.test(text) ? text.replace(re, () => section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
  console.log('wrote bench/README.md');
}
