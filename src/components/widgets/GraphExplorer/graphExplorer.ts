// The GraphExplorer's numbers: forward and backward through a graph (graph.ts) with the engine's
// own autograd, never a second implementation, and why a number is not finite, in words.
import { tensor, tidy, type Tensor } from '../../../engine';
import { formatValue, type Graph } from './graph';

export interface Evaluated {
  values: number[];
  grads: number[];
}

/**
 * Forward and backward with the engine. Every node's tensor keeps its gradient (retainGrad), and
 * constants are leaves that ask for one too, so every node shows d(output)/d(node) from the same
 * backward() call that fills the variables' gradients.
 */
export async function evaluateGraph(graph: Graph, values: Map<string, number>): Promise<Evaluated> {
  const pass = tidy(() => {
    const t: Tensor[] = [];
    for (const n of graph.nodes) {
      const [a, b] = n.inputs.map((i) => t[i]);
      let out: Tensor;
      switch (n.op) {
        case 'var': {
          const v = values.get(n.label);
          if (v === undefined) throw new Error(`give ${n.label} a value`);
          out = tensor([v], { requiresGrad: true });
          break;
        }
        case 'const': out = tensor([Number(n.label.replace('−', '-'))], { requiresGrad: true }); break;
        case 'neg': out = a.neg(); break;
        case '+': out = a.add(b); break;
        case '-': out = a.sub(b); break;
        case '*': out = a.mul(b); break;
        case '/': out = a.div(b); break;
        case 'pow': out = a.pow(n.exponent!); break;
        case 'exp': out = a.exp(); break;
        case 'log': out = a.log(); break;
        case 'tanh': out = a.tanh(); break;
        case 'relu': out = a.relu(); break;
        case 'sigmoid': out = a.sigmoid(); break;
      }
      t.push(out.gradNode ? out.retainGrad() : out);
    }
    t[graph.output].backward();
    return { t, grads: t.map((x) => x.grad) };
  });
  const [vals, grads] = await Promise.all([
    Promise.all(pass.t.map((x) => x.item())),
    Promise.all(pass.grads.map((g) => (g ? g.item() : 0))),
  ]);
  for (const x of [...pass.t, ...pass.grads]) x?.dispose();
  return { values: vals, grads };
}

/** Why a node's number is not finite, in words, or null when it is fine. */
export function explainNonFinite(graph: Graph, values: number[], id: number): string | null {
  const n = graph.nodes[id];
  const v = values[id];
  if (Number.isFinite(v)) return null;
  const ins = n.inputs.map((i) => values[i]);
  if (n.inputs.some((i) => !Number.isFinite(values[i]))) return 'an input is already not finite, and it carries through';
  if (n.op === '/' && ins[1] === 0) {
    return ins[0] === 0
      ? '0 ÷ 0 has no value (NaN): the limit depends on how you approach it'
      : `dividing ${formatValue(ins[0])} by 0 has no finite value; float32 arithmetic calls it ${v > 0 ? '∞' : '−∞'}`;
  }
  if (n.op === 'log') return ins[0] === 0 ? 'log(0) is −∞: the logarithm falls without bound near 0' : 'log of a negative number is not a real number (NaN)';
  if (n.op === 'exp') return 'exp of a large number overflows float32 (largest ≈ 3.4 × 10³⁸)';
  if (n.op === 'pow') return 'this power has no real value here (a negative base to a fractional power, or 0 to a negative power)';
  return 'the result overflows float32';
}
