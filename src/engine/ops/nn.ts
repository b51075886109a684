// The fused neural-network ops: each is one backend kernel forward and one backward, because
// composing them from elementwise ops would cost several passes over memory.
import { record } from '../autograd';
import type { Backend } from '../backend';
import { defaultGenerator, type Generator } from '../random';
import { Tensor } from '../tensor';
import { fmt } from './shapes';

/** LayerNorm over the last dim (PyTorch's F.layer_norm with normalized_shape = [C]). */
export function layerNorm(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const cols = x.shape.at(-1) ?? 0;
  if (weight.ndim !== 1 || weight.shape[0] !== cols || bias.ndim !== 1 || bias.shape[0] !== cols) {
    throw new Error(`layerNorm: weight ${fmt(weight.shape)} and bias ${fmt(bias.shape)} must both be [${cols}] for input ${fmt(x.shape)}`);
  }
  const rows = x.size / cols;
  const { out, mean, rstd } = x.backend.layerNorm(x.storage, weight.storage, bias.storage, rows, cols, eps);
  const y = new Tensor(out, x.shape, x.backend);
  const stats = [new Tensor(mean, [rows], x.backend), new Tensor(rstd, [rows], x.backend)];
  return record(y, [x, weight, bias], (g) => {
    const { dx, dweight, dbias } = x.backend.layerNormBackward(g.storage, x.storage, weight.storage, stats[0].storage, stats[1].storage, rows, cols);
    return [new Tensor(dx, x.shape, x.backend), new Tensor(dweight, [cols], x.backend), new Tensor(dbias, [cols], x.backend)];
  });
}

/**
 * Reads integer ids (class targets, token ids) onto the tensor's backend, checking their range;
 * `allowed` is one more value that passes (an ignore index).
 */
function indexTensor(ids: Tensor | number[] | readonly number[], limit: number, backend: Backend, op: string, what: string, allowed?: number): Tensor {
  const values = ids instanceof Tensor ? ids.backend.peek(ids.storage) : ids;
  if (!(ids instanceof Tensor) && !Array.isArray(ids)) throw new Error(`${op}: ${what} must be a Tensor or an array of integers`);
  if (values) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === allowed) continue;
      if (!Number.isInteger(v)) throw new Error(`${op}: ${what} must be integers (class ids), got ${v} at position ${i}`);
      if (v < 0 || v >= limit) throw new Error(`${op}: ${what} ${v} at position ${i} is out of range [0, ${limit})`);
    }
  }
  if (ids instanceof Tensor) return ids;
  return new Tensor(backend.fromArray(Float32Array.from(ids)), [ids.length], backend);
}

/** What the kernels are told to skip when nothing is ignored: no class id is negative. */
const NO_IGNORE = -1;

/**
 * Mean cross-entropy of logits [N, C] against class ids [N]. As PyTorch's `ignore_index`: rows
 * whose target is `ignoreIndex` add nothing and the mean is over the other rows (NaN if none is left).
 */
export function crossEntropy(logits: Tensor, targets: Tensor | number[], options: { ignoreIndex?: number } = {}): Tensor {
  if (logits.ndim !== 2) throw new Error(`crossEntropy: logits must be [N, C], got ${fmt(logits.shape)}; reshape first (e.g. logits.reshape([-1, C]))`);
  const [rows, cols] = logits.shape;
  const count = targets instanceof Tensor ? targets.size : targets.length;
  if (count !== rows || (targets instanceof Tensor && targets.ndim !== 1)) {
    const shape = targets instanceof Tensor ? fmt(targets.shape) : `[${targets.length}]`;
    throw new Error(`crossEntropy: targets ${shape} must be [${rows}], one class id per row of logits ${fmt(logits.shape)}`);
  }
  const { ignoreIndex } = options;
  if (ignoreIndex !== undefined && !Number.isInteger(ignoreIndex)) throw new Error(`crossEntropy: ignoreIndex must be an integer, got ${ignoreIndex}`);
  const ignore = ignoreIndex ?? NO_IGNORE;
  const t = indexTensor(targets, cols, logits.backend, 'crossEntropy', 'target', ignoreIndex);
  const { losses, probs } = logits.backend.crossEntropy(logits.storage, t.storage, rows, cols, ignore);
  const total = logits.backend.reduce('sum', losses, [rows], 0);
  logits.backend.dispose(losses);
  const sum = new Tensor(total, [], logits.backend);
  // The rows that count, computed where the targets live (they may be on the GPU).
  const counted = ignoreIndex === undefined ? rows : countOther(t, ignore, rows);
  const out = sum.div(counted);
  sum.dispose();
  const saved = new Tensor(probs, [rows, cols], logits.backend);
  // The loss node's backward goes straight to the logits through the fused kernel.
  return record(out, [logits], (g) => {
    const scale = g.div(counted);
    const d = logits.backend.crossEntropyBackward(saved.storage, t.storage, scale.storage, rows, cols, ignore);
    scale.dispose();
    return [new Tensor(d, [rows, cols], logits.backend)];
  });
}

/** How many of `ids` are not `value`, as a scalar tensor. */
function countOther(ids: Tensor, value: number, rows: number): Tensor {
  const hits = ids.eq(value);
  const same = hits.sum();
  hits.dispose();
  const other = same.neg().add(rows);
  same.dispose();
  return other;
}

/** Rows of `weight` [V, D] picked by integer ids of any shape: output [...ids.shape, D]. */
export function embedding(ids: Tensor | number[], weight: Tensor): Tensor {
  if (weight.ndim !== 2) throw new Error(`embedding: weight must be [V, D], got ${fmt(weight.shape)}`);
  const [vocab, dim] = weight.shape;
  const idx = indexTensor(ids, vocab, weight.backend, 'embedding', 'id');
  const shape = ids instanceof Tensor ? ids.shape : [ids.length];
  const count = idx.size;
  const out = new Tensor(weight.backend.gather(weight.storage, idx.storage, count, dim), [...shape, dim], weight.backend);
  return record(out, [weight], (g) => [new Tensor(weight.backend.scatterAdd(g.storage, idx.storage, count, dim, vocab), [vocab, dim], weight.backend)]);
}

/** Zeroes each value with probability p and scales the rest by 1/(1-p) (identity when not training). */
export function dropout(x: Tensor, p = 0.5, training = true, generator: Generator = defaultGenerator()): Tensor {
  if (!(p >= 0 && p < 1)) throw new Error(`dropout: p must be in [0, 1), got ${p}`);
  if (!training || p === 0) return x;
  const keepScale = 1 / (1 - p);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = generator.random() >= p ? keepScale : 0;
  const m = new Tensor(x.backend.fromArray(mask), x.shape, x.backend);
  return x.mul(m);
}

/** Mean squared error. */
export function mseLoss(input: Tensor, target: Tensor | number): Tensor {
  if (target instanceof Tensor && input.size !== target.size) {
    throw new Error(`mseLoss: input ${fmt(input.shape)} and target ${fmt(target.shape)} must have the same number of values`);
  }
  return input.sub(target).pow(2).mean();
}
