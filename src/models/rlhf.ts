// RLHF on a GPT (chapter 11's RlhfLab with a real model): the picked model writes short
// continuations of the reader's prompt; a labeler with a stated rule (or the reader) ranks pairs;
// a reward model, a linear head on the continuation's bag of tokens, learns the rankings by
// Bradley–Terry; REINFORCE with a per-token KL penalty (rl.policyLoss) trains a copy of the model
// against it while the original stays frozen as the reference.
//
// Why it can be gamed: the labeler likes vowels but punishes any three characters that already
// appeared in the sample. The reward model adds up one weight per token, so it learns which tokens
// bring vowels and cannot see repetition: repeating its favourite token scores ever higher with
// it, and ever lower with the labeler.
import { Generator, nn, noGrad, optim, rl, tensor, tidy } from '../engine/index';
import type { CallContext } from '../lib/worker';
import { MAX_INPUT_CHARS, type LoadedModel, type ModelService } from './service';
import { labelerScore } from './labeler';
import { copyModel } from './sft';

/** What the reward model sees: how often each token occurs, and nothing about order. */
export function bagOfTokens(ids: number[], vocabSize: number): Float64Array {
  const x = new Float64Array(vocabSize);
  for (const t of ids) x[t] += 1;
  return x;
}

export interface Sample {
  ids: number[];
  text: string;
}

export interface Pair {
  a: Sample;
  b: Sample;
  winner: 'a' | 'b';
  by: 'labeler' | 'reader';
}

/** The labeler ranks a pair by its rule; it skips a pair its rule scores as a tie (null). */
export function autoLabel(a: Sample, b: Sample): Pair | null {
  const d = labelerScore(a.text) - labelerScore(b.text);
  return d === 0 ? null : { a, b, winner: d > 0 ? 'a' : 'b', by: 'labeler' };
}

/**
 * n continuations of `length` tokens after the prompt, sampled from the model's own distribution
 * (temperature 1: REINFORCE needs the samples to come from the policy it differentiates).
 */
export async function sampleContinuations(m: LoadedModel, prompt: number[], n: number, length: number, gen: Generator): Promise<Sample[]> {
  const V = m.info.config.vocabSize;
  const rows = Array.from({ length: n }, () => [...prompt]);
  for (let t = 0; t < length; t++) {
    const last = tidy(() =>
      noGrad(() => {
        const { logits } = m.gpt.forward(tensor(rows));
        return logits.narrow(1, logits.shape[1] - 1, 1);
      }),
    );
    const values = await last.data();
    last.dispose();
    rows.forEach((row, b) => row.push(nn.sampleIndex(nn.samplingDistribution(values.subarray(b * V, (b + 1) * V)), gen.random())));
  }
  return rows.map((row) => {
    const ids = row.slice(prompt.length);
    return { ids, text: m.tokenizer.decode(ids) };
  });
}

export interface RlhfSettings {
  /** Tokens per continuation. */
  length: number;
  /** Continuations per RL step. */
  batch: number;
  /** AdamW's learning rate for the policy. */
  lr: number;
  seed: number;
}

export const RLHF_DEFAULTS: RlhfSettings = { length: 10, batch: 16, lr: 3e-4, seed: 1 };

export interface RewardSummary extends Omit<rl.LinearFit, 'w'> {
  /** The tokens the reward model likes most and least, with their weights. */
  favourite: { text: string; w: number }[];
  leastLiked: { text: string; w: number }[];
}

export interface Metrics {
  step: number;
  /** Mean reward-model score of this step's samples (what RL maximises). */
  reward: number;
  /** Mean labeler score (what we actually wanted). */
  trueReward: number;
  /** Mean over samples of Σ_t KL(policy ‖ reference) at each token, in nats. */
  kl: number;
  /** How often each judge prefers a sample to one from the starting model. */
  rmWinRate: number;
  trueWinRate: number;
  samples: string[];
}

/** One reader's RLHF run: the frozen reference, its trainable copy, the pairs and the reward model. */
export class RlhfSession {
  readonly policy: nn.GPT;
  readonly base: Sample[] = [];
  pairs: Pair[] = [];
  pending: { a: Sample; b: Sample } | null = null;
  private rm: { w: Float64Array; b: number } | null = null;
  private optimizer: optim.AdamW;
  private gen: Generator;
  step = 0;

  private constructor(
    readonly reference: LoadedModel,
    readonly prompt: number[],
    readonly settings: RlhfSettings,
  ) {
    this.policy = copyModel(reference).gpt;
    this.policy.eval(); // no dropout: the policy's samples and its gradient see the same network
    this.optimizer = new optim.AdamW(this.policy.parameters(), { lr: settings.lr, weightDecay: 0 });
    this.gen = new Generator(settings.seed);
  }

  /** A session on `prompt`; its starting samples are the baseline every win rate compares with. */
  static async start(reference: LoadedModel, promptText: string, settings: Partial<RlhfSettings> = {}): Promise<RlhfSession> {
    const s = { ...RLHF_DEFAULTS, ...settings };
    const session = new RlhfSession(reference, encodePrompt(reference, promptText, s.length), s);
    session.base.push(...(await session.sampleReference(64)));
    return session;
  }

  private policyModel(): LoadedModel {
    return { ...this.reference, gpt: this.policy };
  }

  sampleReference(n: number): Promise<Sample[]> {
    return sampleContinuations(this.reference, this.prompt, n, this.settings.length, this.gen);
  }

  /** Two fresh continuations from the starting model for the reader to rank. */
  async nextPair(): Promise<{ a: string; b: string }> {
    const [a, b] = await this.sampleReference(2);
    this.pending = { a, b };
    return { a: a.text, b: b.text };
  }

  prefer(winner: 'a' | 'b'): void {
    if (!this.pending) throw new Error('There is no pair to rank: ask for one first.');
    this.pairs.push({ ...this.pending, winner, by: 'reader' });
    this.pending = null;
  }

  /** The labeler ranks `count` more pairs of starting-model continuations (ties are redrawn). */
  async autoLabel(count: number, signal?: AbortSignal, onProgress?: (added: number) => void): Promise<number> {
    let added = 0;
    for (let tries = 0; added < count && tries < 20 && !signal?.aborted; tries++) {
      const batch = await this.sampleReference(2 * Math.min(64, count - added));
      for (let i = 0; i + 1 < batch.length && added < count; i += 2) {
        const p = autoLabel(batch[i], batch[i + 1]);
        if (p) {
          this.pairs.push(p);
          added++;
        }
      }
      onProgress?.(added);
    }
    return added;
  }

  trainRewardModel(): RewardSummary {
    const V = this.reference.info.config.vocabSize;
    const feats = (s: Sample) => bagOfTokens(s.ids, V);
    const prefs = this.pairs.map((p) => (p.winner === 'a' ? { chosen: feats(p.a), rejected: feats(p.b) } : { chosen: feats(p.b), rejected: feats(p.a) }));
    const { w, ...fit } = rl.fitLinearBradleyTerry(prefs);
    // Shifted so the starting model's continuations average 0 (the bias cancels in every pair).
    this.rm = { w, b: -rl.meanOf(this.base.map((s) => rl.linearScore(w, 0, feats(s)))) };
    const seen = [...new Set(this.pairs.flatMap((p) => [...p.a.ids, ...p.b.ids]))].sort((x, y) => w[y] - w[x]);
    const show = (id: number) => ({ text: this.reference.tokenizer.decode([id]), w: w[id] });
    return { ...fit, favourite: seen.slice(0, 5).map(show), leastLiked: seen.slice(-3).map(show) };
  }

  rewardOf(s: Sample): number {
    if (!this.rm) throw new Error('Train the reward model first: RL needs its scores.');
    return rl.linearScore(this.rm.w, this.rm.b, bagOfTokens(s.ids, this.reference.info.config.vocabSize));
  }

  /** Back to the starting model (the pairs and the reward model stay). */
  reset(): void {
    this.policy.loadStateDict(this.reference.gpt.stateDict());
    this.optimizer = new optim.AdamW(this.policy.parameters(), { lr: this.settings.lr, weightDecay: 0 });
    this.step = 0;
  }

  /** The starting point's metrics, measured on a batch from the (untrained) policy. */
  async evaluateStart(): Promise<Metrics> {
    const samples = await sampleContinuations(this.policyModel(), this.prompt, this.settings.batch, this.settings.length, this.gen);
    return this.metrics(samples, 0);
  }

  /** One RL step on a fresh batch; the metrics describe the batch it learned from. */
  async rlStep(beta: number): Promise<Metrics> {
    const samples = await sampleContinuations(this.policyModel(), this.prompt, this.settings.batch, this.settings.length, this.gen);
    const rewards = samples.map((s) => this.rewardOf(s));
    const P = this.prompt.length;
    const L = this.settings.length;
    const klTensor = tidy(() => {
      // Position P − 1 + t predicts continuation token t, so the last token is never fed in.
      const idx = tensor(samples.map((s) => [...this.prompt, ...s.ids].slice(0, -1)));
      const logits = this.policy.forward(idx).logits.narrow(1, P - 1, L);
      const refLogits = noGrad(() => this.reference.gpt.forward(idx).logits.narrow(1, P - 1, L));
      const { loss, kl } = rl.policyLoss({ logits, refLogits, actions: samples.map((s) => s.ids), rewards, beta });
      this.optimizer.zeroGrad();
      loss.backward();
      optim.clipGradNorm(this.policy.parameters(), 1);
      this.optimizer.step();
      return kl.detach().sum(-1);
    });
    const kl = await klTensor.data();
    klTensor.dispose();
    this.step++;
    return this.metrics(samples, this.step, rl.meanOf(kl));
  }

  private async metrics(samples: Sample[], step: number, kl?: number): Promise<Metrics> {
    const rm = samples.map((s) => this.rewardOf(s));
    const truth = samples.map((s) => labelerScore(s.text));
    let rmWins = 0;
    let trueWins = 0;
    samples.forEach((s, i) => {
      const base = this.base[(step * samples.length + i) % this.base.length];
      rmWins += 1 / (1 + Math.exp(-(rm[i] - this.rewardOf(base))));
      const d = truth[i] - labelerScore(base.text);
      trueWins += d > 0 ? 1 : d === 0 ? 0.5 : 0;
    });
    return {
      step,
      reward: rl.meanOf(rm),
      trueReward: rl.meanOf(truth),
      kl: kl ?? 0,
      rmWinRate: rmWins / samples.length,
      trueWinRate: trueWins / samples.length,
      samples: samples.slice(0, 6).map((s) => s.text),
    };
  }

  dispose(): void {
    for (const p of this.policy.parameters()) p.dispose();
  }
}

/** The prompt's tokens, checked, and cut to leave room for the continuation in the context. */
function encodePrompt(m: LoadedModel, text: string, length: number): number[] {
  if (text.length > MAX_INPUT_CHARS) throw new Error(`The prompt has ${text.length.toLocaleString('en')} characters; the limit is ${MAX_INPUT_CHARS.toLocaleString('en')}`);
  if (text.length === 0) throw new Error('The prompt is empty: type a few words for the model to continue.');
  const ids = m.tokenizer.encode(text);
  return ids.slice(-(m.info.config.blockSize - length));
}

/** The RLHF calls of the model service (served by model.worker.ts beside forward and the studio). */
export function rlhfApi(service: () => ModelService) {
  let session: RlhfSession | null = null;
  const live = (): RlhfSession => {
    if (!session) throw new Error('Start RLHF on a model first.');
    return session;
  };
  return {
    /** A fresh run on `model` (an id from load) and `prompt`; returns the starting model's samples. */
    async rlhfStart(args: { model: string; prompt: string; settings?: Partial<RlhfSettings> }) {
      session?.dispose();
      session = null;
      session = await RlhfSession.start(service().loaded(args.model), args.prompt, args.settings);
      return { samples: session.base.slice(0, 6).map((s) => s.text), promptTokens: session.prompt.length, ...(await session.nextPair()) };
    },
    rlhfPrefer: async (args: { winner: 'a' | 'b' }) => {
      live().prefer(args.winner);
      return { pairs: live().pairs.length, ...(await live().nextPair()) };
    },
    async rlhfAutoLabel(args: { count: number }, ctx: CallContext<{ added: number }>) {
      await live().autoLabel(args.count, ctx.signal, (added) => ctx.progress({ added }));
      const { pairs } = live();
      return { pairs: pairs.length, examples: pairs.slice(-3).map((p) => ({ a: p.a.text, b: p.b.text, winner: p.winner })) };
    },
    rlhfTrainRewardModel: async () => live().trainRewardModel(),
    async rlhfReset(): Promise<Metrics> {
      live().reset();
      return live().evaluateStart();
    },
    async rlhfRun(args: { steps: number; beta: number }, ctx: CallContext<Metrics>): Promise<Metrics | null> {
      const s = live();
      s.rewardOf(s.base[0]); // fails early, with its message, when there is no reward model yet
      let last: Metrics | null = null;
      for (let i = 0; i < args.steps && !ctx.signal.aborted; i++) {
        last = await s.rlStep(args.beta);
        ctx.progress(last);
        // Yield so a cancel message can arrive between steps.
        await new Promise((r) => setTimeout(r, 0));
      }
      return last;
    },
  };
}

export type RlhfApi = ReturnType<typeof rlhfApi>;
