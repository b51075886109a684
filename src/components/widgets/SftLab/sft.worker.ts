// Pre-trains and fine-tunes the tiny chat model off the main thread (the one worker protocol) and
// answers the same question with the base model and the fine-tuned one.
import { serve, type CallContext } from '../../../lib/worker';
import type { nn } from '../../../engine';
import {
  answer,
  checkQuestion,
  cloneModel,
  endProbability,
  fineTuningText,
  makeModel,
  makeTrainer,
  pretrainingText,
  tokenizerFor,
  trainStep,
  type Answer,
  type ConversationSet,
} from './sftLab';

const SEED = 1;
const LR = 5e-3;
const PROBE = 12; // conversations used to measure P(end marker)

type Phase = 'pretrain' | 'finetune';
export interface SftProgress {
  phase: Phase;
  step: number;
  loss: number;
}

let data: ConversationSet | null = null;
let tok: ReturnType<typeof tokenizerFor> | null = null;
let model: nn.GPT | null = null;
let base: nn.GPT | null = null;
let ids: Record<Phase, number[]> | null = null;

function need<T>(x: T | null, what: string): T {
  if (x === null) throw new Error(what);
  return x;
}

async function train(phase: Phase, steps: number, ctx: CallContext<SftProgress>) {
  const m = need(model, 'Load the data first.');
  const trainer = makeTrainer(m, LR, SEED + (phase === 'finetune' ? 1 : 0));
  let last = NaN;
  for (let step = 1; step <= steps && !ctx.signal.aborted; step++) {
    const loss = trainStep(trainer, need(ids, 'Load the data first.')[phase]);
    last = await loss.item();
    loss.dispose();
    if (!Number.isFinite(last)) throw new Error(`The loss became ${last} at step ${step}: training diverged.`);
    ctx.progress({ phase, step, loss: last });
  }
  return last;
}

const api = {
  init(args: { data: ConversationSet }) {
    data = args.data;
    tok = tokenizerFor(data);
    ids = { pretrain: tok.encode(pretrainingText(data, SEED)), finetune: tok.encode(fineTuningText(data, SEED)) };
    model = makeModel(tok.vocabSize, SEED);
    base = null;
    return { vocab: tok.vocabSize, params: model.parameters().reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0), sentences: data.documents.length, conversations: data.conversations.length };
  },
  /** Always from fresh random weights, so a run can be repeated. */
  async pretrain(args: { steps: number }, ctx: CallContext<SftProgress>) {
    model = makeModel(need(tok, 'Load the data first.').vocabSize, SEED);
    base = null;
    const loss = await train('pretrain', args.steps, ctx);
    base = cloneModel(need(model, 'Load the data first.'));
    return { loss, pEnd: await endProbability(base, tok!, data!.conversations.slice(0, PROBE)) };
  },
  /** Always from the base model, so the comparison is base vs base + this much SFT. */
  async finetune(args: { steps: number }, ctx: CallContext<SftProgress>) {
    model = cloneModel(need(base, 'Pre-train the base model first.'));
    const loss = await train('finetune', args.steps, ctx);
    return { loss, pEnd: await endProbability(model!, tok!, data!.conversations.slice(0, PROBE)) };
  },
  async ask(args: { question: string; tuned: boolean }): Promise<{ base: Answer; tuned: Answer | null }> {
    const t = need(tok, 'Load the data first.');
    const problem = checkQuestion(args.question, t);
    if (problem) throw new Error(problem);
    const b = need(base, 'Pre-train the base model first.');
    return { base: await answer(b, t, args.question), tuned: args.tuned ? await answer(model!, t, args.question) : null };
  },
};

export type SftApi = typeof api;
serve(api);
