// Trains the neural bigram off the main thread, reporting each step as progress.
import { serve, type CallContext } from '../../../lib/worker';
import { trainNeuralBigram, type NeuralProgress } from './neuralBigram';

export type { NeuralProgress };

const api = {
  train(args: { train: string[]; val: string[]; steps: number }, ctx: CallContext<NeuralProgress>): Promise<NeuralProgress> {
    return trainNeuralBigram(args.train, args.val, { steps: args.steps, onProgress: ctx.progress });
  },
};

export type BigramWorkerApi = typeof api;
serve(api);
