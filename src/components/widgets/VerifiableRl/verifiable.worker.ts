// Runs the verifiable-reward RL toy off the main thread (the one worker protocol).
import { uniformStream } from '../../../engine/light';
import { serve, type CallContext } from '../../../lib/worker';
import { accuracy, initParams, rlStep, showcase, type Attempt, type Params } from './verifiableRl';

const OPTIONS = { problems: 8, group: 8, lr: 2 };
const SEED = 1;

let params: Params = initParams();
let rand = uniformStream(SEED);
let step = 0;

export interface VerifiableProgress {
  step: number;
  accuracy: number;
  /** Share of this step's attempts the checker accepted. */
  batchReward: number;
}

const reset = () => {
  params = initParams();
  rand = uniformStream(SEED);
  step = 0;
  return { step, accuracy: accuracy(params), samples: showcase(params, rand) };
};

const api = {
  reset,
  async train(args: { steps: number }, ctx: CallContext<VerifiableProgress>): Promise<{ step: number; accuracy: number; samples: Attempt[] }> {
    for (let i = 0; i < args.steps && !ctx.signal.aborted; i++) {
      const r = rlStep(params, OPTIONS, rand);
      params = r.params;
      step++;
      ctx.progress({ step, accuracy: accuracy(params), batchReward: r.attempts.filter((a) => a.correct).length / r.attempts.length });
      if (i % 5 === 4) await new Promise((res) => setTimeout(res, 0)); // let a cancel arrive
    }
    return { step, accuracy: accuracy(params), samples: showcase(params, rand) };
  },
};

export type VerifiableApi = typeof api;
serve(api);
