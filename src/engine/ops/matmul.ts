// Matrix multiply with PyTorch's rules: 1-D operands are promoted and the extra dim dropped
// afterwards; leading (batch) dims broadcast. The backward passes read operands transposed in
// place (transA/transB) instead of materialising transposes.
import type { MatmulArgs, Storage } from '../backend';
import { isGradEnabled, record } from '../autograd';
import { tidy } from '../memory';
import { Tensor } from '../tensor';
import { broadcastShapes, fmt } from './shapes';

/** One backend call; a batch of matrices times one shared matrix is folded into one big matrix. */
function product(x: Tensor, y: Tensor, args: MatmulArgs): Storage {
  if (args.aBatched && !args.bBatched && !args.transA && !args.causal) {
    return x.backend.matmul(x.storage, y.storage, { ...args, batch: 1, m: args.batch * args.m, aBatched: false });
  }
  return x.backend.matmul(x.storage, y.storage, args);
}

/**
 * Causal attention's products and the triangles their operands have (MatmulArgs' `causal`):
 * 'scores' = q·kᵀ masked to zeros above the diagonal, 'mix' = weights·v for weights zero there.
 * Their gradients have the same triangles, which the CPU skips.
 */
type Causal = 'scores' | 'mix';
const CAUSAL_ARGS: Record<Causal, { out: MatmulArgs['causal']; ga: MatmulArgs['causal']; gb: MatmulArgs['causal'] }> = {
  scores: { out: 'out', ga: 'aLower', gb: 'aUpper' }, // dQ = dS·k (dS lower), dK = dSᵀ·q
  mix: { out: 'aLower', ga: 'out', gb: 'aUpper' }, // dW = g·vᵀ (only its lower half is a gradient), dV = Wᵀ·g
};

/**
 * a3: [batch, m, k] or a shared [m, k]; b3: [batch, k, n] or a shared [k, n], or with `transB`
 * [batch, n, k] / [n, k], multiplied as its transpose without copying it.
 */
function batchedMatmul(a3: Tensor, b3: Tensor, batch: number, transB = false, causal?: Causal): Tensor {
  const [m, k] = a3.shape.slice(-2);
  const n = transB ? b3.shape.at(-2)! : b3.shape.at(-1)!;
  const aBatched = a3.ndim === 3;
  const bBatched = b3.ndim === 3;
  const tri = causal ? CAUSAL_ARGS[causal] : { out: undefined, ga: undefined, gb: undefined };
  const out = new Tensor(
    product(a3, b3, { batch, m, k, n, transA: false, transB, aBatched, bBatched, causal: tri.out }),
    [batch, m, n],
    a3.backend,
  );
  return record(out, [a3, b3], (g) => {
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (a3.requiresGrad) {
      // dA = dOut · Bᵀ (with B stored transposed: dOut · B)
      ga = new Tensor(product(g, b3, { batch, m, k: n, n: k, transA: false, transB: !transB, aBatched: true, bBatched, causal: tri.ga }), [batch, m, k], g.backend);
      if (!aBatched) ga = ga.sum(0);
    }
    if (b3.requiresGrad && transB) {
      // B stored as [n, k]: dB = dOut ᵀ · A; with a shared B the batch folds into the inner dim
      gb = !bBatched && aBatched
        ? new Tensor(g.backend.matmul(g.storage, a3.storage, { batch: 1, m: n, k: batch * m, n: k, transA: true, transB: false, aBatched: false, bBatched: false }), [n, k], g.backend)
        : new Tensor(g.backend.matmul(g.storage, a3.storage, { batch, m: n, k: m, n: k, transA: true, transB: false, aBatched: true, bBatched: aBatched, causal: tri.gb }), [batch, n, k], g.backend);
      if (!bBatched && gb.ndim === 3) gb = gb.sum(0);
    } else if (b3.requiresGrad) {
      // dB = Aᵀ · dOut; with a shared B the batch folds into the inner dim of one product
      gb = !bBatched && aBatched
        ? new Tensor(g.backend.matmul(a3.storage, g.storage, { batch: 1, m: k, k: batch * m, n, transA: true, transB: false, aBatched: false, bBatched: false }), [k, n], g.backend)
        : new Tensor(product(a3, g, { batch, m: k, k: m, n, transA: true, transB: false, aBatched, bBatched: true, causal: tri.gb }), [batch, k, n], g.backend);
      if (!bBatched && gb.ndim === 3) gb = gb.sum(0);
    }
    return [ga, gb];
  });
}

/** Runs fn; without a graph to record, the views it makes on the way are dropped at once (see matmulWith). */
function droppingViews(inputs: Tensor[], fn: () => Tensor): Tensor {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad) ? fn() : tidy(fn);
}

/**
 * Causal attention's scores: q·kᵀ for q, k of shape (..., T, d), with zeros above the diagonal
 * (query t sees keys s ≤ t), as a causal softmax reads them. (..., T, T).
 */
export function causalScores(q: Tensor, k: Tensor): Tensor {
  return causalProduct(q, k, 'scores');
}

/** Causal attention's output: weights · v for weights (..., T, T) that are zero above the diagonal. (..., T, dv). */
export function causalMix(weights: Tensor, v: Tensor): Tensor {
  return causalProduct(weights, v, 'mix');
}

function causalProduct(a: Tensor, b: Tensor, kind: Causal): Tensor {
  const T = a.shape.at(-2)!;
  const inner = kind === 'scores' ? b.shape.at(-1) : b.shape.at(-2);
  if (a.ndim < 2 || b.ndim !== a.ndim || a.shape.slice(0, -2).join() !== b.shape.slice(0, -2).join() || a.shape.at(-1) !== inner
    || (kind === 'scores' ? b.shape.at(-2) : a.shape.at(-1)) !== T) {
    throw new Error(`causal ${kind}: shapes ${fmt(a.shape)} and ${fmt(b.shape)} are not causal attention's (..., T, ${kind === 'scores' ? 'd) and (..., T, d)' : 'T) and (..., T, dv)'}`);
  }
  const lead = a.shape.slice(0, -2);
  const batch = lead.reduce((x, y) => x * y, 1);
  const n = kind === 'scores' ? T : b.shape.at(-1)!;
  return droppingViews([a, b], () => batchedMatmul(a.reshape([batch, T, a.shape.at(-1)!]), b.reshape([batch, ...b.shape.slice(-2)]), batch, kind === 'scores', kind)
    .reshape([...lead, T, n]));
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  return matmulWith(a, b, false);
}

/**
 * a · bᵀ over the last two dims (b is (..., n, k)), reading b transposed in place: attention's
 * q·kᵀ without materialising kᵀ, forward or backward.
 */
export function matmulTransposed(a: Tensor, b: Tensor): Tensor {
  if (!(b instanceof Tensor) || a.ndim < 2 || b.ndim < 2) {
    throw new Error(`matmulTransposed: both operands need at least 2 dims, got shapes ${fmt(a.shape)} and ${b instanceof Tensor ? fmt(b.shape) : typeof b}`);
  }
  return matmulWith(a, b, true);
}

/** x · weightᵀ (+ bias), weight stored [out, in] as torch.nn.functional.linear; the weight is read transposed in place. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (x.ndim === 1) return linear(x.reshape([1, x.shape[0]]), weight, bias).reshape([weight.shape[0]]);
  const y = matmulTransposed(x, weight);
  return bias ? y.add(bias) : y;
}

function matmulWith(a: Tensor, b: Tensor, transB: boolean): Tensor {
  if (!(b instanceof Tensor)) throw new Error(`matmul: the other operand must be a Tensor, got ${typeof b}`);
  if (a.ndim === 0 || b.ndim === 0) throw new Error(`matmul: both operands need at least 1 dim, got shapes ${fmt(a.shape)} and ${fmt(b.shape)}`);
  if (a.backend !== b.backend) throw new Error(`matmul: tensors live on different backends (${a.backend.name} and ${b.backend.name})`);
  const a2 = a.ndim === 1 ? a.reshape([1, a.shape[0]]) : a;
  const b2 = b.ndim === 1 ? b.reshape([b.shape[0], 1]) : b;
  const [m, k] = a2.shape.slice(-2);
  const [k2, n] = transB ? [b2.shape.at(-1)!, b2.shape.at(-2)!] : b2.shape.slice(-2);
  if (k !== k2) {
    throw new Error(`matmul: shapes ${fmt(a.shape)} and ${fmt(b.shape)} are not compatible (inner sizes ${k} and ${k2} differ)`);
  }
  const aBatchShape = a2.shape.slice(0, -2);
  const bBatchShape = b2.shape.slice(0, -2);
  const batchShape = broadcastShapes(aBatchShape, bBatchShape, 'matmul');
  const batch = batchShape.reduce((x, y) => x * y, 1);
  const toBatched = (t: Tensor, own: number[], rows: number, cols: number) => {
    if (own.reduce((x, y) => x * y, 1) === 1 && batch > 1) return t.reshape([rows, cols]); // shared by every batch item
    return t.expand([...batchShape, rows, cols]).reshape([batch, rows, cols]);
  };
  const shape = [...batchShape, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  const multiply = () => batchedMatmul(toBatched(a2, aBatchShape, m, k), transB ? toBatched(b2, bBatchShape, n, k) : toBatched(b2, bBatchShape, k, n), batch, transB).reshape(shape);
  // With a graph, backward needs the 3-D views until the enclosing tidy ends; without one, they
  // are dropped now, or every call outside a tidy would keep its product's storage alive.
  return droppingViews([a, b], multiply);
}
