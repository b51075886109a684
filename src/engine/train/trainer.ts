// The training loop nanoGPT runs, as an object the CLI and the in-page trainer both drive one step
// at a time: sample a batch, forward, backward, clip the gradient norm, AdamW step. Weight decay
// applies to matrices only (not to biases and LayerNorm gains), as in nanoGPT's
// configure_optimizers. Evaluation draws its batches from its own generator, seeded by the step,
// so evaluating never changes the training run (and a resumed run matches an uninterrupted one).
import type { GPT } from '../nn/gpt';
import { gptFromCheckpoint, saveCheckpoint, type Checkpoint } from '../checkpoint/checkpoint';
import type { GeneratorState } from '../random';
import type { Corpus } from '../data/corpus';
import { sampleBatch } from '../data/batch';
import { AdamW } from '../optim/adamw';
import { clipGradNorm } from '../optim/clip';
import { Generator, defaultGenerator, noGrad, tidy, type Tensor } from '../tensor';

export interface TrainerOptions {
  batchSize: number;
  lr: number;
  weightDecay?: number;
  betas?: [number, number];
  /** Clip the global gradient norm to this (0 turns clipping off). */
  gradClip?: number;
  /** Batches averaged by estimateLoss. */
  evalIters?: number;
  /** Seeds the evaluation batches. */
  seed?: number;
}

export class Trainer {
  readonly optimizer: AdamW;
  /** Steps taken so far. */
  step = 0;
  private readonly opts: Required<TrainerOptions>;

  constructor(readonly model: GPT, readonly corpus: Corpus, options: TrainerOptions) {
    this.opts = { weightDecay: 0.1, betas: [0.9, 0.99], gradClip: 1, evalIters: 20, seed: 1337, ...options };
    if (model.config.vocabSize !== corpus.tokenizer.vocabSize) {
      throw new Error(`Trainer: the model's vocabulary (${model.config.vocabSize}) differs from the tokenizer's (${corpus.tokenizer.vocabSize})`);
    }
    const params = model.parameters();
    this.optimizer = new AdamW(
      [
        { params: params.filter((p) => p.shape.length >= 2) },
        { params: params.filter((p) => p.shape.length < 2), options: { weightDecay: 0 } },
      ],
      { lr: this.opts.lr, betas: this.opts.betas, weightDecay: this.opts.weightDecay },
    );
  }

  /**
   * A trainer that carries on exactly where a checkpoint from save() stopped: weights, optimizer
   * moments, step count and the global generator's state (so the next batches are the same).
   */
  static fromCheckpoint(ckpt: Checkpoint, corpus: Corpus, options: TrainerOptions): Trainer {
    const vocab = (t: unknown) => JSON.stringify((t as { toJSON(): unknown } | null)?.toJSON());
    if (vocab(ckpt.tokenizer) !== vocab(corpus.tokenizer)) {
      throw new Error('This checkpoint was trained with a different tokenizer (vocabulary) than the current text');
    }
    if (!ckpt.optimizer) throw new Error('This checkpoint has no optimizer state, so training cannot resume from it exactly');
    const trainer = new Trainer(gptFromCheckpoint(ckpt), corpus, options);
    trainer.optimizer.loadStateDict(ckpt.optimizer);
    trainer.step = ckpt.step;
    if (ckpt.rng) defaultGenerator().loadStateDict(ckpt.rng as GeneratorState);
    return trainer;
  }

  /** A safetensors checkpoint of everything fromCheckpoint needs, plus `extra` (e.g. the settings). */
  save(extra?: Record<string, unknown>): Promise<Uint8Array> {
    return saveCheckpoint({
      model: this.model,
      optimizer: this.optimizer,
      step: this.step,
      tokenizer: this.corpus.tokenizer,
      rng: defaultGenerator().stateDict(),
      extra,
    });
  }

  /** Tokens processed per step. */
  get tokensPerStep(): number {
    return this.opts.batchSize * this.model.config.blockSize;
  }

  /** One optimisation step on a fresh batch (from the global generator). Returns the batch's loss; dispose it. */
  trainStep(): Tensor {
    const { blockSize } = this.model.config;
    const loss = tidy(() => {
      const { x, y } = sampleBatch(this.corpus.train, blockSize, this.opts.batchSize, defaultGenerator());
      const out = this.model.forward(x, y);
      this.optimizer.zeroGrad();
      out.loss!.backward();
      if (this.opts.gradClip > 0) clipGradNorm(this.model.parameters(), this.opts.gradClip);
      this.optimizer.step();
      return out.loss!.detach();
    });
    this.step++;
    return loss;
  }

  /** Mean loss over evalIters random batches of each split, in eval mode (no dropout). */
  async estimateLoss(): Promise<{ train: number; val: number }> {
    const gen = new Generator(this.opts.seed + 7919 * (this.step + 1));
    const wasTraining = this.model.training;
    this.model.eval();
    const result = { train: 0, val: 0 };
    try {
      for (const split of ['train', 'val'] as const) {
        // One readback per split: the losses are summed on the device.
        const losses: Tensor[] = [];
        for (let i = 0; i < this.opts.evalIters; i++) {
          losses.push(tidy(() => noGrad(() => {
            const { x, y } = sampleBatch(this.corpus[split], this.model.config.blockSize, this.opts.batchSize, gen);
            return this.model.forward(x, y).loss!;
          })));
        }
        const mean = tidy(() => losses.reduce((s, l) => s.add(l)).mul(1 / losses.length));
        for (const l of losses) l.dispose();
        result[split] = await mean.item();
        mean.dispose();
      }
    } finally {
      this.model.train(wasTraining);
    }
    return result;
  }
}
