// The neural bigram: one linear layer W (27 × 27, no bias) maps the previous character to 27
// logits, softmax gives P(next | previous), and training minimises the same average NLL the
// count table is judged by. Indexing row W[prev] is exactly one-hot(prev) @ W, done by lookup.
import { F, manualSeed, optim, randn, tidy, type Tensor } from '../../../engine';
import { bigrams, V } from './bigramLab';

export interface NeuralProgress {
  step: number;
  nllTrain: number;
  nllVal: number;
  done: boolean;
}

export interface NeuralOptions {
  steps: number;
  lr: number;
  seed: number;
  /** Called every `every` steps with the training NLL so far. */
  onProgress?: (p: NeuralProgress) => void;
  every?: number;
}

export const NEURAL_DEFAULTS = { steps: 200, lr: 0.3, seed: 42 };

function pairs(names: string[]): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [a, b] of bigrams(names)) {
    xs.push(a);
    ys.push(b);
  }
  return { xs, ys };
}

export async function trainNeuralBigram(train: string[], val: string[], opts: Partial<NeuralOptions> = {}): Promise<NeuralProgress> {
  const { steps, lr, seed } = { ...NEURAL_DEFAULTS, ...opts };
  const every = opts.every ?? 10;
  manualSeed(seed);
  const W = randn([V, V]).mul(0.1).detach();
  W.requiresGrad = true;
  const opt = new optim.AdamW([W], { lr, weightDecay: 0 });
  const tr = pairs(train);
  const va = pairs(val);
  const nllOf = (p: { xs: number[]; ys: number[] }): Tensor => F.crossEntropy(F.embedding(p.xs, W), p.ys);
  let last = NaN;
  for (let s = 1; s <= steps; s++) {
    const loss = tidy(() => {
      opt.zeroGrad();
      const l = nllOf(tr);
      l.backward();
      opt.step();
      return l.detach();
    });
    if (s % every === 0 || s === steps) {
      last = await loss.item();
      opts.onProgress?.({ step: s, nllTrain: last, nllVal: NaN, done: false });
    }
    loss.dispose();
  }
  // The NLL after the last update, on both splits.
  const [t, v] = tidy(() => [nllOf(tr).detach(), nllOf(va).detach()] as const);
  const result = { step: steps, nllTrain: await t.item(), nllVal: await v.item(), done: true };
  t.dispose();
  v.dispose();
  W.dispose();
  return result;
}
