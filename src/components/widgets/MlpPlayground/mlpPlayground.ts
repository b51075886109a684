// The MlpPlayground's model and training loop, on the engine: an nn.MLP with the chosen hidden
// layers and activation, two output logits (class 0, class 1), cross-entropy, plain gradient
// descent (SGD) or Adam. The same code runs in the widget's worker and in the unit tests under Node.
import { F, manualSeed, nn, noGrad, optim, tensor, tidy, type Tensor, type TensorActivation } from '../../../engine';
import type { DatasetName, LabeledPoint } from './datasets';

/** The activations the widget offers, from the engine's one table. */
export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid'] as const satisfies readonly TensorActivation[];
export type Activation = (typeof ACTIVATIONS)[number];

/** Plain gradient descent (every weight moves by −lr · its gradient) or Adam (per-weight step sizes). */
export const OPTIMIZERS = ['sgd', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const OPTIMIZER_LABELS: Record<OptimizerName, string> = { sgd: 'gradient descent (SGD)', adam: 'Adam' };

export interface MlpConfig {
  dataset: DatasetName;
  noise: number;
  seed: number;
  /** Share of the points used for training (the rest is the held-out test set), 0.1–0.9. */
  trainShare: number;
  /** Neurons per hidden layer, e.g. [4, 4]. */
  hidden: number[];
  activation: Activation;
  optimizer: OptimizerName;
  lr: number;
}

/** A learning rate that trains the default network well with each optimizer. */
export const DEFAULT_LR: Record<OptimizerName, number> = { sgd: 0.3, adam: 0.03 };
export const DEFAULT_CONFIG: MlpConfig = {
  dataset: 'xor', noise: 0, seed: 1, trainShare: 0.5, hidden: [4, 4], activation: 'tanh', optimizer: 'sgd', lr: DEFAULT_LR.sgd,
};
export const MAX_LAYERS = 4;
export const MAX_NEURONS = 8;
/** Points in a dataset, training and test together. */
export const N_POINTS = 200;
/** The learning rates the slider offers (SGD wants larger ones than Adam). */
export const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
/** The training shares the slider offers. */
export const TRAIN_SHARES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** The settings as URL parameters, so a link shows the same network. */
export function configParams(c: MlpConfig): Record<string, string | number> {
  return {
    'mlp.dataset': c.dataset, 'mlp.noise': c.noise, 'mlp.seed': c.seed, 'mlp.train': c.trainShare, 'mlp.hidden': c.hidden.join('-'),
    'mlp.act': c.activation, 'mlp.opt': c.optimizer, 'mlp.lr': c.lr,
  };
}

/** Hidden sizes from the `mlp.hidden` parameter ("4-4", "" for none); null when out of range. */
export function parseHidden(param: string | null): number[] | null {
  if (param === null) return null;
  const parts = param === '' ? [] : param.split('-').map(Number);
  return parts.length <= MAX_LAYERS && parts.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_NEURONS) ? parts : null;
}

/**
 * Where the network diagram puts neuron j of layer l (layer 0 is the input), in a width × height
 * box. The right margin is wider: step mode writes each neuron's number to its right.
 */
export function networkLayout(sizes: readonly number[], width: number, height: number) {
  const widest = Math.max(...sizes);
  return {
    x: (l: number) => 20 + (l * (width - 20 - NUMBER_ROOM)) / (sizes.length - 1),
    y: (l: number, j: number) => height / 2 + (j - (sizes[l] - 1) / 2) * Math.min(30, (height - 24) / widest),
  };
}
/** Room right of a neuron for its step-mode number, in diagram units. */
export const NUMBER_ROOM = 50;

export interface LayerWeights {
  /** weight[out][in], as nn.Linear stores it. */
  weight: number[][];
  bias: number[];
}

/** Loss and accuracy on one set of points; NaN for an empty set. */
export interface Score {
  loss: number;
  accuracy: number;
}

/** The square the maps cover: [-extent, extent]², the data living in [-1, 1]². */
export type Extent = number;

/** What the page draws: a res × res grid over [-extent, extent]². */
export interface View {
  res: number;
  extent: Extent;
}

export interface Snapshot {
  step: number;
  /** On the training points. */
  loss: number;
  accuracy: number;
  /** On the held-out test points (NaN when there are none). */
  testLoss: number;
  testAccuracy: number;
  /** P(class 1) on a res × res grid over [-extent, extent]², row 0 at the top (y = extent). */
  boundary: Float32Array;
  /** Every hidden neuron's output on the same grid: neuronMaps[layer][neuron]. */
  neuronMaps: Float32Array[][];
  res: number;
  extent: Extent;
  weights: LayerWeights[];
  health: Health;
}

/** Whether the network still learns: dead neurons, and an output that ignores its input. */
export interface Health {
  /** Hidden neurons whose output is the same for every training point (a dead ReLU outputs 0). */
  deadNeurons: number;
  hiddenNeurons: number;
  /** The largest minus the smallest P(class 1) over the training points. */
  outputSpread: number;
  /** The network gives (nearly) every point the same answer, so it cannot learn any more. */
  collapsed: boolean;
}

/** Below this spread of P(class 1) over the training points the output has collapsed to a constant. */
export const COLLAPSE_SPREAD = 0.01;

/**
 * Diagnoses a network from its hidden outputs on the training points (hidden[layer][point][neuron])
 * and its P(class 1) on them. A neuron is dead when its output does not vary with the input.
 */
export function diagnose(hidden: ArrayLike<number>[][], probs: ArrayLike<number>): Health {
  let deadNeurons = 0;
  let hiddenNeurons = 0;
  for (const layer of hidden) {
    const n = layer[0]?.length ?? 0;
    hiddenNeurons += n;
    for (let j = 0; j < n; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const row of layer) {
        lo = Math.min(lo, row[j]);
        hi = Math.max(hi, row[j]);
      }
      if (hi - lo < 1e-6) deadNeurons++;
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < probs.length; i++) {
    lo = Math.min(lo, probs[i]);
    hi = Math.max(hi, probs[i]);
  }
  const outputSpread = probs.length ? hi - lo : 0;
  return { deadNeurons, hiddenNeurons, outputSpread, collapsed: probs.length > 1 && outputSpread < COLLAPSE_SPREAD };
}

/**
 * A hidden neuron's output map as the region painter's P(class 1): 0.5 (background) where the
 * neuron's output is neutral, below 0.5 (blue, like a positive weight) where it is high, above
 * (orange) where it is low. tanh is neutral at 0, sigmoid at 0.5; ReLU is scaled by its largest
 * value on the map, so a dead ReLU (0 everywhere) is blank.
 */
export function neuronShade(map: ArrayLike<number>, activation: Activation): Float32Array {
  const out = new Float32Array(map.length);
  let top = 0;
  if (activation === 'relu') for (let i = 0; i < map.length; i++) top = Math.max(top, map[i]);
  for (let i = 0; i < map.length; i++) {
    const v = map[i];
    const signed = activation === 'tanh' ? v : activation === 'sigmoid' ? 2 * v - 1 : top > 0 ? v / top : 0;
    out[i] = 0.5 - 0.5 * Math.max(-1, Math.min(1, signed));
  }
  return out;
}

/** Centres of a res × res grid over [-extent, extent]², row by row from the top. */
export function gridPoints(res: number, extent: Extent): number[][] {
  const grid: number[][] = [];
  for (let r = 0; r < res; r++) {
    const y = extent * (1 - (2 * (r + 0.5)) / res);
    for (let c = 0; c < res; c++) grid.push([extent * (-1 + (2 * (c + 0.5)) / res), y]);
  }
  return grid;
}

/** Share of the grid cells outside the data square [-1, 1]² where the network is at least `sure` certain. */
export function confidentOutside(boundary: ArrayLike<number>, res: number, extent: Extent, sure = 0.9): number {
  const grid = gridPoints(res, extent);
  let outside = 0;
  let confident = 0;
  grid.forEach(([x, y], i) => {
    if (Math.abs(x) <= 1 && Math.abs(y) <= 1) return;
    outside++;
    if (Math.max(boundary[i], 1 - boundary[i]) >= sure) confident++;
  });
  return outside ? confident / outside : NaN;
}

/** One example's pass through the net: activations forward, gradients of the loss backward. */
export interface Trace {
  point: LabeledPoint;
  /** activations[0] is the input (x, y); then each hidden layer's outputs; last: the 2 logits. */
  activations: number[][];
  /** Pre-activations z = W·a + b of each layer after the input. */
  preActivations: number[][];
  /** d loss / d activations[k], same shapes as activations. */
  grads: number[][];
  probability: number;
  loss: number;
}

/** A tensor of the points' coordinates and their labels. */
function batch(points: LabeledPoint[]): { xs: Tensor; ys: number[] } {
  return { xs: tensor(points.length ? points.map((p) => [p.x, p.y]) : [[0, 0]]), ys: points.map((p) => p.label) };
}

export class Trainer {
  readonly model: nn.MLP;
  readonly optimizer: optim.SGD | optim.AdamW;
  step = 0;
  private train_: { xs: Tensor; ys: number[] };
  private test_: { xs: Tensor; ys: number[] };

  constructor(
    readonly config: MlpConfig,
    public points: LabeledPoint[],
    public testPoints: LabeledPoint[] = [],
  ) {
    manualSeed(config.seed);
    this.model = new nn.MLP([2, ...config.hidden, 2], config.activation);
    this.optimizer =
      config.optimizer === 'adam'
        ? new optim.AdamW(this.parameters(), { lr: config.lr, weightDecay: 0 })
        : new optim.SGD(this.parameters(), { lr: config.lr });
    this.train_ = batch(points);
    this.test_ = batch(testPoints);
  }

  get layers(): nn.Linear[] {
    return this.model.layers;
  }

  parameters(): Tensor[] {
    return this.model.parameters();
  }

  forward(x: Tensor): Tensor {
    return this.model.forward(x);
  }

  /** Every hidden layer's output and the logits for the inputs `x`, in one pass. */
  forwardAll(x: Tensor): { hidden: Tensor[]; logits: Tensor } {
    const hidden: Tensor[] = [];
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.forward(h);
      if (i < this.layers.length - 1) {
        h = F.activation(this.config.activation, h);
        hidden.push(h);
      }
    });
    return { hidden, logits: h };
  }

  setPoints(points: LabeledPoint[]): void {
    this.points = points;
    this.train_.xs.dispose();
    this.train_ = batch(points);
  }

  /** `n` full-batch steps on the training points; returns the loss before the last update. */
  async train(n: number): Promise<number> {
    if (!this.points.length) return NaN;
    let last: Tensor | null = null;
    for (let i = 0; i < n; i++) {
      last?.dispose();
      last = tidy(() => {
        this.optimizer.zeroGrad();
        const loss = F.crossEntropy(this.forward(this.train_.xs), this.train_.ys);
        loss.backward();
        this.optimizer.step();
        return loss.detach();
      });
      this.step++;
    }
    const v = last ? await last.item() : NaN;
    last?.dispose();
    return v;
  }

  private async score(set: { xs: Tensor; ys: number[] }): Promise<Score & { probs: Float32Array; hidden: Float32Array[] }> {
    if (!set.ys.length) return { loss: NaN, accuracy: NaN, probs: new Float32Array(), hidden: [] };
    const out = noGrad(() =>
      tidy(() => {
        const { hidden, logits } = this.forwardAll(set.xs);
        return { loss: F.crossEntropy(logits, set.ys), probs: logits.softmax(-1), hidden };
      }),
    );
    const [p, loss, hidden] = await Promise.all([out.probs.data(), out.loss.item(), Promise.all(out.hidden.map((h) => h.data()))]);
    for (const t of [out.loss, out.probs, ...out.hidden]) t.dispose();
    const probs = new Float32Array(set.ys.length);
    let correct = 0;
    set.ys.forEach((y, i) => {
      probs[i] = p[i * 2 + 1];
      if ((probs[i] > 0.5 ? 1 : 0) === y) correct++;
    });
    return { loss, accuracy: correct / set.ys.length, probs, hidden: hidden.map((h) => Float32Array.from(h)) };
  }

  /** Loss and accuracy on the training points with the current weights. */
  async evaluate(): Promise<Score> {
    const { loss, accuracy } = await this.score(this.train_);
    return { loss, accuracy };
  }

  /**
   * P(class 1) and every hidden neuron's output on a res × res grid over [-extent, extent]² (row 0
   * at the top), from one batched forward pass.
   */
  async maps(res: number, extent: Extent = 1): Promise<{ boundary: Float32Array; neuronMaps: Float32Array[][] }> {
    const out = noGrad(() =>
      tidy(() => {
        const { hidden, logits } = this.forwardAll(tensor(gridPoints(res, extent)));
        return { probs: logits.softmax(-1), hidden };
      }),
    );
    const [p, hidden] = await Promise.all([out.probs.data(), Promise.all(out.hidden.map((h) => h.data()))]);
    for (const t of [out.probs, ...out.hidden]) t.dispose();
    const cells = res * res;
    const boundary = new Float32Array(cells);
    for (let i = 0; i < cells; i++) boundary[i] = p[i * 2 + 1];
    const neuronMaps = hidden.map((h, l) => {
      const n = this.config.hidden[l];
      return Array.from({ length: n }, (_, j) => {
        const map = new Float32Array(cells);
        for (let i = 0; i < cells; i++) map[i] = h[i * n + j];
        return map;
      });
    });
    return { boundary, neuronMaps };
  }

  async weights(): Promise<LayerWeights[]> {
    return Promise.all(
      this.layers.map(async (l) => ({ weight: (await l.weight.toArray()) as number[][], bias: (await l.bias!.toArray()) as number[] })),
    );
  }

  async snapshot({ res, extent }: View = { res: 40, extent: 1 }): Promise<Snapshot> {
    const train = await this.score(this.train_);
    const test = await this.score(this.test_);
    // diagnose wants each layer as rows, one per training point.
    const rows = train.hidden.map((h, l) => {
      const width = this.config.hidden[l];
      return Array.from({ length: h.length / width }, (_, i) => h.subarray(i * width, (i + 1) * width));
    });
    const { boundary, neuronMaps } = await this.maps(res, extent);
    return {
      step: this.step,
      loss: train.loss,
      accuracy: train.accuracy,
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      boundary,
      neuronMaps,
      res,
      extent,
      weights: await this.weights(),
      health: diagnose(rows, train.probs),
    };
  }

  /**
   * One example through the net, layer by layer. Every layer's output keeps its gradient
   * (retainGrad), so the backward numbers are the engine's own d loss / d output. The weights
   * do not change.
   */
  async trace(index: number): Promise<Trace> {
    const point = this.points[index];
    const pass = tidy(() => {
      const input = tensor([[point.x, point.y]], { requiresGrad: true });
      const outs: Tensor[] = [input];
      const pres: Tensor[] = [];
      let h = input;
      this.layers.forEach((layer, i) => {
        const z = layer.forward(h);
        pres.push(z);
        h = (i < this.layers.length - 1 ? F.activation(this.config.activation, z) : z).retainGrad();
        outs.push(h);
      });
      const loss = F.crossEntropy(h, [point.label]);
      loss.backward();
      return { outs, pres, grads: outs.map((o) => o.grad!), probs: noGrad(() => h.softmax(-1)), loss };
    });
    const row = async (t: Tensor) => Array.from(await t.data());
    const [activations, preActivations, grads, probs, loss] = await Promise.all([
      Promise.all(pass.outs.map(row)),
      Promise.all(pass.pres.map(row)),
      Promise.all(pass.grads.map(row)),
      pass.probs.data(),
      pass.loss.item(),
    ]);
    for (const t of [...pass.outs, ...pass.pres, ...pass.grads, pass.probs, pass.loss]) t.dispose();
    // The pass left gradients on the parameters; clear them so training starts clean.
    this.optimizer.zeroGrad();
    return { point, activations, preActivations, grads, probability: probs[1], loss };
  }

  dispose(): void {
    this.train_.xs.dispose();
    this.test_.xs.dispose();
    for (const p of this.parameters()) p.dispose();
  }
}
