import { describe, expect, it } from 'vitest';
import { CpuBackend, type CpuStorage } from './cpuBackend';
import { geluGrad } from '../../scalar';
import { broadcastStrides, gatherIndex } from './shape';

const be = new CpuBackend();
const st = (v: number[]) => be.fromArray(Float32Array.from(v));
const arr = (s: CpuStorage) => Array.from(s.data);

describe('CPU backend kernels', () => {
  it('counts live buffers', () => {
    const n = be.liveBuffers();
    const s = be.full(3, 1);
    expect(be.liveBuffers()).toBe(n + 1);
    be.dispose(s);
    expect(be.liveBuffers()).toBe(n);
  });

  it('broadcast index arithmetic', () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(Array.from(gatherIndex([2, 3], [1, 2]))).toEqual([0, 2, 4, 1, 3, 5]);
  });

  it('unary ops, including the copy that pow 1 makes', () => {
    expect(arr(be.unary('relu', st([-1, 2])))).toEqual([0, 2]);
    expect(arr(be.unary('step', st([-1, 0, 2])))).toEqual([0, 0, 1]);
    expect(arr(be.unary('pow', st([3, -2]), 1))).toEqual([3, -2]);
    expect(arr(be.unary('pow', st([3, -2]), 2))).toEqual([9, 4]);
    expect(arr(be.unary('abs', st([-3])))).toEqual([3]);
  });

  it('expand, permute, narrow, unnarrow', () => {
    expect(arr(be.expand(st([1, 2]), [2, 1], [2, 3]))).toEqual([1, 1, 1, 2, 2, 2]);
    expect(arr(be.permute(st([0, 1, 2, 3, 4, 5]), [2, 3], [1, 0]))).toEqual([0, 3, 1, 4, 2, 5]);
    // last dim kept in place: copied a row at a time
    expect(arr(be.permute(st([0, 1, 2, 3, 4, 5, 6, 7]), [2, 2, 2], [1, 0, 2]))).toEqual([0, 1, 4, 5, 2, 3, 6, 7]);
    expect(arr(be.expand(st([1, 2]), [2], [3, 2]))).toEqual([1, 2, 1, 2, 1, 2]);
    expect(arr(be.narrow(st([0, 1, 2, 3, 4, 5]), [2, 3], 1, 1, 2))).toEqual([1, 2, 4, 5]);
    expect(arr(be.unnarrow(st([1, 2, 4, 5]), [2, 2], 1, 1, [2, 3]))).toEqual([0, 1, 2, 0, 4, 5]);
  });

  it('binary ops broadcast on every path (same shape, scalar, general)', () => {
    expect(arr(be.binary('sub', st([5, 6]), [2], st([1, 2]), [2], [2]))).toEqual([4, 4]);
    expect(arr(be.binary('div', st([4, 6]), [2], st([2]), [], [2]))).toEqual([2, 3]);
    expect(arr(be.binary('add', st([1, 2]), [2, 1], st([10, 20, 30]), [3], [2, 3]))).toEqual([11, 21, 31, 12, 22, 32]);
    expect(arr(be.binary('pow', st([2]), [], st([1, 2, 3]), [3], [3]))).toEqual([2, 4, 8]);
    // a repeated row on either side (bias adds), and the non-commuting case through the general path
    expect(arr(be.binary('mul', st([1, 2, 3, 4]), [2, 2], st([10, 100]), [1, 2], [2, 2]))).toEqual([10, 200, 30, 400]);
    expect(arr(be.binary('add', st([10, 100]), [2], st([1, 2, 3, 4]), [2, 2], [2, 2]))).toEqual([11, 102, 13, 104]);
    expect(arr(be.binary('sub', st([10, 100]), [2], st([1, 2, 3, 4]), [2, 2], [2, 2]))).toEqual([9, 98, 7, 96]);
    expect(arr(be.binary('div', st([2, 4, 6, 8]), [2, 2], st([2, 4]), [2], [2, 2]))).toEqual([1, 1, 3, 2]);
  });

  it('reductions: sum, max (NaN wins, as PyTorch) and argmax along a middle dim', () => {
    const x = st([1, 5, 2, 3, 4, 0]); // [1, 3, 2]
    expect(arr(be.reduce('sum', x, [1, 3, 2], 1))).toEqual([7, 8]);
    expect(arr(be.reduce('max', x, [1, 3, 2], 1))).toEqual([4, 5]);
    expect(arr(be.reduce('argmax', x, [1, 3, 2], 1))).toEqual([2, 0]);
    expect(arr(be.reduce('max', st([1, NaN, 3]), [3], 0))).toEqual([NaN]);
  });

  it('matmul wraps the kernel (checked in matmul.test.ts)', () => {
    const out = be.matmul(st([1, 2, 3, 4]), st([5, 6, 7, 8]), { batch: 1, m: 2, k: 2, n: 2, transA: false, transB: false, aBatched: false, bBatched: false });
    expect(arr(out)).toEqual([19, 22, 43, 50]);
  });

  it('softmax, logSoftmax, crossEntropy', () => {
    const p = arr(be.softmax(st([0, Math.log(3), 1, 1]), 2, 2));
    expect(p.map((v) => +v.toFixed(6))).toEqual([0.25, 0.75, 0.5, 0.5]);
    expect(arr(be.logSoftmax(st([0, 0]), 1, 2))[0]).toBeCloseTo(-Math.LN2, 6);
    const { losses, probs } = be.crossEntropy(st([0, 0, 0, 10, 0, 0]), st([2, 0]), 2, 3, -1);
    expect(arr(losses as CpuStorage)[0]).toBeCloseTo(Math.log(3), 6);
    const d = arr(be.crossEntropyBackward(probs, st([2, 0]), st([0.5]), 2, 3, -1));
    expect(d[2]).toBeCloseTo((1 / 3 - 1) / 2, 6);
  });

  it('gather and scatterAdd (repeated ids accumulate)', () => {
    const table = st([1, 2, 3, 4, 5, 6]);
    expect(arr(be.gather(table, st([2, 0, 2]), 3, 2))).toEqual([5, 6, 1, 2, 5, 6]);
    expect(arr(be.scatterAdd(st([1, 1, 2, 2, 3, 3]), st([2, 0, 2]), 3, 2, 3))).toEqual([2, 2, 0, 0, 4, 4]);
  });

  it('adamw: one step from zero state moves each weight by about lr (torch.optim.AdamW)', () => {
    const p = st([1, -1]);
    const m = be.full(2, 0), v = be.full(2, 0);
    be.adamw([p], [st([0.5, -2])], [m], [v], { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step: 1 });
    // p·(1 - lr·wd) - lr·sign(g)
    expect(arr(p)[0]).toBeCloseTo(1 * (1 - 0.001) - 0.1, 5);
    expect(arr(p)[1]).toBeCloseTo(-1 * (1 - 0.001) + 0.1, 5);
  });

  it('adamw over a list of parameters updates each as a call of its own would', () => {
    const args = { lr: 0.1, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, step: 2 };
    const values = [[1, -1, 0.5], [2], [0.25, -3, 4, 5, -6]];
    const grads = [[0.5, -2, 0.1], [-1], [3, 0.2, -0.7, 1e-3, 9]];
    const make = () => values.map((x) => st(x));
    const state = () => values.map((x) => st(x.map((_, i) => 0.01 * (i + 1))));
    const [ps, ms, vs] = [make(), state(), state()];
    be.adamw(ps, grads.map((g) => st(g)), ms, vs, args);
    values.forEach((_, k) => {
      const [p, m, v] = [make()[k], state()[k], state()[k]];
      be.adamw([p], [st(grads[k])], [m], [v], args);
      expect([arr(ps[k]), arr(ms[k]), arr(vs[k])]).toEqual([arr(p), arr(m), arr(v)]);
    });
  });

  it('sumOfSquares over a list of storages, and scaleInPlace', () => {
    const xs = [st([3, -4]), st([1]), st([])];
    expect(arr(be.sumOfSquares(xs))).toEqual([26]);
    expect(arr(be.sumOfSquares([]))).toEqual([0]);
    be.scaleInPlace(xs, st([0.5]));
    expect(xs.map(arr)).toEqual([[1.5, -2], [0.5], []]);
  });

  it('sgd with momentum, as PyTorch', () => {
    const p = st([1]);
    const buf = be.full(1, 0);
    be.sgd(p, st([2]), buf, 0.1, 0.9, 0);
    be.sgd(p, st([2]), buf, 0.1, 0.9, 0);
    expect(arr(p)[0]).toBeCloseTo(1 - 0.2 - 0.1 * (0.9 * 2 + 2), 6);
  });
});

describe('CPU fast paths', () => {
  it('GELU and its gradient match the scalar definitions (Math.tanh) within float32 rounding', async () => {
    const { gelu, geluGrad } = await import('../../scalar');
    const xs = Array.from({ length: 4001 }, (_, i) => -20 + i * 0.01);
    const y = be.unary('gelu', st(xs)) as CpuStorage;
    const dy = be.unary('geluGrad', st(xs)) as CpuStorage;
    xs.forEach((x, i) => {
      const xf = Math.fround(x);
      expect(Math.abs(y.data[i] - gelu(xf))).toBeLessThan(1e-6 * Math.max(1, Math.abs(xf)));
      expect(Math.abs(dy.data[i] - geluGrad(xf))).toBeLessThan(2e-6 * Math.max(1, Math.abs(xf)));
    });
  });

  it('broadcasts along trailing dims (a row statistic) like the general path', () => {
    const x = st([1, 2, 3, 4, 5, 6]);
    const rowSums = st([10, 20]);
    expect(arr(be.binary('sub', x, [2, 3], rowSums, [2, 1], [2, 3]))).toEqual([-9, -8, -7, -16, -15, -14]);
    expect(arr(be.binary('mul', rowSums, [2, 1], x, [2, 3], [2, 3]))).toEqual([10, 20, 30, 80, 100, 120]);
    expect(arr(be.binary('div', x, [2, 3], rowSums, [2, 1], [2, 3]))).toEqual([1, 2, 3, 4, 5, 6].map((v, i) => Math.fround(v / (i < 3 ? 10 : 20))));
    // a [2, 1] on the left of sub does not commute: the general path answers
    expect(arr(be.binary('sub', rowSums, [2, 1], x, [2, 3], [2, 3]))).toEqual([9, 8, 7, 16, 15, 14]);
  });

  it('a pooled array comes back with new contents, never the old ones where zeros are meant', () => {
    const dirty = be.full(12, 7);
    be.dispose(dirty);
    // unnarrow pads with zeros into an array of the same length as the disposed one
    const out = be.unnarrow(st([1, 2, 3, 4]), [2, 2], 1, 1, [2, 6]) as CpuStorage;
    expect(arr(out)).toEqual([0, 1, 2, 0, 0, 0, 0, 3, 4, 0, 0, 0]);
  });
});

describe('fused attention and GELU kernels', () => {
  const scores = Float32Array.from({ length: 2 * 3 * 3 }, (_, i) => Math.sin(i * 1.7) * 4); // 2 blocks of 3 × 3

  it('causal scaled softmax equals softmax of scale·x plus a -∞ mask above the diagonal', () => {
    const masked = scores.map((v, i) => (i % 3 > Math.floor(i / 3) % 3 ? -Infinity : 0.5 * v));
    const fused = arr(be.softmax(be.fromArray(scores), 6, 3, 0.5, true));
    const composed = arr(be.softmax(be.fromArray(masked), 6, 3));
    fused.forEach((v, i) => expect(v).toBeCloseTo(composed[i], 7));
    expect([fused[1], fused[2], fused[5]]).toEqual([0, 0, 0]); // row 0 sees column 0 only, row 1 columns 0-1
    expect(fused[0]).toBe(1);
  });

  it('softmaxBackward is scale · y·(g − Σ g·y) per row', () => {
    const y = arr(be.softmax(be.fromArray(scores), 6, 3));
    const g = Array.from(scores, (v) => Math.cos(v));
    const out = arr(be.softmaxBackward(st(y), st(g), 6, 3, 0.5));
    for (let r = 0; r < 6; r++) {
      const row = [0, 1, 2].map((c) => r * 3 + c);
      const dot = row.reduce((s, i) => s + g[i] * y[i], 0);
      row.forEach((i) => expect(out[i]).toBeCloseTo(0.5 * y[i] * (g[i] - dot), 7));
    }
  });

  it('geluBackward is g · gelu\'(x), the fast loop and the broadcasting path alike', () => {
    const x = [-4, -1, -0.1, 0, 0.3, 2, 5];
    const g = [1, 2, -1, 0.5, 3, -2, 1];
    const same = arr(be.binary('geluBackward', st(g), [7], st(x), [7], [7]));
    same.forEach((v, i) => expect(v).toBeCloseTo(g[i] * geluGrad(x[i]), 5));
    const broadcast = arr(be.binary('geluBackward', st(g), [7, 1], st(x), [7], [7, 7])); // g[r] · gelu'(x[c])
    expect(broadcast[2 * 7 + 5]).toBeCloseTo(g[2] * geluGrad(x[5]), 5);
  });
});
