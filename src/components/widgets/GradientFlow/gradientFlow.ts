// Pure logic of the GradientFlow demo: a deep stack of equal-width layers, one backward pass on
// the engine, and the size (Frobenius norm) of the gradient arriving at each layer's output, the
// "error signal" that layer's weights learn from. With sigmoid it shrinks layer after layer
// towards the input (vanishing); with ReLU it stays level at He scaling (gain √2), grows
// towards the input above it (exploding) and shrinks below it.
import { tensor, type Tensor } from '../../../engine';
import { normal, seededRandom } from '../../../lib/random';

export type FlowActivation = 'sigmoid' | 'tanh' | 'relu';
export const FLOW_ACTIVATIONS: FlowActivation[] = ['sigmoid', 'tanh', 'relu'];

export interface FlowConfig {
  activation: FlowActivation;
  depth: number;
  width: number;
  /** Weights are drawn from N(0, (gain / √width)²). */
  gain: number;
  seed: number;
  batch: number;
}

export const DEFAULT_FLOW: FlowConfig = { activation: 'sigmoid', depth: 10, width: 16, gain: 1.4, seed: 0, batch: 32 };

export interface FlowResult {
  /** norms[0] is the layer next to the input, norms[depth - 1] the one next to the loss. */
  norms: number[];
  loss: number;
}

const matrix = (rows: number, cols: number, scale: number, rand: () => number): number[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * normal(rand)));

export async function gradientNorms(cfg: FlowConfig): Promise<FlowResult> {
  const rand = seededRandom(cfg.seed);
  const x = tensor(matrix(cfg.batch, cfg.width, 1, rand));
  const target = tensor(matrix(cfg.batch, cfg.width, 1, rand));
  const made: Tensor[] = [x, target];
  const probes: Tensor[] = [];
  let h = x;
  for (let l = 0; l < cfg.depth; l++) {
    // [in, out] so that h @ W maps the batch forward.
    const w = tensor(matrix(cfg.width, cfg.width, cfg.gain / Math.sqrt(cfg.width), rand), { requiresGrad: true });
    const z = h.matmul(w);
    const a = cfg.activation === 'sigmoid' ? z.sigmoid() : cfg.activation === 'tanh' ? z.tanh() : z.relu();
    // A zero probe on the layer's output: its gradient from the engine is d loss / d output.
    const probe = tensor(matrix(cfg.batch, cfg.width, 0, rand), { requiresGrad: true });
    probes.push(probe);
    h = a.add(probe);
    made.push(w, z, a, h);
  }
  const loss = h.sub(target).pow(2).mean();
  loss.backward();
  const norms: number[] = [];
  for (const p of probes) {
    const g = await p.grad!.data();
    let s = 0;
    for (const v of g) s += v * v;
    norms.push(Math.sqrt(s));
  }
  const lossValue = await loss.item();
  for (const t of [...made, ...probes, loss]) t.dispose();
  return { norms, loss: lossValue };
}

/** How many times smaller (below 1: larger) the first layer's gradient is than the last one's. */
export const attenuation = (norms: number[]): number => norms[norms.length - 1] / norms[0];
