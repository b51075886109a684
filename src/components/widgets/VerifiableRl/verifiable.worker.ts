// Warms up the tiny GPT and runs RL with the checker's reward off the main thread (the one worker
// protocol).
import { rl } from '../../../engine';
import { serve, type CallContext } from '../../../lib/worker';
import { answers, baseModel, chanceRight, isCorrect, rlStep, SETTINGS, splitProblems, type Learner, type Problem } from './verifiableRl';

const split = splitProblems(SETTINGS.split, SETTINGS.seed);
/** Three practice words and three held-out ones, for "before and after". */
const SHOWN = [...split.practice.slice(0, 3), ...split.heldOut.slice(0, 3)];

let learner: Learner | null = null;
let step = 0;

export interface Progress {
  step: number;
  /** Mean chance that a sampled answer is right, on the practice words. */
  accuracy: number;
  /** The same on the held-out words, which are never trained on. */
  heldOut: number;
  /** Share of this step's attempts the checker accepted. */
  batchReward: number;
  /** Groups with both right and wrong attempts this step (out of SETTINGS.rl.problems). */
  mixedGroups: number;
}

export interface Shown {
  problem: Problem;
  heldOut: boolean;
  /** The model's most likely answer. */
  answer: string;
  correct: boolean;
  /** The chance that a sampled answer is right. */
  chance: number;
}

function need(): Learner {
  if (!learner) throw new Error('The base model is not ready yet.');
  return learner;
}

async function show(): Promise<Shown[]> {
  const greedy = await answers(need().model, SHOWN, 0, SETTINGS.seed);
  const chance = await chanceRight(need().model, SHOWN);
  return SHOWN.map((problem, i) => ({ problem, heldOut: i >= 3, answer: greedy[i], correct: isCorrect(problem, greedy[i]), chance: chance[i] }));
}

async function measure(batchReward: number, mixedGroups: number): Promise<Progress> {
  const accuracy = rl.meanOf(await chanceRight(need().model, split.practice));
  const heldOut = rl.meanOf(await chanceRight(need().model, split.heldOut));
  return { step, accuracy, heldOut, batchReward, mixedGroups };
}

const api = {
  async reset() {
    learner = baseModel(split);
    step = 0;
    const sizes = { warmup: split.warmup.length, practice: split.practice.length, heldOut: split.heldOut.length, parameters: learner.model.numParameters() };
    return { progress: await measure(0, 0), shown: await show(), sizes, rl: SETTINGS.rl };
  },
  async train(args: { steps: number }, ctx: CallContext<Progress>): Promise<{ shown: Shown[] }> {
    for (let i = 0; i < args.steps && !ctx.signal.aborted; i++) {
      const r = await rlStep(need(), split.practice, SETTINGS.rl);
      step++;
      ctx.progress(await measure(r.attempts.filter((a) => a.correct).length / r.attempts.length, r.mixedGroups));
      await new Promise((res) => setTimeout(res, 0)); // let a cancel arrive
    }
    return { shown: await show() };
  },
};

export type VerifiableApi = typeof api;
serve(api);
