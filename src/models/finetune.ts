// Fine-tuning calls (sft.ts) as a worker serves them: the model service serves them for the
// reference model and the reader's own (model.worker.ts), SftLab's worker for its tiny model. The
// picked model is never changed: fine-tuning works on a copy with the chat markers added, kept beside
// an untrained copy (the base), so the same prompt can go to both.
import type { CallContext } from '../lib/worker';
import {
  answer,
  copyModel,
  disposeModel,
  endProbability,
  makeTrainer,
  prepareExamples,
  sftStep,
  skippedNote,
  withChatMarkers,
  type ChatAnswer,
  type ChatModel,
  type Conversation,
  type Prepared,
} from './sft';

export interface SftSettings {
  steps: number;
  lr: number;
  batchSize: number;
}

/** Enough for the reference model to answer in the format and stop (measured: about a minute on a 2-core CPU). */
export const SFT_DEFAULTS: SftSettings = { steps: 60, lr: 1e-3, batchSize: 8 };
export const SFT_LIMITS = { steps: [1, 2000], lr: [1e-5, 0.05], batchSize: [1, 32] } as const;
/** Conversations whose end-marker probability is shown (the first ones, the same for base and tuned). */
const PROBE = 12;
/** Tokens an answer may take before it is cut off. */
export const MAX_ANSWER_TOKENS = 60;

export interface SftPrepared {
  conversations: number;
  used: number;
  /** Which conversations were left out and why, or null. */
  note: string | null;
  /** Mean probability of <|im_end|> right after a complete answer, before fine-tuning. */
  pEndBase: number;
  parameters: number;
  tokenizer: { type: 'char' | 'bpe'; vocabSize: number };
}

export interface SftProgress {
  step: number;
  steps: number;
  loss: number;
  /** Mean wall time per step so far (for the ETA). */
  secondsPerStep: number;
}

export interface SftResult {
  step: number;
  loss: number;
  pEndTuned: number;
  /** The reader stopped the run before its last step (the model trained so far is kept). */
  stopped: boolean;
}

/** A clear message for settings that cannot run, or null. */
export function settingsProblem(s: SftSettings): string | null {
  const { steps, lr, batchSize } = SFT_LIMITS;
  if (!(Number.isInteger(s.steps) && s.steps >= steps[0] && s.steps <= steps[1])) return `Steps must be a whole number from ${steps[0]} to ${steps[1].toLocaleString('en')}.`;
  if (!(s.lr >= lr[0] && s.lr <= lr[1])) return `The learning rate must be between ${lr[0]} and ${lr[1]}.`;
  if (!(Number.isInteger(s.batchSize) && s.batchSize >= batchSize[0] && s.batchSize <= batchSize[1])) return `The batch size must be a whole number from ${batchSize[0]} to ${batchSize[1]}.`;
  return null;
}

/** `modelOf` gives the network and tokenizer a model id names (read only: they are copied). */
export function sftApi(modelOf: (model: string) => ChatModel) {
  let run: { base: ChatModel; tuned: ChatModel | null; prepared: Prepared } | null = null;
  const current = () => {
    if (!run) throw new Error('Pick a model to fine-tune first.');
    return run;
  };

  return {
    /** Copies the model with the chat markers added and writes the conversations in its tokens. */
    async sftPrepare(args: { model: string; conversations: Conversation[] }): Promise<SftPrepared> {
      const picked = modelOf(args.model);
      const base: ChatModel = { gpt: await withChatMarkers(picked.gpt), tokenizer: picked.tokenizer };
      const prepared = prepareExamples(base, args.conversations);
      if (!prepared.examples.length) {
        disposeModel(base);
        throw new Error(skippedNote(prepared, args.conversations.length)!);
      }
      disposeModel(run?.base ?? null);
      disposeModel(run?.tuned ?? null);
      run = { base, tuned: null, prepared };
      return {
        conversations: args.conversations.length,
        used: prepared.examples.length,
        note: skippedNote(prepared, args.conversations.length),
        pEndBase: await endProbability(base, prepared.examples.slice(0, PROBE)),
        parameters: base.gpt.numParameters(),
        tokenizer: { type: 'has' in picked.tokenizer ? 'char' : 'bpe', vocabSize: picked.tokenizer.vocabSize },
      };
    },

    /** Fine-tunes a fresh copy of the base, so a run compares base with base + this many steps. */
    async sftTrain(args: SftSettings & { seed?: number }, ctx: CallContext<SftProgress>): Promise<SftResult> {
      const problem = settingsProblem(args);
      if (problem) throw new Error(problem);
      const r = current();
      disposeModel(r.tuned);
      r.tuned = copyModel(r.base);
      const trainer = makeTrainer(r.tuned, args.lr, args.seed ?? 1);
      const started = performance.now();
      let step = 0;
      let loss = NaN;
      while (step < args.steps && !ctx.signal.aborted) {
        const l = sftStep(trainer, r.prepared.examples, args.batchSize);
        loss = await l.item();
        l.dispose();
        step++;
        if (!Number.isFinite(loss)) throw new Error(`The loss became ${loss} at step ${step}: lower the learning rate.`);
        ctx.progress({ step, steps: args.steps, loss, secondsPerStep: (performance.now() - started) / 1000 / step });
      }
      r.tuned.gpt.eval();
      return { step, loss, pEndTuned: await endProbability(r.tuned, r.prepared.examples.slice(0, PROBE)), stopped: step < args.steps };
    },

    /** The same question, greedily answered by the base and (once there is one) the fine-tuned model. */
    async sftAsk(args: { question: string }): Promise<{ base: ChatAnswer; tuned: ChatAnswer | null }> {
      const r = current();
      return {
        base: await answer(r.base, args.question, MAX_ANSWER_TOKENS),
        tuned: r.tuned ? await answer(r.tuned, args.question, MAX_ANSWER_TOKENS) : null,
      };
    },
  };
}

export type SftApi = ReturnType<typeof sftApi>;
