// `npx tsx bench/compare-optimizer.mts /path/to/other/tree`: the optimizer tail of one GPT training
// step (nanoGPT's CPU recipe, 52 parameters: clipGradNorm to 1, then AdamW.step) from another
// checkout of this repository and from this one, in one process, alternating 3 tails each for 40
// rounds after 5 warm-up tails, so both see the same machine load. The gradients are fixed random
// values (norm about 9, so clipping scales them), copied in before each timed tail. Make the other
// tree as for bench/compare-trees.mts.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './timing';

async function tail(root: string): Promise<(clip: boolean) => number> {
  const { GPT } = await import(`${root}/src/engine/nn/gpt.ts`);
  const { Generator, keep, manualSeed, randn, tidy } = await import(`${root}/src/engine/tensor.ts`);
  const { AdamW } = await import(`${root}/src/engine/optim/adamw.ts`);
  const { clipGradNorm } = await import(`${root}/src/engine/optim/clip.ts`);
  manualSeed(1337);
  const model = new GPT({ vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 });
  const params = model.parameters();
  const optimizer = new AdamW(params, { lr: 1e-3, betas: [0.9, 0.99], weightDecay: 0.1 });
  const gen = new Generator(3);
  const grads = params.map((p: { shape: number[] }) => keep(randn(p.shape, { generator: gen }).mul(0.01)));
  return (clip) => {
    params.forEach((p: { grad: { dispose(): void } | null }, k: number) => {
      p.grad?.dispose();
      p.grad = keep(grads[k].clone());
    });
    const t0 = performance.now();
    tidy(() => {
      if (clip) clipGradNorm(params, 1);
      optimizer.step();
    });
    return performance.now() - t0;
  };
}

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

const other = process.argv[2];
if (!other) throw new Error('usage: npx tsx bench/compare-optimizer.mts /path/to/other/tree');
const runners = { other: await tail(other), this: await tail(fileURLToPath(new URL('..', import.meta.url))) };
console.log(`load average before: ${load()}`);
for (const clip of [true, false]) {
  const times: Record<keyof typeof runners, number[]> = { other: [], this: [] };
  for (let i = 0; i < 5; i++) for (const run of Object.values(runners)) run(clip);
  for (let round = 0; round < 40; round++) {
    for (const name of ['other', 'this'] as const) for (let i = 0; i < 3; i++) times[name].push(runners[name](clip));
  }
  const [a, b] = [median(times.other), median(times.this)];
  console.log(`${clip ? 'clipGradNorm + AdamW.step' : 'AdamW.step alone'}: other ${a.toFixed(2)} ms, this ${b.toFixed(2)} ms, this / other speed ${(a / b).toFixed(2)}×`);
}
console.log(`load average after: ${load()}`);
