// The neural bigram: a 27 × 27 weight matrix W maps the previous character to 27 logits (row
// W[prev], which is exactly one-hot(prev) @ W, done by lookup), softmax gives P(next | previous),
// and plain gradient descent minimises the same average NLL the count table is judged by — the
// loop of chapter 2: forward, backward, step against the gradient, zero it.
import { F, optim, tidy, zeros, type Tensor } from '../../../engine';
import { bigrams, V } from './bigramLab';

export interface NeuralProgress {
  step: number;
  nllTrain: number;
  nllVal: number;
  /** softmax(W), row-major 27 × 27: the network's P(next | previous) after `step` updates. */
  probs: number[];
  done: boolean;
}

export interface NeuralOptions {
  steps: number;
  lr: number;
  /** Called every `every` steps (and after the last one) with the NLL and table so far. */
  onProgress?: (p: NeuralProgress) => void;
  every?: number;
}

/**
 * Plain gradient descent needs a large rate here: the gradient of one row of W is scaled by how
 * often its character occurs, so rare rows move slowly. At 50 the training NLL is within 0.01 of
 * the count table's after 200 full-batch steps; at 100 it overshoots and stalls higher (measured
 * on the names list).
 */
export const NEURAL_DEFAULTS = { steps: 200, lr: 50 };

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
  const { steps, lr } = { ...NEURAL_DEFAULTS, ...opts };
  const every = opts.every ?? 10;
  // W = 0 makes every row uniform: the network starts out knowing nothing (NLL = ln 27), and
  // full-batch gradient descent from there involves no randomness at all.
  const W = zeros([V, V], { requiresGrad: true });
  const opt = new optim.SGD([W], { lr });
  const tr = pairs(train);
  const va = pairs(val);
  const nllOf = (p: { xs: number[]; ys: number[] }): Tensor => F.crossEntropy(F.embedding(p.xs, W), p.ys);
  const table = async (): Promise<number[]> => {
    const p = tidy(() => W.softmax(1).detach());
    const values = Array.from(await p.data());
    p.dispose();
    return values;
  };
  for (let s = 0; s < steps; s++) {
    // Reported steps show W after s updates: its table now, and the loss computed below, before
    // this step's update changes W.
    const report = opts.onProgress && s % every === 0;
    const probs = report ? await table() : [];
    const loss = tidy(() => {
      opt.zeroGrad();
      const l = nllOf(tr);
      l.backward();
      opt.step();
      return l.detach();
    });
    if (report) opts.onProgress?.({ step: s, nllTrain: await loss.item(), nllVal: NaN, probs, done: false });
    loss.dispose();
  }
  // The NLL after the last update, on both splits.
  const [t, v] = tidy(() => [nllOf(tr).detach(), nllOf(va).detach()] as const);
  const result = { step: steps, nllTrain: await t.item(), nllVal: await v.item(), probs: await table(), done: true };
  t.dispose();
  v.dispose();
  W.dispose();
  return result;
}
