// One training step of the 822K-parameter benchmark GPT (layers 4, heads 4, embd 128, ctx 64,
// batch 12, character vocabulary of Moby Dick): forward, backward, gradient clipping and AdamW,
// exactly as `npm run train` runs it. bench/run.ts imports this; nanoGptCpuRecipe is the model
// and trainer every Node bench of that recipe starts from (profile.ts, memory.ts).
import { readDatasetText } from '../src/engine/data/fs';
import { prepareCorpus } from '../src/engine/data/corpus';
import { GPT } from '../src/engine/nn/gpt';
import { Trainer } from '../src/engine/train/trainer';
import { manualSeed } from '../src/engine/tensor';
import { median } from './timing';

export interface GptStepResult {
  name: string;
  parameters: number;
  tokensPerStep: number;
  /** Median wall time of one step, ms. */
  medianMs: number;
  tokensPerSecond: number;
  samples: number[];
}

/** nanoGPT's CPU recipe on Moby Dick's characters, seeded as the CLI's default run. */
export async function nanoGptCpuRecipe(): Promise<{ model: GPT; trainer: Trainer }> {
  const corpus = prepareCorpus(await readDatasetText('moby'), 'prose');
  manualSeed(1337);
  const model = new GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 });
  return { model, trainer: new Trainer(model, corpus, { batchSize: 12, lr: 1e-3 }) };
}

export async function benchGptStep(opts: { warmup?: number; iters?: number } = {}): Promise<GptStepResult> {
  const { model, trainer } = await nanoGptCpuRecipe();
  const samples: number[] = [];
  const warmup = opts.warmup ?? 2;
  const iters = opts.iters ?? 10;
  for (let i = 0; i < warmup + iters; i++) {
    const t0 = performance.now();
    const loss = trainer.trainStep();
    await loss.item();
    loss.dispose();
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  const medianMs = median(samples);
  return {
    name: `GPT train step (${(model.numParameters() / 1000).toFixed(0)}K params, batch 12 × ctx 64)`,
    parameters: model.numParameters(),
    tokensPerStep: trainer.tokensPerStep,
    medianMs,
    tokensPerSecond: (trainer.tokensPerStep / medianMs) * 1000,
    samples,
  };
}
