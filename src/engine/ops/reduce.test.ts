import { describe, expect, it } from 'vitest';
import { gradcheck } from '../testing/gradcheck';
import { tensor } from '../tensor';

describe('sum and mean: PyTorch dims and keepdim', () => {
  const x = () => tensor([[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], [[13, 14, 15, 16], [17, 18, 19, 20], [21, 22, 23, 24]]]);

  it('values and shapes', async () => {
    expect(await x().sum().item()).toBe(300);
    expect(x().sum().shape).toEqual([]);
    expect(await x().sum(0).toArray()).toEqual([[14, 16, 18, 20], [22, 24, 26, 28], [30, 32, 34, 36]]);
    expect(await x().sum(-1).toArray()).toEqual([[10, 26, 42], [58, 74, 90]]);
    expect(x().sum(1, true).shape).toEqual([2, 1, 4]);
    expect(await x().sum([0, 2]).toArray()).toEqual([68, 100, 132]);
    expect(x().sum([-1, 0], true).shape).toEqual([1, 3, 1]);
    expect(await x().mean(-2).toArray()).toEqual([[5, 6, 7, 8], [17, 18, 19, 20]]);
    expect(await x().mean().item()).toBe(12.5);
  });

  it('gradients over every dim combination', async () => {
    for (const [dim, keep] of [[undefined, false], [0, false], [-1, true], [[0, 2], false], [[-2], true]] as const) {
      const dims = dim as number | number[] | undefined;
      expect((await gradcheck((a) => a.sum(dims, keep), [{ shape: [2, 3, 4] }])).worst).toBeLessThan(1);
      expect((await gradcheck((a) => a.mean(dims, keep), [{ shape: [2, 3, 4] }])).worst).toBeLessThan(1);
    }
  });

  it('a 0-d tensor accepts dim 0 and -1, as PyTorch', async () => {
    const s = tensor(3, { requiresGrad: true });
    expect(await s.sum(0).item()).toBe(3);
    expect(await s.mean(-1, true).item()).toBe(3);
    expect(await s.max(0).item()).toBe(3);
    expect(await s.argmax(0).item()).toBe(0);
    expect(await s.softmax(-1).item()).toBe(1);
    s.sum(0).mul(2).backward();
    expect(await s.grad!.item()).toBe(2);
    expect(() => s.sum(1)).toThrow('sum: dim 1 is out of range for a tensor with 0 dims');
  });

  it('bad dims name the op', () => {
    expect(() => x().sum(3)).toThrow('sum: dim 3 is out of range for a tensor with 3 dims');
    expect(() => x().mean([1, -2])).toThrow('mean: dim [1,-2] repeats a dim');
  });
});

describe('max and argmax', () => {
  it('values, indices and keepdim', async () => {
    const a = tensor([[1, 7, 3], [9, 2, 9]]);
    expect(await a.max().item()).toBe(9);
    expect(await a.max(1).toArray()).toEqual([7, 9]);
    expect(a.max(0, true).shape).toEqual([1, 3]);
    expect(await a.argmax(1).toArray()).toEqual([1, 0]); // first of tied maxima, as PyTorch
    expect(await a.argmax().item()).toBe(3);
    expect(await a.argmax(-2, true).toArray()).toEqual([[1, 0, 1]]);
  });

  it('gradient goes to the maximum; ties share it', async () => {
    const a = tensor([[1, 7, 3], [9, 2, 9]], { requiresGrad: true });
    a.max(1).sum().backward();
    expect(await a.grad!.toArray()).toEqual([[0, 1, 0], [0.5, 0, 0.5]]);
    const b = tensor([[1, 7, 3], [9, 2, 9]], { requiresGrad: true });
    b.max().backward();
    expect(await b.grad!.toArray()).toEqual([[0, 0, 0], [0.5, 0, 0.5]]);
  });

  it('gradients on distinct random values', async () => {
    expect((await gradcheck((a) => a.max(-1), [{ shape: [3, 5] }], { eps: 1e-3 })).worst).toBeLessThan(1);
    expect((await gradcheck((a) => a.max(0, true), [{ shape: [4, 3] }], { eps: 1e-3 })).worst).toBeLessThan(1);
  });
});
