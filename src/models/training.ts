// One training run of the studio, as the worker drives it: text and a tokenizer choice become a
// corpus, a preset or hand-set config becomes a GPT, and the engine's Trainer steps it with
// nanoGPT's warm-up and cosine decay. Along the way it estimates train/validation loss, samples
// text, and writes checkpoints (the curve and samples ride along in the metadata, so a resumed run
// continues the same picture). A NaN/inf or exploding loss stops the run and keeps the last good
// checkpoint. Checkpoints are the CLI's format: `npm run train -- --resume` carries on from them.
import {
  BpeTokenizer,
  Trainer,
  loadCheckpoint,
  manualSeed,
  memory,
  nn,
  prepareCorpus,
  prepareNames,
  splitCorpusText,
  splitNames,
  trainCount,
  tensor,
  type Checkpoint,
  type Corpus,
  type Tokenizer,
} from '../engine/index';
import {
  DEFAULT_CONFIG,
  MAX_CHAR_VOCAB,
  configProblems,
  corpusProblem,
  learningRateAt,
  memoryProblem,
  type DatasetChoice,
  type StudioConfig,
} from './trainingPlan';

export interface CurvePoint {
  step: number;
  train: number;
  val: number;
}

export interface SamplePoint {
  step: number;
  text: string;
}

/** What the page shows about a run (also what a checkpoint remembers). */
export interface SessionSummary {
  config: StudioConfig;
  step: number;
  curve: CurvePoint[];
  samples: SamplePoint[];
  tokensSeen: number;
  vocabSize: number;
  parameters: number;
  trainTokens: number;
  valTokens: number;
}

export interface StepProgress {
  step: number;
  /** This batch's loss. */
  loss: number;
  lr: number;
  tokensPerS: number;
  tokensSeen: number;
  /** Seconds per step, for the ETA. */
  secondsPerStep: number;
  /** Tensors alive in the worker after the step: flat over a run unless something leaks. */
  liveTensors: number;
  eval?: CurvePoint;
  sample?: SamplePoint;
  /** The step of a checkpoint just written. */
  checkpoint?: number;
}

export type RunEnd =
  | { reason: 'paused' | 'done'; step: number }
  | { reason: 'diverged'; step: number; loss: number; message: string; lastGoodStep: number };

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: StepProgress) => void;
  /** Receives each checkpoint (every checkpointEvery steps and when the run stops cleanly). */
  onCheckpoint?: (bytes: Uint8Array, step: number) => void | Promise<void>;
  /** Skip evaluation and sampling (the benchmark times training alone). */
  trainOnly?: boolean;
}

/** Batches averaged per loss estimate: enough for a smooth curve, cheap next to the steps between. */
const EVAL_ITERS = 8;
const SAMPLE_TOKENS = 160;
/** Samples kept in a checkpoint. */
const KEEP_SAMPLES = 12;

/** Builds the corpus: the CLI's character recipe, or a BPE trained on the training split only. */
export function buildCorpus(text: string, dataset: DatasetChoice, config: Pick<StudioConfig, 'tokenizer' | 'bpeVocab' | 'seed'>, tokenizer?: Tokenizer): Corpus {
  const kind = dataset === 'names' ? 'names' : 'prose';
  if (tokenizer || config.tokenizer === 'char') return prepareCorpus(text, kind, config.seed, tokenizer);
  // A fresh BPE learns its merges from the training split only.
  const bpe = new BpeTokenizer();
  bpe.train(splitCorpusText(text, kind, config.seed).train, config.bpeVocab);
  return prepareCorpus(text, kind, config.seed, bpe);
}

export interface DataDescription {
  /** Characters (code points) in the text. */
  chars: number;
  /** Distinct characters: the size of a character vocabulary. */
  distinct: number;
  /** Training and validation parts: characters for prose, names for the names list. */
  train: number;
  val: number;
  unit: 'characters' | 'names';
}

/** The split as the corpus will make it, without tokenizing (cheap enough to show live). */
export function describeText(text: string, dataset: DatasetChoice): DataDescription {
  if (dataset === 'names') {
    const { train, val } = splitNames(prepareNames(text), DEFAULT_CONFIG.seed);
    return { chars: text.length, distinct: 27, train: train.length, val: val.length, unit: 'names' };
  }
  const chars = Array.from(text);
  const train = trainCount(chars.length);
  return { chars: chars.length, distinct: new Set(chars).size, train, val: chars.length - train, unit: 'characters' };
}

function trainerOptions(c: StudioConfig) {
  return { batchSize: c.batchSize, lr: c.lr, evalIters: EVAL_ITERS, seed: c.seed, gradClip: 1, weightDecay: 0.1 };
}

export class TrainingSession {
  curve: CurvePoint[] = [];
  samples: SamplePoint[] = [];
  tokensSeen = 0;
  /** Step of the last checkpoint taken while the loss was finite. */
  lastGoodStep = 0;

  private constructor(readonly trainer: Trainer, readonly config: StudioConfig) {}

  /** A new run. Throws a reader-facing message when the settings or the text cannot work. */
  static create(text: string, config: StudioConfig, backend: 'cpu' | 'webgpu' = 'cpu'): TrainingSession {
    const problems = configProblems(config);
    if (problems.length) throw new Error(problems.join(' '));
    const corpus = buildCorpus(text, config.dataset, config);
    checkCorpus(corpus, config, backend);
    manualSeed(config.seed);
    const model = new nn.GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize: config.blockSize, nLayer: config.nLayer, nHead: config.nHead, nEmbd: config.nEmbd, dropout: config.dropout });
    return new TrainingSession(new Trainer(model, corpus, trainerOptions(config)), config);
  }

  /**
   * Carries on from a checkpoint: the studio's own (its settings and curve are in the metadata), or
   * one the CLI wrote (settings from its arguments). `changes` override settings, e.g. a lower
   * learning rate after a divergence, or more steps.
   */
  static resume(bytes: Uint8Array, text: string, changes: Partial<StudioConfig> = {}, backend: 'cpu' | 'webgpu' = 'cpu'): TrainingSession {
    const ckpt = loadCheckpoint(bytes);
    const saved = checkpointSettings(ckpt);
    const config: StudioConfig = { ...saved.config, ...changes };
    if (config.steps <= ckpt.step) config.steps = ckpt.step + Math.max(config.evalEvery, 100);
    const problems = configProblems(config);
    if (problems.length) throw new Error(problems.join(' '));
    if (!ckpt.tokenizer) throw new Error('This file has no tokenizer in its metadata, so it is not a training checkpoint the studio can continue');
    const corpus = buildCorpus(text, config.dataset, config, ckpt.tokenizer);
    checkCorpus(corpus, config, backend);
    const session = new TrainingSession(Trainer.fromCheckpoint(ckpt, corpus, trainerOptions(config)), config);
    session.curve = saved.curve.filter((p) => p.step <= ckpt.step);
    session.samples = saved.samples.filter((p) => p.step <= ckpt.step);
    session.tokensSeen = saved.tokensSeen ?? ckpt.step * config.batchSize * config.blockSize;
    session.lastGoodStep = ckpt.step;
    return session;
  }

  get step(): number {
    return this.trainer.step;
  }

  summary(): SessionSummary {
    const { model, corpus } = this.trainer;
    return {
      config: { ...this.config },
      step: this.step,
      curve: [...this.curve],
      samples: [...this.samples],
      tokensSeen: this.tokensSeen,
      vocabSize: corpus.tokenizer.vocabSize,
      parameters: model.numParameters(),
      trainTokens: corpus.train.length,
      valTokens: corpus.val.length,
    };
  }

  /** A checkpoint of the run as it is now, with the settings, curve and samples in the metadata. */
  save(): Promise<Uint8Array> {
    const { config, curve, samples, tokensSeen } = this;
    // `data` and `args` are what the CLI writes; the studio reads `studio` first.
    const args = { batch: String(config.batchSize), lr: String(config.lr), steps: String(config.steps), dropout: String(config.dropout), seed: String(config.seed) };
    return this.trainer.save({ data: config.dataset, args, studio: { config, curve, samples: samples.slice(-KEEP_SAMPLES), tokensSeen } });
  }

  async evaluate(): Promise<CurvePoint> {
    const { train, val } = await this.trainer.estimateLoss();
    const point = { step: this.step, train, val };
    this.curve = [...this.curve.filter((p) => p.step !== point.step), point];
    return point;
  }

  async sample(tokens = SAMPLE_TOKENS): Promise<SamplePoint> {
    const { model, corpus } = this.trainer;
    const start = tensor([[startTokens(corpus)]]); // (1, 1)
    const out = await model.generate(start, tokens, { seed: this.config.seed + this.step });
    start.dispose();
    const [row] = (await out.toArray()) as number[][];
    out.dispose();
    const point = { step: this.step, text: corpus.tokenizer.decode(row.slice(1)) };
    this.samples = [...this.samples.filter((s) => s.step !== point.step), point].slice(-KEEP_SAMPLES);
    return point;
  }

  /**
   * Trains until `config.steps`, an abort (pause) or a divergence. Evaluates, samples and
   * checkpoints on their schedules; a clean stop (pause or done) writes a final checkpoint.
   */
  async run(options: RunOptions = {}): Promise<RunEnd> {
    const c = this.config;
    const { trainer } = this;
    const lnV = Math.log(trainer.corpus.tokenizer.vocabSize);
    const checkpoint = async () => {
      const bytes = await this.save();
      this.lastGoodStep = this.step;
      await options.onCheckpoint?.(bytes, this.step);
      return this.step;
    };
    if (!options.trainOnly && this.curve.length === 0) {
      options.onProgress?.({ ...this.progressBase(NaN, 0, 0, 0), eval: await this.evaluate() });
      if (this.step === 0) await checkpoint();
    }
    let trainMs = 0;
    let tokens = 0;
    while (this.step < c.steps) {
      if (options.signal?.aborted) {
        await checkpoint();
        return { reason: 'paused', step: this.step };
      }
      const lr = learningRateAt(this.step, c);
      trainer.optimizer.lr = lr;
      const t0 = performance.now();
      const lossTensor = trainer.trainStep();
      const loss = await lossTensor.item(); // waits for the step, so the timing is honest on every backend
      lossTensor.dispose();
      trainMs += performance.now() - t0;
      tokens += trainer.tokensPerStep;
      this.tokensSeen += trainer.tokensPerStep;
      // A loss far above the uniform guess (ln V) means the steps overshoot; it never comes back.
      if (!Number.isFinite(loss) || loss > 2 * lnV + 2) {
        return { reason: 'diverged', step: this.step, loss, lastGoodStep: this.lastGoodStep, message: divergenceMessage(loss, this.step, lr, c.lr, this.lastGoodStep) };
      }
      const p: StepProgress = this.progressBase(loss, lr, tokens, trainMs);
      const atEnd = this.step >= c.steps;
      if (!options.trainOnly) {
        if (this.step % c.evalEvery === 0 || atEnd) p.eval = await this.evaluate();
        if (this.step % c.sampleEvery === 0 || atEnd) p.sample = await this.sample();
        if (this.step % c.checkpointEvery === 0 && !atEnd) p.checkpoint = await checkpoint();
      }
      options.onProgress?.(p);
    }
    if (!options.trainOnly) await checkpoint();
    return { reason: 'done', step: this.step };
  }

  private progressBase(loss: number, lr: number, tokens: number, trainMs: number): StepProgress {
    const steps = tokens / this.trainer.tokensPerStep;
    return {
      step: this.step,
      loss,
      lr,
      tokensPerS: trainMs > 0 ? (tokens / trainMs) * 1000 : 0,
      tokensSeen: this.tokensSeen,
      secondsPerStep: steps > 0 ? trainMs / 1000 / steps : NaN,
      liveTensors: memory().tensors,
    };
  }
}

function checkCorpus(corpus: Corpus, config: StudioConfig, backend: 'cpu' | 'webgpu'): void {
  const V = corpus.tokenizer.vocabSize;
  if (corpus.tokenizer instanceof BpeTokenizer === false && V > MAX_CHAR_VOCAB) {
    throw new Error(`The text has ${V.toLocaleString('en')} distinct characters; a character model takes at most ${MAX_CHAR_VOCAB.toLocaleString('en')}. Choose the BPE tokenizer, which reads any text as bytes.`);
  }
  const memory = memoryProblem(config, V, backend);
  if (memory) throw new Error(memory);
  const short = corpusProblem(corpus.train.length, corpus.val.length, config.blockSize);
  if (short) throw new Error(short);
}

/** What to start each sample from: a name boundary, a newline, or the text's first token. */
function startTokens(corpus: Corpus): number {
  const start = corpus.kind === 'names' ? '.' : '\n';
  try {
    const ids = corpus.tokenizer.encode(start);
    if (ids.length === 1) return ids[0];
  } catch {
    // A character vocabulary without a newline: fall through.
  }
  return corpus.train[0];
}

function divergenceMessage(loss: number, step: number, lr: number, peakLr: number, lastGood: number): string {
  const what = Number.isNaN(loss) ? 'became NaN (not a number)' : !Number.isFinite(loss) ? 'became infinite' : `exploded to ${loss.toFixed(1)}`;
  const suggestion = Math.min(peakLr / 10, 1e-3);
  return (
    `Training stopped at step ${step}: the loss ${what} with a learning rate of ${lr.toPrecision(2)}. ` +
    `The steps are too large, so the weights overshoot. The last good checkpoint (step ${lastGood}) is kept: ` +
    `lower the learning rate (try ${suggestion.toPrecision(1)}) and resume.`
  );
}

interface SavedSettings {
  config: StudioConfig;
  curve: CurvePoint[];
  samples: SamplePoint[];
  tokensSeen?: number;
}

/** The studio's settings from a checkpoint, or the CLI's (its arguments and model config). */
export function checkpointSettings(ckpt: Checkpoint): SavedSettings {
  const studio = ckpt.extra.studio as SavedSettings | undefined;
  if (studio?.config) return { ...studio, curve: studio.curve ?? [], samples: studio.samples ?? [], config: { ...DEFAULT_CONFIG, ...studio.config } };
  const m = ckpt.config as Partial<nn.GPTConfig> | null;
  if (!m || !m.nLayer) throw new Error('This file has no model settings in its metadata, so it is not a GPT checkpoint');
  const args = (ckpt.extra.args ?? {}) as Record<string, string | undefined>;
  const num = (v: string | undefined, fallback: number) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : fallback);
  const data = ckpt.extra.data;
  const dataset: DatasetChoice = data === 'moby' || data === 'names' ? data : 'own';
  const config: StudioConfig = {
    ...DEFAULT_CONFIG,
    dataset,
    tokenizer: ckpt.tokenizer instanceof BpeTokenizer ? 'bpe' : 'char',
    bpeVocab: ckpt.tokenizer instanceof BpeTokenizer ? ckpt.tokenizer.vocabSize : DEFAULT_CONFIG.bpeVocab,
    nLayer: m.nLayer,
    nHead: m.nHead ?? 1,
    nEmbd: m.nEmbd ?? 64,
    blockSize: m.blockSize ?? 32,
    dropout: m.dropout ?? 0,
    batchSize: num(args.batch, 12),
    lr: num(args.lr, 1e-3),
    // The CLI trains at a constant rate: no warm-up to repeat.
    warmup: 0,
    steps: num(args.steps, ckpt.step + 100),
    seed: num(args.seed, DEFAULT_CONFIG.seed),
  };
  return { config, curve: [], samples: [] };
}

/** FNV-1a over the model's weights (not the optimizer's): equal hashes, equal models. */
export function weightsHash(bytes: Uint8Array): string {
  const ckpt = loadCheckpoint(bytes);
  let h = 0x811c9dc5;
  for (const name of [...ckpt.model.keys()].sort()) {
    const data = ckpt.model.get(name)!.data;
    const u8 = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < u8.length; i++) h = Math.imul(h ^ u8[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
