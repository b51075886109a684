// Holds the RLHF toy's state (generator, reference, preference pairs, reward model) off the main
// thread and answers the widget's calls with the one worker protocol.
import { uniformStream } from '../../../engine/light';
import { serve, type CallContext } from '../../../lib/worker';
import {
  autoLabel,
  evaluate,
  pretrain,
  rlStep,
  sampleWord,
  trainRewardModel,
  type Metrics,
  type Pair,
  type Policy,
  type RewardModel,
  type RewardTraining,
} from './rlhfLab';

let reference: Policy | null = null;
let policy: Policy | null = null;
let baseWords: string[] = [];
let pairs: Pair[] = [];
let rm: RewardModel | null = null;
let step = 0;
let rand = uniformStream(1);

function started(): Policy {
  if (!policy || !reference) throw new Error('The generator has not been pre-trained yet.');
  return policy;
}

export type RewardSummary = Omit<RewardTraining, 'rm'> & { weights: number[] };

const api = {
  init(args: { words: string[]; seed: number }) {
    rand = uniformStream(args.seed);
    reference = pretrain(args.words);
    policy = reference;
    baseWords = Array.from({ length: 400 }, () => sampleWord(reference!, rand).word);
    pairs = [];
    rm = null;
    step = 0;
    return { samples: baseWords.slice(0, 8) };
  },
  /** Two fresh words from the starting model for the reader to rank. */
  pair() {
    started();
    return { a: sampleWord(reference!, rand).word, b: sampleWord(reference!, rand).word };
  },
  prefer(args: { a: string; b: string; winner: 'a' | 'b' }) {
    started();
    pairs.push({ ...args, by: 'reader' });
    return { pairs: pairs.length };
  },
  autoLabel(args: { count: number }) {
    started();
    let added = 0;
    // Ties are skipped, so draw until enough pairs have a winner (bounded, in case of a degenerate model).
    for (let tries = 0; added < args.count && tries < args.count * 20; tries++) {
      const p = autoLabel(sampleWord(reference!, rand).word, sampleWord(reference!, rand).word);
      if (p) {
        pairs.push(p);
        added++;
      }
    }
    return { pairs: pairs.length, examples: pairs.slice(-3) };
  },
  trainRewardModel(): RewardSummary {
    started();
    const t = trainRewardModel(pairs, baseWords);
    rm = t.rm;
    const { rm: fitted, ...summary } = t;
    return { ...summary, weights: Array.from(fitted.w) };
  },
  /** Back to the pre-trained generator (the reward model and pairs stay). */
  resetPolicy(): Metrics {
    started();
    if (!rm) throw new Error('Train the reward model first.');
    policy = reference!;
    step = 0;
    return evaluate(0, policy, reference!, rm, baseWords, rand);
  },
  async rl(args: { steps: number; kl: number; lr: number; batch: number }, ctx: CallContext<Metrics>): Promise<Metrics> {
    let p = started();
    if (!rm) throw new Error('Train the reward model first: RL needs its scores.');
    const model = rm;
    if (step === 0) ctx.progress(evaluate(0, p, reference!, model, baseWords, rand));
    let last: Metrics | null = null;
    for (let i = 0; i < args.steps && !ctx.signal.aborted; i++) {
      p = rlStep(p, reference!, model, args, rand);
      step++;
      policy = p;
      last = evaluate(step, p, reference!, model, baseWords, rand);
      ctx.progress(last);
      // Yield so a cancel message can arrive between steps.
      await new Promise((r) => setTimeout(r, 0));
    }
    return last ?? evaluate(step, p, reference!, model, baseWords, rand);
  },
};

export type RlhfApi = typeof api;
serve(api);
