import { describe, expect, it } from 'vitest';
import { gradcheck, spread } from '../testing/gradcheck';
import { tensor } from '../tensor';
import type { Tensor } from '../tensor';

const check = async (f: (...xs: Tensor[]) => Tensor, shapes: number[][], opts = {}) =>
  (await gradcheck(f, shapes.map((shape) => ({ shape })), opts)).worst;

describe('binary ops: gradients with broadcasting', () => {
  const cases: [string, number[], number[]][] = [
    ['[3,1] + [1,4]', [3, 1], [1, 4]],
    ['[2,3,4] * [4]', [2, 3, 4], [4]],
    ['[2,3] with a scalar tensor', [2, 3], []],
    ['same shape', [2, 5], [2, 5]],
  ];
  for (const [name, sa, sb] of cases) {
    it(`add/sub/mul ${name}`, async () => {
      expect(await check((a, b) => a.add(b), [sa, sb])).toBeLessThan(1);
      expect(await check((a, b) => a.sub(b), [sa, sb])).toBeLessThan(1);
      expect(await check((a, b) => a.mul(b), [sa, sb])).toBeLessThan(1);
    });
    it(`div ${name} (divisor kept away from 0)`, async () => {
      const b = Float32Array.from(spread(sb, 0.5, 2));
      const r = await gradcheck((x, y) => x.div(y), [{ shape: sa }, { shape: sb, values: b }]);
      expect(r.worst).toBeLessThan(1);
    });
  }

  it('number operands: d/da of ((a + 2) * 3 / 4).sum() is 0.75', async () => {
    const a = tensor([1, -2, 3], { requiresGrad: true });
    a.add(2).mul(3).div(4).sum().backward();
    expect(Array.from(await a.grad!.data())).toEqual([0.75, 0.75, 0.75]);
  });

  it('x + x and x * x give each use its gradient', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.add(x).sum().backward();
    expect(Array.from(await x.grad!.data())).toEqual([2, 2, 2]);
    const y = tensor([1, 2, 3], { requiresGrad: true });
    y.mul(y).sum().backward();
    expect(Array.from(await y.grad!.data())).toEqual([2, 4, 6]);
  });

  it('maximum/minimum split tied gradients equally', async () => {
    const a = tensor([1, 5, 3], { requiresGrad: true });
    const b = tensor([2, 4, 3], { requiresGrad: true });
    a.maximum(b).sum().backward();
    expect(Array.from(await a.grad!.data())).toEqual([0, 1, 0.5]);
    expect(Array.from(await b.grad!.data())).toEqual([1, 0, 0.5]);
    const c = tensor([1, 5, 3], { requiresGrad: true });
    c.minimum(3).sum().backward();
    expect(Array.from(await c.grad!.data())).toEqual([1, 0, 0.5]);
  });

  it('comparisons give 1/0 with broadcasting', async () => {
    const a = tensor([[1, 2], [3, 4]]);
    expect(await a.gt(2).toArray()).toEqual([[0, 0], [1, 1]]);
    expect(await a.lt(tensor([2, 4])).toArray()).toEqual([[1, 1], [0, 0]]);
    expect(await a.eq(tensor([[3], [4]])).toArray()).toEqual([[0, 0], [0, 1]]);
  });

  it('a shape mismatch names the op and both shapes', () => {
    expect(() => tensor([[1, 2, 3]]).add(tensor([1, 2]))).toThrow('add: shapes [1, 3] and [2] cannot be broadcast together');
    expect(() => tensor([1, 2, 3]).mul(tensor([[1, 2], [3, 4]]))).toThrow(/^mul: shapes \[3\] and \[2, 2\]/);
    expect(() => tensor([1]).add('x' as never)).toThrow('add: the other operand must be a Tensor or a number, got string');
  });
});

describe('unary ops: gradients vs float64 references', () => {
  const unaries: [string, (x: Tensor) => Tensor, (x: number) => number, number, number][] = [
    ['neg', (x) => x.neg(), (x) => -x, -2, 2],
    ['exp', (x) => x.exp(), Math.exp, -2, 2],
    ['log', (x) => x.log(), Math.log, 0.3, 3],
    ['sqrt', (x) => x.sqrt(), Math.sqrt, 0.3, 3],
    ['abs', (x) => x.abs(), Math.abs, -2, 2],
    ['pow 3', (x) => x.pow(3), (x) => x ** 3, -2, 2],
    ['pow 0.5', (x) => x.pow(0.5), (x) => x ** 0.5, 0.3, 3],
    ['pow -2', (x) => x.pow(-2), (x) => x ** -2, 0.5, 3],
  ];
  for (const [name, f, ref, lo, hi] of unaries) {
    it(name, async () => {
      const shape = [3, 4];
      const r = await gradcheck(f, [{ shape, values: spread(shape, lo, hi) }], {
        reference: ([x]) => x.map(ref),
      });
      expect(r.worst).toBeLessThan(1);
    });
  }

  it('abs has gradient 0 at 0 (as PyTorch), ±1 elsewhere', async () => {
    const x = tensor([-2, 0, 3], { requiresGrad: true });
    x.abs().sum().backward();
    expect(Array.from(await x.grad!.data())).toEqual([-1, 0, 1]);
  });

  it('pow gives exact values', async () => {
    expect(Array.from(await tensor([2, 3]).pow(2).data())).toEqual([4, 9]);
    expect(() => tensor([2]).pow(tensor([2]) as never)).toThrow('pow: the exponent must be a number, got object');
  });
});
