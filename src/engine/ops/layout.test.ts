import { describe, expect, it } from 'vitest';
import { gradcheck } from '../testing/gradcheck';
import { memory } from '../memory';
import { arange, tensor } from '../tensor';

const grid = () => arange(24).reshape([2, 3, 4]);

describe('layout ops: values', () => {
  it('reshape with -1 shares storage and checks sizes', async () => {
    const a = grid();
    expect(a.reshape([4, -1]).shape).toEqual([4, 6]);
    expect(await a.reshape([-1]).toArray()).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(() => a.reshape([5, -1])).toThrow('reshape: cannot reshape a tensor of shape [2, 3, 4] (24 values) into [5, -1]');
    expect(() => a.reshape([-1, -1])).toThrow('reshape: only one dim can be -1');
  });

  it('transpose, permute and T', async () => {
    expect(await tensor([[1, 2, 3], [4, 5, 6]]).transpose(0, 1).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(await tensor([[1, 2], [3, 4]]).T.toArray()).toEqual([[1, 3], [2, 4]]);
    const p = grid().permute([2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(await p.toArray()).toEqual([[[0, 4, 8], [12, 16, 20]], [[1, 5, 9], [13, 17, 21]], [[2, 6, 10], [14, 18, 22]], [[3, 7, 11], [15, 19, 23]]]);
    expect(grid().transpose(-1, 0).shape).toEqual([4, 3, 2]);
    expect(() => grid().permute([0, 0, 1])).toThrow('permute: [0, 0, 1] is not a permutation of the 3 dims');
  });

  it('narrow, expand, unsqueeze, squeeze', async () => {
    expect(await grid().narrow(-1, 1, 2).toArray()).toEqual([[[1, 2], [5, 6], [9, 10]], [[13, 14], [17, 18], [21, 22]]]);
    expect(() => grid().narrow(1, 2, 2)).toThrow('narrow: [2, 4) is outside dim 1 of size 3 (shape [2, 3, 4])');
    expect(await tensor([[1], [2]]).expand([2, 3]).toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(await tensor([1, 2]).expand([2, -1]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(() => tensor([1, 2]).expand([3])).toThrow('expand: cannot expand shape [2] to [3]');
    const before = memory().buffers;
    const lifted = tensor([[1, 2]]).expand([1, 1, 2]); // new leading 1s only: the same storage, no copy
    expect(memory().buffers).toBe(before + 1);
    expect(await lifted.toArray()).toEqual([[[1, 2]]]);
    expect(tensor([1, 2]).unsqueeze(-1).shape).toEqual([2, 1]);
    expect(grid().reshape([2, 1, 12]).squeeze().shape).toEqual([2, 12]);
    expect(grid().squeeze(0).shape).toEqual([2, 3, 4]);
  });
});

describe('layout ops: gradients', () => {
  const cases: [string, number[], (a: import('../tensor').Tensor) => import('../tensor').Tensor][] = [
    ['reshape', [2, 3, 4], (a) => a.reshape([4, -1])],
    ['transpose(0, -1)', [2, 3, 4], (a) => a.transpose(0, -1)],
    ['permute([1, 2, 0])', [2, 3, 4], (a) => a.permute([1, 2, 0])],
    ['narrow(1, 1, 2)', [2, 3, 4], (a) => a.narrow(1, 1, 2)],
    ['narrow(-1, 0, 3)', [2, 3, 4], (a) => a.narrow(-1, 0, 3)],
    ['expand [3,1] → [2,3,4]', [3, 1], (a) => a.expand([2, 3, 4])],
    ['unsqueeze/squeeze', [3, 4], (a) => a.unsqueeze(1).mul(2).squeeze(1)],
  ];
  for (const [name, shape, f] of cases) {
    it(name, async () => {
      expect((await gradcheck(f, [{ shape }])).worst).toBeLessThan(1);
    });
  }
});
