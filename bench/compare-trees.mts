// `npx tsx bench/compare-trees.mts /path/to/other/tree`: one GPT training step (nanoGPT's CPU
// recipe, as bench/gpt-step.ts) from another checkout of this repository and from this one, in
// one process, alternating 3 steps each for 8 rounds after 3 warm-up steps, so both see the same
// machine load. Prints median step times, the speed ratio and both losses (the same seed gives
// the same curve). Make the other tree with e.g. `git archive <commit> | tar -x -C /tmp/before`,
// then link node_modules and copy public/data into it.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './timing';

async function stepper(root: string): Promise<() => Promise<[ms: number, loss: number]>> {
  const { readDatasetText } = await import(`${root}/src/engine/data/fs.ts`);
  const { prepareCorpus } = await import(`${root}/src/engine/data/corpus.ts`);
  const { GPT } = await import(`${root}/src/engine/nn/gpt.ts`);
  const { Trainer } = await import(`${root}/src/engine/train/trainer.ts`);
  const { manualSeed } = await import(`${root}/src/engine/tensor.ts`);
  const corpus = prepareCorpus(await readDatasetText('moby'), 'prose');
  manualSeed(1337);
  const model = new GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 });
  const trainer = new Trainer(model, corpus, { batchSize: 12, lr: 1e-3 });
  return async () => {
    const t0 = performance.now();
    const loss = trainer.trainStep();
    const value = await loss.item();
    loss.dispose();
    return [performance.now() - t0, value];
  };
}

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

const other = process.argv[2];
if (!other) throw new Error('usage: npx tsx bench/compare-trees.mts /path/to/other/tree');
const runners = { other: await stepper(other), this: await stepper(fileURLToPath(new URL('..', import.meta.url))) };
const times: Record<keyof typeof runners, number[]> = { other: [], this: [] };
const losses = { other: 0, this: 0 };
for (let i = 0; i < 3; i++) for (const run of Object.values(runners)) await run();
console.log(`load average before: ${load()}`);
for (let round = 0; round < 8; round++) {
  for (const name of ['other', 'this'] as const) {
    for (let i = 0; i < 3; i++) {
      const [ms, loss] = await runners[name]();
      times[name].push(ms);
      losses[name] = loss;
    }
  }
}
console.log(`load average after: ${load()}`);
for (const name of ['other', 'this'] as const) {
  const ms = median(times[name]);
  console.log(`${name}: median ${ms.toFixed(1)} ms per step (${Math.round((768 / ms) * 1000)} tokens/s), loss after 51 steps ${losses[name].toFixed(4)}`);
}
console.log(`this / other speed: ${(median(times.other) / median(times.this)).toFixed(2)}×`);
