// Pre-trains SftLab's tiny model off the main thread (the one worker protocol) and serves the model
// service's fine-tuning calls on it, so the page fine-tunes it exactly as it does the reference model.
import { nn } from '../../../engine';
import { serve, type CallContext } from '../../../lib/worker';
import { sftApi } from '../../../models/finetune';
import type { ChatModel } from '../../../models/sft';
import { MODEL_CONFIG, makeModel, makeTrainer, pretrainingText, tokenizerFor, trainStep, type ConversationSet } from './sftLab';

const SEED = 1;
const LR = 5e-3;

export interface PretrainProgress {
  step: number;
  loss: number;
  secondsPerStep: number;
}

let text: { tok: ReturnType<typeof tokenizerFor>; ids: number[] } | null = null;
let tiny: ChatModel | null = null;

const api = {
  init(args: { data: ConversationSet }) {
    const tok = tokenizerFor(args.data);
    text = { tok, ids: tok.encode(pretrainingText(args.data, SEED)) };
    return { vocab: tok.vocabSize, params: nn.gptParameterCount({ vocabSize: tok.vocabSize, ...MODEL_CONFIG }).total, sentences: args.data.documents.length };
  },
  /** Always from fresh random weights, so a run can be repeated. */
  async pretrain(args: { steps: number }, ctx: CallContext<PretrainProgress>) {
    if (!text) throw new Error('Load the data first.');
    for (const p of tiny?.gpt.parameters() ?? []) p.dispose();
    tiny = null;
    const model = makeModel(text.tok.vocabSize, SEED);
    const trainer = makeTrainer(model, LR, SEED);
    const started = performance.now();
    let loss = NaN;
    for (let step = 1; step <= args.steps && !ctx.signal.aborted; step++) {
      const l = trainStep(trainer, text.ids);
      loss = await l.item();
      l.dispose();
      if (!Number.isFinite(loss)) throw new Error(`The loss became ${loss} at step ${step}: training diverged.`);
      ctx.progress({ step, loss, secondsPerStep: (performance.now() - started) / 1000 / step });
    }
    model.eval();
    tiny = { gpt: model, tokenizer: text.tok };
    return { loss };
  },
  ...sftApi(() => {
    if (!tiny) throw new Error('Pre-train the base model first.');
    return tiny;
  }),
};

export type TinyApi = typeof api;
serve(api);
