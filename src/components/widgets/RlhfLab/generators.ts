// The two generators RlhfLab can tune, behind one set of calls: a GPT from the model picker
// (trained in the model service's worker, src/models/rlhf.ts) or the word toy (a bigram table in
// this widget's own worker). The view drives either the same way.
import { connect } from '../../../lib/worker';
import { modelService } from '../../../models/client';
import { LABELER_RULE as TEXT_RULE, labelerScore as textScore } from '../../../models/labeler';
import type { ModelChoice } from '../../../models/protocol';
import { LABELER_RULE as WORD_RULE, LETTERS, WORD_LENGTH, labelerScore as wordScore, type Metrics } from './rlhfLab';
import type { RlhfApi } from './rlhf.worker';

export type GeneratorChoice = ModelChoice | 'toy';
export type { Metrics };

export interface RewardView {
  trainLoss: number;
  heldOutAccuracy: number | null;
  trainPairs: number;
  heldOutPairs: number;
  favourite: { text: string; w: number }[];
  leastLiked: { text: string; w: number }[];
}

export interface Ranked {
  a: string;
  b: string;
  winner: 'a' | 'b';
}

export interface Lab {
  /** Pairs the labeler ranks per click (a GPT's samples cost far more than a bigram's). */
  autoPairs: number;
  rule: string;
  /** Two examples of the rule, with their scores. */
  ruleExamples: { text: string; score: number }[];
  /** What the reward model sees, in words. */
  features: string;
  start(prompt: string): Promise<{ intro: string; samples: string[]; pair: { a: string; b: string } }>;
  prefer(winner: 'a' | 'b'): Promise<{ pairs: number; pair: { a: string; b: string } }>;
  autoLabel(onAdded: (n: number) => void, signal: AbortSignal): Promise<{ pairs: number; examples: Ranked[] }>;
  trainRewardModel(): Promise<RewardView>;
  reset(): Promise<Metrics>;
  run(steps: number, beta: number, onStep: (m: Metrics) => void, signal: AbortSignal): Promise<void>;
  close(): void;
}

/** The picked GPT continues the reader's prompt; the reference copy stays frozen in the worker. */
export function gptLab(choice: ModelChoice): Lab {
  const service = modelService();
  return {
    autoPairs: 200,
    rule: TEXT_RULE,
    ruleExamples: [' the sea was calm', ' you you you you'].map((text) => ({ text, score: textScore(text) })),
    features: `how often each of the model's tokens occurs in the continuation (one weight per token), nothing about order`,
    async start(prompt) {
      const info = await service.choose(choice);
      const r = await service.rlhf('rlhfStart', { model: info.id, prompt });
      const params = info.parameters.toLocaleString('en');
      return {
        intro: `The generator is the ${info.name.toLowerCase()} (${params} parameters, ${info.tokenizer.vocabSize.toLocaleString('en')} tokens). It continues your prompt (${r.promptTokens} tokens) with 10 sampled tokens, for example`,
        samples: r.samples,
        pair: { a: r.a, b: r.b },
      };
    },
    async prefer(winner) {
      const r = await service.rlhf('rlhfPrefer', { winner });
      return { pairs: r.pairs, pair: { a: r.a, b: r.b } };
    },
    autoLabel: (onAdded, signal) => service.rlhf('rlhfAutoLabel', { count: 200 }, { onProgress: (p) => onAdded(p.added), signal }),
    trainRewardModel: () => service.rlhf('rlhfTrainRewardModel', {}),
    reset: () => service.rlhf('rlhfReset', {}),
    async run(steps, beta, onStep, signal) {
      await service.rlhf('rlhfRun', { steps, beta }, { onProgress: onStep, signal });
    },
    close() {},
  };
}

/** The toy: a bigram table of six-letter words, pre-trained on the names list. */
export function toyLab(words: () => Promise<string[]>): Lab {
  const worker = connect<RlhfApi>(() => new Worker(new URL('./rlhf.worker.ts', import.meta.url), { type: 'module' }));
  const pair = () => worker.call('pair', {});
  let current: { a: string; b: string } | null = null;
  return {
    autoPairs: 500,
    rule: WORD_RULE,
    ruleExamples: ['aurora', 'banana'].map((text) => ({ text, score: wordScore(text) })),
    features: 'how often each letter occurs (26 weights), nothing about order',
    async start() {
      const list = await words();
      const { samples } = await worker.call('init', { words: list, seed: 1 });
      current = await pair();
      return {
        intro: `The generator is a table of letter-after-letter logits for ${WORD_LENGTH}-letter words, pre-trained on the ${list.length.toLocaleString('en')} ${WORD_LENGTH}-letter names of the names list. It writes words like`,
        samples,
        pair: current,
      };
    },
    async prefer(winner) {
      if (!current) throw new Error('There is no pair to rank yet.');
      const r = await worker.call('prefer', { ...current, winner });
      current = await pair();
      return { pairs: r.pairs, pair: current };
    },
    async autoLabel() {
      const r = await worker.call('autoLabel', { count: 500 });
      return { pairs: r.pairs, examples: r.examples.map(({ a, b, winner }) => ({ a, b, winner })) };
    },
    async trainRewardModel() {
      const { weights, ...fit } = await worker.call('trainRewardModel', {});
      const ranked = weights.map((w, i) => ({ text: LETTERS[i], w })).sort((p, q) => q.w - p.w);
      return { ...fit, favourite: ranked.slice(0, 5), leastLiked: ranked.slice(-3) };
    },
    reset: () => worker.call('resetPolicy', {}),
    async run(steps, beta, onStep, signal) {
      await worker.call('rl', { steps, kl: beta, lr: 0.5, batch: 32 }, { onProgress: onStep, signal });
    },
    close: () => worker.terminate(),
  };
}
