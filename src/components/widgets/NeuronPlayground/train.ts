// Training the chapter 1 network with squared error and plain gradient descent (chapter 2).
// The cost is 3Blue1Brown's: for each example, the squared differences between the outputs and
// the wanted outputs, averaged over the examples. Two neurons want (1, 0) for a leaf and (0, 1)
// for a flower; one neuron wants 0 for a leaf and 1 for a flower. The gradient is the exact chain
// rule, written out by hand; the unit test checks it against the engine's backward().
import { scalar, type ActivationName } from '../../../engine/light';
import { EXAMPLES, RANGES, score, weightedSum, type Example, type Neuron, type PlaygroundState, type Vec4 } from './neuronPlayground';

/** f′(z) for each activation the playground offers. The step's slope is 0 wherever it exists. */
export const slope: Record<ActivationName, (z: number) => number> = {
  step: () => 0,
  sigmoid: (z) => {
    const y = scalar.sigmoid(z);
    return y * (1 - y);
  },
  relu: (z) => (z > 0 ? 1 : 0),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  gelu: scalar.geluGrad,
};

/** The outputs each example should give, per neuron. */
export const targets = (e: Example): { leaf: number; flower: number; single: number } =>
  e.label === 'leaf' ? { leaf: 1, flower: 0, single: 0 } : { leaf: 0, flower: 1, single: 1 };

export interface Gradients {
  /** ∂C/∂w and ∂C/∂b of each trained neuron (leaf and flower with two neurons, single with one). */
  [neuron: string]: Neuron;
}

/** C = (1/n) Σ_examples Σ_outputs (y − target)², and its exact gradient. */
export function costAndGradient(s: PlaygroundState, examples: readonly Example[] = EXAMPLES): { cost: number; grad: Gradients } {
  const f = scalar.activations[s.activation];
  const df = slope[s.activation];
  const names = s.mode === 'two' ? (['leaf', 'flower'] as const) : (['single'] as const);
  const grad: Gradients = {};
  for (const name of names) grad[name] = { w: [0, 0, 0, 0], b: 0 };
  let cost = 0;
  const n = examples.length;
  for (const e of examples) {
    const want = targets(e);
    for (const name of names) {
      const z = weightedSum(s[name], e.x);
      const err = f(z) - want[name];
      cost += (err * err) / n;
      // ∂/∂z of (f(z) − t)²/n is 2(f(z) − t)·f′(z)/n; then ∂z/∂w_i = x_i and ∂z/∂b = 1.
      const dz = (2 * err * df(z)) / n;
      const g = grad[name];
      for (let i = 0; i < 4; i++) g.w[i] += dz * e.x[i];
      g.b += dz;
    }
  }
  return { cost, grad };
}

const clampTo = (v: number, r: { min: number; max: number }) => Math.min(r.max, Math.max(r.min, v));

/**
 * One plain gradient-descent step θ ← θ − lr·∇C on every parameter of the current mode. The
 * result stays inside the sliders' range (−5…5), so what the reader sees is what the network uses.
 * Returns the new state and the cost before the step.
 */
export function trainStep(s: PlaygroundState, lr: number): { state: PlaygroundState; cost: number } {
  const { cost, grad } = costAndGradient(s);
  const next: PlaygroundState = { ...s };
  for (const [name, g] of Object.entries(grad) as ['leaf' | 'flower' | 'single', Neuron][]) {
    const p = s[name];
    next[name] = {
      w: p.w.map((w, i) => clampTo(w - lr * g.w[i], RANGES.weight)) as Vec4,
      b: clampTo(p.b - lr * g.b, RANGES.bias),
    };
  }
  return { state: next, cost };
}

/** Learning rates the Train control offers, and where it starts. */
export const TRAIN_RATES = [0.1, 0.3, 1, 3] as const;
export const DEFAULT_TRAIN_RATE = 1;
/** Steps taken per animation tick, and after how many steps one run pauses on its own. */
export const STEPS_PER_TICK = 5;
export const MAX_TRAIN_STEPS = 1000;

/** Why a run should stop now (`steps`: steps taken in this run), or null while it should go on. */
export function stopReason(s: PlaygroundState, steps: number, cost: number, previousCost: number): string | null {
  if (s.activation === 'step') return 'The step activation has slope 0 everywhere, so the gradient is 0 and nothing moves. Pick sigmoid, ReLU or GELU.';
  if (!Number.isFinite(cost)) return 'The cost is no longer a number. Lower the learning rate and press Reset.';
  if (steps >= MAX_TRAIN_STEPS) return `Paused after ${MAX_TRAIN_STEPS} steps; press Train to go on.`;
  if (steps > 0 && Math.abs(previousCost - cost) < 1e-7) return 'Converged: the cost changes by less than 0.0000001 per step.';
  return null;
}

/**
 * `steps` steps from `s`: the cost before each step and after the last (costs[k] after k steps),
 * and the first step count at which every example is classified correctly (null if never).
 * Chapter 2 quotes its numbers from here, so the text says what the widget does.
 */
export function trainRun(s: PlaygroundState, lr: number, steps: number): { state: PlaygroundState; costs: number[]; firstAllRight: number | null } {
  const costs = [costAndGradient(s).cost];
  let firstAllRight = score(s).correct === EXAMPLES.length ? 0 : null;
  for (let k = 1; k <= steps; k++) {
    s = trainStep(s, lr).state;
    costs.push(costAndGradient(s).cost);
    if (firstAllRight === null && score(s).correct === EXAMPLES.length) firstAllRight = k;
  }
  return { state: s, costs, firstAllRight };
}
