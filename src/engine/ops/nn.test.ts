import { describe, expect, it } from 'vitest';
import { gradcheck, spread } from '../testing/gradcheck';
import { Generator } from '../random';
import { F } from '../functional';
import { memory } from '../memory';
import { ones, tensor } from '../tensor';

function layerNormRef(x: Float64Array, w: Float64Array, b: Float64Array, cols: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let o = 0; o < x.length; o += cols) {
    const row = x.subarray(o, o + cols);
    const mu = row.reduce((a, v) => a + v, 0) / cols;
    const variance = row.reduce((a, v) => a + (v - mu) ** 2, 0) / cols;
    const rs = 1 / Math.sqrt(variance + 1e-5);
    for (let c = 0; c < cols; c++) out[o + c] = (row[c] - mu) * rs * w[c] + b[c];
  }
  return out;
}

function crossEntropyRef(logits: Float64Array, targets: number[], cols: number): Float64Array {
  let total = 0;
  targets.forEach((t, r) => {
    const row = logits.subarray(r * cols, (r + 1) * cols);
    const m = Math.max(...row);
    total += m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) - row[t];
  });
  return Float64Array.of(total / targets.length);
}

describe('layerNorm', () => {
  it('x, weight and bias gradients vs a float64 reference ([2,3,5] input)', async () => {
    const r = await gradcheck((x, w, b) => F.layerNorm(x, w, b), [{ shape: [2, 3, 5] }, { shape: [5] }, { shape: [5] }], {
      reference: ([x, w, b]) => layerNormRef(x, w, b, 5),
    });
    expect(r.worst).toBeLessThan(1);
    expect(r.analytic.map((g) => g.length)).toEqual([30, 5, 5]);
  });

  it('normalises each row to mean 0, variance 1 (biased, eps 1e-5)', async () => {
    const y = (await F.layerNorm(tensor([[1, 2, 3, 4]]), ones([4]), tensor([0, 0, 0, 0])).toArray()) as number[][];
    expect(y[0][0]).toBeCloseTo(-1.3416355, 5); // (1 - 2.5) / sqrt(1.25 + 1e-5)
    expect(() => F.layerNorm(tensor([[1, 2, 3]]), ones([4]), ones([4]))).toThrow('layerNorm: weight [4] and bias [4] must both be [3] for input [1, 3]');
  });
});

describe('crossEntropy', () => {
  const targets = [2, 0, 3, 3];
  it('value and gradient vs a float64 reference', async () => {
    const r = await gradcheck((x) => F.crossEntropy(x, targets), [{ shape: [4, 5] }], {
      reference: ([x]) => crossEntropyRef(x, targets, 5),
    });
    expect(r.worst).toBeLessThan(1);
  });

  it('uniform logits give ln(C); targets may be a Tensor', async () => {
    expect(await F.crossEntropy(tensor([[0, 0, 0, 0], [1, 1, 1, 1]]), tensor([1, 3])).item()).toBeCloseTo(Math.log(4), 6);
  });

  describe('ignoreIndex (PyTorch ignore_index)', () => {
    const kept = [2, -100, 3, -100];
    // Only rows 0 and 2 count, so the reference is the plain mean over those rows alone.
    const keptRef = (x: Float64Array) => crossEntropyRef(Float64Array.of(...x.subarray(0, 5), ...x.subarray(10, 15)), [2, 3], 5);

    it('a hand-computed case: ignored rows add nothing, the mean is over the rest', async () => {
      // Row 0: logits [0, ln 3] → p(target 1) = 3/4; row 1 ignored (whatever its logits); row 2: uniform over 2 → ln 2.
      const logits = tensor([[0, Math.log(3)], [50, -50], [7, 7]], { requiresGrad: true });
      const loss = F.crossEntropy(logits, [1, -100, 0], { ignoreIndex: -100 });
      expect(await loss.item()).toBeCloseTo((Math.log(4 / 3) + Math.LN2) / 2, 6);
      loss.backward();
      const g = (await logits.grad!.toArray()) as number[][];
      expect(g[0][0]).toBeCloseTo(0.25 / 2, 6);
      expect(g[0][1]).toBeCloseTo(-0.25 / 2, 6);
      expect(g[1]).toEqual([0, 0]);
      expect(g[2][0]).toBeCloseTo(-0.25, 6);
    });

    it('value and gradient vs finite differences', async () => {
      const r = await gradcheck((x) => F.crossEntropy(x, kept, { ignoreIndex: -100 }), [{ shape: [4, 5] }], {
        reference: ([x]) => keptRef(x),
      });
      expect(r.worst).toBeLessThan(1);
    });

    it('an ignore index that is a real class id is honoured too; all ignored is NaN, as in PyTorch', async () => {
      const logits = tensor([[0, 1, 2], [3, 4, 5]]);
      expect(await F.crossEntropy(logits, [0, 1], { ignoreIndex: 1 }).item()).toBeCloseTo(await F.crossEntropy(tensor([[0, 1, 2]]), [0]).item(), 6);
      expect(await F.crossEntropy(logits, [-100, -100], { ignoreIndex: -100 }).item()).toBeNaN();
      expect(() => F.crossEntropy(logits, [0, -100])).toThrow('crossEntropy: target -100 at position 1 is out of range [0, 3)');
      expect(() => F.crossEntropy(logits, [0, 1], { ignoreIndex: 0.5 })).toThrow('crossEntropy: ignoreIndex must be an integer, got 0.5');
    });
  });

  it('bad targets say what is wrong', () => {
    const logits = tensor([[0, 1, 2], [3, 4, 5]]);
    expect(() => F.crossEntropy(logits, [0, 3])).toThrow('crossEntropy: target 3 at position 1 is out of range [0, 3)');
    expect(() => F.crossEntropy(logits, [0, -1])).toThrow('crossEntropy: target -1 at position 1 is out of range [0, 3)');
    expect(() => F.crossEntropy(logits, tensor([0.5, 1]))).toThrow('crossEntropy: target must be integers (class ids), got 0.5 at position 0');
    expect(() => F.crossEntropy(logits, [0])).toThrow('crossEntropy: targets [1] must be [2], one class id per row of logits [2, 3]');
    expect(() => F.crossEntropy(tensor([0, 1]), [0])).toThrow('crossEntropy: logits must be [N, C], got [2]');
  });
});

describe('embedding', () => {
  it('picks rows; repeated ids accumulate their gradients', async () => {
    const w = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    const out = F.embedding(tensor([[2, 0], [2, 2]]), w);
    expect(out.shape).toEqual([2, 2, 2]);
    expect(await out.toArray()).toEqual([[[5, 6], [1, 2]], [[5, 6], [5, 6]]]);
    out.mul(tensor([1, 10])).sum().backward();
    expect(await w.grad!.toArray()).toEqual([[1, 10], [0, 0], [3, 30]]);
  });

  it('weight gradient vs finite differences', async () => {
    const r = await gradcheck((w) => F.embedding([1, 3, 1, 0], w), [{ shape: [4, 3] }]);
    expect(r.worst).toBeLessThan(1);
  });

  it('out-of-range and non-integer ids say so', () => {
    const w = ones([3, 2]);
    expect(() => F.embedding([0, 3], w)).toThrow('embedding: id 3 at position 1 is out of range [0, 3)');
    expect(() => F.embedding(tensor([1.5]), w)).toThrow('embedding: id must be integers (class ids), got 1.5 at position 0');
    expect(() => F.embedding([0], ones([3]))).toThrow('embedding: weight must be [V, D], got [3]');
  });
});

describe('dropout and mseLoss', () => {
  it('dropout zeroes about p of the values and scales the rest; eval mode is the identity', async () => {
    const x = ones([1000]);
    const y = await F.dropout(x, 0.25, true, new Generator(1)).data();
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(200);
    expect(zeros).toBeLessThan(300);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(F.dropout(x, 0.25, false)).toBe(x);
    expect(() => F.dropout(x, 1)).toThrow('dropout: p must be in [0, 1), got 1');
  });

  it('mseLoss value and gradient', async () => {
    expect(await F.mseLoss(tensor([1, 2, 3]), tensor([1, 0, 0])).item()).toBeCloseTo(13 / 3, 6);
    const r = await gradcheck((a, b) => F.mseLoss(a, b), [{ shape: [2, 3] }, { shape: [2, 3] }]);
    expect(r.worst).toBeLessThan(1);
  });

  it('leaves no tensors behind when used inside tidy', async () => {
    const { tidy } = await import('../memory');
    const before = memory().tensors;
    const w = tensor(spread([12]), { requiresGrad: true });
    const loss = tidy(() => {
      const l = F.crossEntropy(w.reshape([3, 4]), [0, 1, 2]);
      l.backward();
      return l;
    });
    expect(memory().tensors).toBe(before + 3); // w, w.grad, loss
    expect(await loss.item()).toBeGreaterThan(0);
    for (const t of [loss, w.grad!, w]) t.dispose();
    expect(memory().tensors).toBe(before);
  });
});
