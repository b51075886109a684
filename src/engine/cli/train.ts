// Train a character-level GPT from the command line, as nanoGPT's train.py:
//
//   npm run train -- --data moby --layers 4 --heads 4 --embd 128 --ctx 64 --batch 12 \
//     --steps 2000 --lr 1e-3 --seed 1337 --eval-every 100 --out checkpoints/moby.safetensors
//
// Every --eval-every steps it prints the mean train and validation loss over --eval-iters batches
// and the training speed, and saves a checkpoint to --out; `--resume` carries on from that file
// exactly where it stopped (same batches, same losses as a run that was never interrupted).
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { GPT } from '../nn/gpt';
import { Trainer } from '../train/trainer';
import { prepareCorpus } from '../data/corpus';
import { readDatasetText } from '../data/fs';
import { loadCheckpoint } from '../checkpoint/checkpoint';
import { manualSeed, tensor } from '../tensor';
import { setThreads } from '../backends/cpu/matmul';

const USAGE = `usage: npm run train -- [options]
  --data moby|names|<file>   training text (default moby)
  --layers N --heads N --embd N --ctx N   model size (default 4, 4, 128, 64)
  --dropout P                dropout probability (default 0)
  --batch N                  sequences per step (default 12)
  --steps N                  total steps (default 2000)
  --lr X                     AdamW learning rate (default 1e-3)
  --weight-decay X           (default 0.1, matrices only)
  --clip X                   gradient-norm clip, 0 for none (default 1)
  --seed N                   (default 1337)
  --eval-every N             (default 100)   --eval-iters N  batches per estimate (default 20)
  --out FILE                 checkpoint path (default checkpoints/<data>.safetensors)
  --resume                   continue from --out
  --sample N                 print N sampled characters at the end (default 200)
  --threads N|auto           CPU threads for large matmuls (default 1; auto: one per core)`;

/** Runs the CLI with `argv` (the arguments after the script name), printing through `log`. */
export async function runTrain(argv: string[], log: (line: string) => void = console.log): Promise<void> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: 'moby' },
      layers: { type: 'string', default: '4' },
      heads: { type: 'string', default: '4' },
      embd: { type: 'string', default: '128' },
      ctx: { type: 'string', default: '64' },
      dropout: { type: 'string', default: '0' },
      batch: { type: 'string', default: '12' },
      steps: { type: 'string', default: '2000' },
      lr: { type: 'string', default: '1e-3' },
      'weight-decay': { type: 'string', default: '0.1' },
      clip: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1337' },
      'eval-every': { type: 'string', default: '100' },
      'eval-iters': { type: 'string', default: '20' },
      out: { type: 'string' },
      resume: { type: 'boolean', default: false },
      sample: { type: 'string', default: '200' },
      threads: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (a.help) return log(USAGE);
  const num = (name: keyof typeof a): number => {
    const v = Number(a[name]);
    if (!Number.isFinite(v)) throw new Error(`--${name} must be a number, got ${JSON.stringify(a[name])}\n${USAGE}`);
    return v;
  };
  const threads = a.threads === 'auto' ? availableParallelism() : num('threads');
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be a whole number ≥ 1 or auto, got ${JSON.stringify(a.threads)}\n${USAGE}`);
  const seed = num('seed');
  const steps = num('steps');
  const evalEvery = Math.max(1, num('eval-every'));
  const dataName = a.data!;
  const out = a.out ?? `checkpoints/${dataName.replace(/[^\w.-]+/g, '_')}.safetensors`;

  if (a.resume && !existsSync(out)) throw new Error(`--resume: no checkpoint at ${out}`);
  // Threads start only now, so a bad flag above never leaves workers behind.
  const threadsUsed = await setThreads(threads);
  try {
    const text = await readDatasetText(dataName);
    // A resumed run encodes the text with its checkpoint's tokenizer (characters or a studio's BPE).
    const checkpoint = a.resume ? loadCheckpoint(new Uint8Array(readFileSync(out))) : null;
    const corpus = prepareCorpus(text, dataName === 'names' ? 'names' : 'prose', seed, checkpoint?.tokenizer ?? undefined);

    const trainerOptions = {
      batchSize: num('batch'),
      lr: num('lr'),
      weightDecay: num('weight-decay'),
      gradClip: num('clip'),
      evalIters: num('eval-iters'),
      seed,
    };
    manualSeed(seed);
    let trainer: Trainer;
    if (checkpoint) {
      trainer = Trainer.fromCheckpoint(checkpoint, corpus, trainerOptions);
    } else {
      const model = new GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize: num('ctx'), nLayer: num('layers'), nHead: num('heads'), nEmbd: num('embd'), dropout: num('dropout') });
      trainer = new Trainer(model, corpus, trainerOptions);
    }
    const resumed = a.resume;
    const model = trainer.model;
    const c = model.config;
    log(
      `${resumed ? `resuming ${out} at step ${trainer.step}` : 'training'}: ${dataName}, vocab ${c.vocabSize}, ` +
        `${model.numParameters().toLocaleString('en')} parameters (layers ${c.nLayer}, heads ${c.nHead}, embd ${c.nEmbd}, ctx ${c.blockSize}); ` +
        `train ${corpus.train.length.toLocaleString('en')} / val ${corpus.val.length.toLocaleString('en')} tokens; ` +
        `${threadsUsed === 1 ? '1 CPU thread' : `${threadsUsed} CPU threads for large matmuls`}`,
    );

    const save = async (): Promise<void> => {
      const bytes = await trainer.save({ data: dataName, args: a });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, bytes);
    };

    let trainMs = 0;
    let tokens = 0;
    let first = true;
    while (true) {
      const atEnd = trainer.step >= steps;
      // A resumed run has already reported (and saved) the step it starts at.
      if ((trainer.step % evalEvery === 0 || atEnd) && !(first && resumed)) {
        const { train, val } = await trainer.estimateLoss();
        const speed = trainMs > 0 ? `${Math.round((tokens / trainMs) * 1000).toLocaleString('en')} tok/s` : '';
        log(`step ${String(trainer.step).padStart(5)} | train ${train.toFixed(4)} | val ${val.toFixed(4)} | ${speed}`);
        await save();
      }
      first = false;
      if (atEnd) break;
      const t0 = performance.now();
      const loss = trainer.trainStep();
      const value = await loss.item(); // waits for the step, so the timing is honest on every backend
      loss.dispose();
      trainMs += performance.now() - t0;
      tokens += trainer.tokensPerStep;
      if (!Number.isFinite(value)) throw new Error(`step ${trainer.step}: the loss is ${value}; lower --lr`);
    }
    log(`saved ${out}; ${Math.round((tokens / trainMs) * 1000).toLocaleString('en')} tokens/s over ${tokens / trainer.tokensPerStep} steps`);

    const n = num('sample');
    if (n > 0) {
      const start = corpus.tokenizer.encode(corpus.kind === 'names' ? '.' : '\n');
      const outIds = await model.generate(tensor([start]), n, { seed });
      const [row] = (await outIds.toArray()) as number[][];
      outIds.dispose();
      log(`--- sample ---\n${corpus.tokenizer.decode(row)}`);
    }
  } finally {
    await setThreads(1); // stops the worker threads
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  runTrain(process.argv.slice(2)).catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
