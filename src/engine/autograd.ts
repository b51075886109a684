// Reverse-mode autodiff on the graph that ops record as they run. Each op attaches a local
// backward: given the gradient of its output, it returns the gradients of its inputs. backward()
// walks the graph in reverse topological order and adds those into each leaf's `.grad`, as
// PyTorch does (gradients accumulate until zeroGrad).
import { keep, tidy } from './memory';
import type { Tensor } from './tensor';

export type LocalBackward = (grad: Tensor) => (Tensor | null)[];

export interface GradNode {
  inputs: Tensor[];
  backward: LocalBackward;
}

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording a graph (evaluation, sampling, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Attaches `backward` to `out` when grad mode is on and any input needs a gradient. */
export function record(out: Tensor, inputs: Tensor[], backward: LocalBackward): Tensor {
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradNode = { inputs, backward };
  }
  return out;
}

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length) {
    const [t, expanded] = stack.pop()!;
    if (expanded) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const input of t.gradNode?.inputs ?? []) if (input.requiresGrad && !seen.has(input)) stack.push([input, false]);
  }
  return order;
}

/** Adds `grad` into t.grad, which outlives any tidy around the step. */
function accumulate(t: Tensor, grad: Tensor): void {
  if (t.grad) {
    const sum = t.grad.add(grad);
    t.grad.dispose();
    grad.dispose();
    t.grad = keep(sum);
  } else {
    t.grad = keep(grad);
  }
}

export function backward(root: Tensor, seed?: Tensor): void {
  if (!root.requiresGrad) {
    throw new Error('backward: this tensor does not require grad (no input was created with { requiresGrad: true })');
  }
  if (!seed && root.size !== 1) {
    throw new Error(
      `backward: can only start from a scalar, got shape [${root.shape.join(', ')}]; reduce it first, e.g. .sum() or .mean()`,
    );
  }
  noGrad(() => {
    const grads = new Map<Tensor, Tensor>([[root, seed ?? root.onesLike()]]);
    const order = topoOrder(root);
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      const grad = grads.get(node);
      if (!grad) continue;
      grads.delete(node);
      if (!node.gradNode) {
        accumulate(node, grad); // a leaf
        continue;
      }
      if (node.retainsGrad) accumulate(node, grad.clone());
      const { inputs, backward: local } = node.gradNode;
      // Local backwards may pass `grad` straight through (add, reshape's input) or return one
      // tensor twice (x + x), and every input's gradient must be its own tensor. This node is done
      // with `grad`, so the first input it passes through to takes it as is (no copy); repeats, and
      // a seed the caller still owns, are copied.
      const owned = grad !== seed;
      const inputGrads = tidy(() =>
        local(grad).map((g, j, all) => (g && (all.indexOf(g) < j || (g === grad && !owned)) ? g.clone() : g)),
      );
      if (owned && !inputGrads.includes(grad)) grad.dispose();
      inputs.forEach((input, j) => {
        const g = inputGrads[j];
        if (!g) return;
        if (!input.requiresGrad) {
          g.dispose();
          return;
        }
        const previous = grads.get(input);
        if (previous) {
          grads.set(input, previous.add(g));
          previous.dispose();
          g.dispose();
        } else {
          grads.set(input, g);
        }
      });
    }
  });
}
