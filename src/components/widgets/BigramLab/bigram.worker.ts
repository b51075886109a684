// Trains the neural bigram off the main thread and reports progress through a Comlink callback.
import * as Comlink from 'comlink';
import { trainNeuralBigram, type NeuralProgress } from './neuralBigram';

export type { NeuralProgress };

const api = {
  train(train: string[], val: string[], steps: number, onProgress: (p: NeuralProgress) => void): Promise<NeuralProgress> {
    return trainNeuralBigram(train, val, { steps, onProgress });
  },
};

export type BigramWorkerApi = typeof api;
Comlink.expose(api);
