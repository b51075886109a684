// The MlpPlayground's model and training loop, on the engine: an nn.MLP with the chosen hidden
// layers and activation, two output logits (class 0, class 1), cross-entropy, Adam. The same code
// runs in the widget's worker and in the unit tests under Node.
import { F, manualSeed, nn, noGrad, optim, tensor, tidy, type Tensor, type TensorActivation } from '../../../engine';
import type { DatasetName, LabeledPoint } from './datasets';

/** The activations the widget offers, from the engine's one table. */
export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid'] as const satisfies readonly TensorActivation[];
export type Activation = (typeof ACTIVATIONS)[number];

export interface MlpConfig {
  dataset: DatasetName;
  noise: number;
  seed: number;
  /** Neurons per hidden layer, e.g. [4, 4]. */
  hidden: number[];
  activation: Activation;
  lr: number;
}

export const DEFAULT_CONFIG: MlpConfig = { dataset: 'xor', noise: 0, seed: 1, hidden: [4, 4], activation: 'tanh', lr: 0.03 };
export const MAX_LAYERS = 4;
export const MAX_NEURONS = 8;
export const N_POINTS = 200;
/** The learning rates the slider offers. */
export const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3];

/** The settings as URL parameters, so a link shows the same network. */
export function configParams(c: MlpConfig): Record<string, string | number> {
  return { 'mlp.dataset': c.dataset, 'mlp.noise': c.noise, 'mlp.seed': c.seed, 'mlp.hidden': c.hidden.join('-'), 'mlp.act': c.activation, 'mlp.lr': c.lr };
}

/** Hidden sizes from the `mlp.hidden` parameter ("4-4", "" for none); null when out of range. */
export function parseHidden(param: string | null): number[] | null {
  if (param === null) return null;
  const parts = param === '' ? [] : param.split('-').map(Number);
  return parts.length <= MAX_LAYERS && parts.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_NEURONS) ? parts : null;
}

/** Where the network diagram puts neuron j of layer l (layer 0 is the input), in a width × height box. */
export function networkLayout(sizes: readonly number[], width: number, height: number) {
  const widest = Math.max(...sizes);
  return {
    x: (l: number) => 30 + (l * (width - 60)) / (sizes.length - 1),
    y: (l: number, j: number) => height / 2 + (j - (sizes[l] - 1) / 2) * Math.min(27, (height - 30) / widest),
  };
}

export interface LayerWeights {
  /** weight[out][in], as nn.Linear stores it. */
  weight: number[][];
  bias: number[];
}

export interface Snapshot {
  step: number;
  loss: number;
  accuracy: number;
  /** P(class 1) on a res × res grid over [-1, 1]², row 0 at the top (y = 1). */
  boundary: Float32Array;
  res: number;
  weights: LayerWeights[];
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

export class Trainer {
  readonly model: nn.MLP;
  readonly optimizer: optim.AdamW;
  step = 0;
  private xs: Tensor;
  private ys: number[];

  constructor(
    readonly config: MlpConfig,
    public points: LabeledPoint[],
  ) {
    manualSeed(config.seed);
    this.model = new nn.MLP([2, ...config.hidden, 2], config.activation);
    this.optimizer = new optim.AdamW(this.parameters(), { lr: config.lr, weightDecay: 0 });
    this.xs = tensor(points.map((p) => [p.x, p.y]));
    this.ys = points.map((p) => p.label);
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

  setPoints(points: LabeledPoint[]): void {
    this.points = points;
    this.xs.dispose();
    this.xs = tensor(points.map((p) => [p.x, p.y]));
    this.ys = points.map((p) => p.label);
  }

  /** `n` full-batch steps; returns the loss before the last update. */
  async train(n: number): Promise<number> {
    let last: Tensor | null = null;
    for (let i = 0; i < n; i++) {
      last?.dispose();
      last = tidy(() => {
        this.optimizer.zeroGrad();
        const loss = F.crossEntropy(this.forward(this.xs), this.ys);
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

  /** Loss and accuracy on all points with the current weights. */
  async evaluate(): Promise<{ loss: number; accuracy: number }> {
    const [lossT, probs] = noGrad(() =>
      tidy(() => {
        const logits = this.forward(this.xs);
        return [F.crossEntropy(logits, this.ys), logits.softmax(-1)] as const;
      }),
    );
    const p = await probs.data();
    const loss = await lossT.item();
    lossT.dispose();
    probs.dispose();
    let correct = 0;
    this.ys.forEach((y, i) => {
      if ((p[i * 2 + 1] > 0.5 ? 1 : 0) === y) correct++;
    });
    return { loss, accuracy: correct / Math.max(1, this.ys.length) };
  }

  /** P(class 1) on a res × res grid over the view (row 0 at y = 1). */
  async boundary(res: number): Promise<Float32Array> {
    const grid: number[][] = [];
    for (let r = 0; r < res; r++) {
      const y = 1 - (2 * (r + 0.5)) / res;
      for (let c = 0; c < res; c++) grid.push([-1 + (2 * (c + 0.5)) / res, y]);
    }
    const probs = noGrad(() => tidy(() => this.forward(tensor(grid)).softmax(-1)));
    const p = await probs.data();
    probs.dispose();
    const out = new Float32Array(res * res);
    for (let i = 0; i < out.length; i++) out[i] = p[i * 2 + 1];
    return out;
  }

  async weights(): Promise<LayerWeights[]> {
    return Promise.all(
      this.layers.map(async (l) => ({ weight: (await l.weight.toArray()) as number[][], bias: (await l.bias!.toArray()) as number[] })),
    );
  }

  async snapshot(res = 40): Promise<Snapshot> {
    const { loss, accuracy } = await this.evaluate();
    return { step: this.step, loss, accuracy, boundary: await this.boundary(res), res, weights: await this.weights() };
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
    this.xs.dispose();
    for (const p of this.parameters()) p.dispose();
  }
}
