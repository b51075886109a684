// Pure logic of the GradientFlow demo: a deep stack of equal-width layers, one backward pass on
// the engine, and the size (Frobenius norm) of the gradient arriving at each layer's output, the
// "error signal" that layer's weights learn from. With sigmoid it shrinks layer after layer
// towards the input (vanishing); with ReLU it stays level at He scaling (gain √2), grows
// towards the input above it (exploding) and shrinks below it. With residual connections each
// layer adds its output to its input, h ← h + f(h·W), so the backward pass gets an identity path
// around every layer and the signal reaching layer 1 no longer depends on a long product.
import { F, Generator, tensor, tidy, type Tensor, type TensorActivation } from '../../../engine';

/** The activations the demo compares, from the engine's one table. */
export const FLOW_ACTIVATIONS = ['sigmoid', 'tanh', 'relu'] as const satisfies readonly TensorActivation[];
export type FlowActivation = (typeof FLOW_ACTIVATIONS)[number];

export interface FlowConfig {
  activation: FlowActivation;
  depth: number;
  width: number;
  /** Weights are drawn from N(0, (gain / √width)²). */
  gain: number;
  seed: number;
  batch: number;
  /** Residual connections: h ← h + f(h·W) instead of h ← f(h·W), the branch weights scaled by 1/√depth. */
  residual: boolean;
}

export const DEFAULT_FLOW: FlowConfig = { activation: 'sigmoid', depth: 10, width: 16, gain: 1.4, seed: 0, batch: 32, residual: false };

export interface FlowResult {
  /** norms[0] is the layer next to the input, norms[depth - 1] the one next to the loss. */
  norms: number[];
  loss: number;
}

const matrix = (rows: number, cols: number, scale: number, gen: Generator): number[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * gen.normal()));

export async function gradientNorms(cfg: FlowConfig): Promise<FlowResult> {
  const gen = new Generator(cfg.seed);
  const pass = tidy(() => {
    const x = tensor(matrix(cfg.batch, cfg.width, 1, gen));
    const target = tensor(matrix(cfg.batch, cfg.width, 1, gen));
    const outputs: Tensor[] = [];
    const weights: Tensor[] = [];
    let h = x;
    for (let l = 0; l < cfg.depth; l++) {
      // [in, out] so that h @ W maps the batch forward.
      // A residual branch starts 1/√depth smaller, as GPT-2 initialises its residual layers, so
      // that the sum of many branches does not grow with depth.
      const scale = (cfg.gain / Math.sqrt(cfg.width)) * (cfg.residual ? 1 / Math.sqrt(cfg.depth) : 1);
      const w = tensor(matrix(cfg.width, cfg.width, scale, gen), { requiresGrad: true });
      weights.push(w);
      const f = F.activation(cfg.activation, h.matmul(w));
      h = (cfg.residual ? h.add(f) : f).retainGrad(); // its .grad: d loss / d output
      outputs.push(h);
    }
    const loss = h.sub(target).pow(2).mean();
    loss.backward();
    for (const w of weights) w.zeroGrad(); // only the outputs' gradients are shown
    return { grads: outputs.map((o) => o.grad!), loss };
  });
  const [grads, loss] = await Promise.all([Promise.all(pass.grads.map((g) => g.data())), pass.loss.item()]);
  for (const t of [...pass.grads, pass.loss]) t.dispose();
  return { norms: grads.map((g) => Math.hypot(...g)), loss };
}

/** How many times smaller (below 1: larger) the first layer's gradient is than the last one's. */
export const attenuation = (norms: number[]): number => norms[norms.length - 1] / norms[0];
