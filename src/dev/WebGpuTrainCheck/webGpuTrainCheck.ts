// The WebGPU training check (a test-only page): a tiny GPT trained step by step with the engine's
// device-loss fallback, the same loop the training studio uses.
import { manualSeed, nn, prepareCorpus, trainWithFallback, Trainer, type Backend, type FallbackProgress, type WebGpuBackend } from '../../engine/index';

export type Progress = FallbackProgress;

const TEXT = `the quick brown fox jumps over the lazy dog. a neuron adds its weighted inputs and a bias.
gradient descent walks downhill on the loss. attention lets each token look back at the others.
`.repeat(8);

export const CHECK_CONFIG = { blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 32, dropout: 0, batchSize: 8, lr: 1e-2 };

export interface CheckOptions {
  steps: number;
  snapshotEvery?: number;
  cpu: Backend;
  webgpu?: WebGpuBackend;
  reason: string;
  onProgress?: (p: Progress) => void;
}

/** Trains the check's model from seed 1337; the run moves to the CPU if the GPU device is lost. */
export function runCheck(opts: CheckOptions): Promise<Progress> {
  manualSeed(1337);
  const corpus = prepareCorpus(TEXT, 'prose');
  const { blockSize, nLayer, nHead, nEmbd, dropout, batchSize, lr } = CHECK_CONFIG;
  const build = () => new Trainer(new nn.GPT({ vocabSize: corpus.tokenizer.vocabSize, blockSize, nLayer, nHead, nEmbd, dropout }), corpus, { batchSize, lr });
  return trainWithFallback({ ...opts, build });
}
