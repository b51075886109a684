import { describe, expect, it } from 'vitest';
import { isGradEnabled, noGrad } from './autograd';
import { memory, tidy } from './memory';
import { tensor } from './tensor';

describe('autograd', () => {
  it('a small graph: d/dx and d/dy of (x·y + x)²', async () => {
    const x = tensor(3, { requiresGrad: true });
    const y = tensor(-2, { requiresGrad: true });
    const z = x.mul(y).add(x).pow(2); // (xy + x)² = 9
    z.backward();
    expect(await z.item()).toBe(9);
    expect(await x.grad!.item()).toBe(2 * -3 * (-2 + 1)); // 2(xy+x)(y+1) = 6
    expect(await y.grad!.item()).toBe(2 * -3 * 3); // 2(xy+x)x = -18
  });

  it('gradients accumulate across two backward calls until zeroGrad', async () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.mul(3).sum().backward();
    w.mul(w).sum().backward();
    expect(await w.grad!.toArray()).toEqual([3 + 2, 3 + 4]);
    w.zeroGrad();
    expect(w.grad).toBeNull();
  });

  it('a tensor used along two paths sums both gradients', async () => {
    const x = tensor([2], { requiresGrad: true });
    const h = x.exp();
    h.mul(h).add(h).sum().backward(); // e^{2x} + e^x → 2e^{2x} + e^x
    expect(await x.grad!.item()).toBeCloseTo(2 * Math.exp(4) + Math.exp(2), 3);
  });

  it('noGrad records nothing and restores the mode, even after a throw', () => {
    const w = tensor([1], { requiresGrad: true });
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return w.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(y.gradNode).toBeNull();
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('detach cuts the graph', async () => {
    const x = tensor([2], { requiresGrad: true });
    const y = x.mul(x);
    const loss = y.detach().mul(x).sum(); // only the outer x gets a gradient: y = 4
    expect(y.detach().requiresGrad).toBe(false);
    loss.backward();
    expect(await x.grad!.item()).toBe(4);
  });

  it('inputs without requiresGrad get no .grad', async () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4]);
    a.mul(b).sum().backward();
    expect(b.grad).toBeNull();
    expect(await a.grad!.toArray()).toEqual([3, 4]);
  });

  it('backward on a non-scalar or on a constant throws a clear message', () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('backward: can only start from a scalar, got shape [1, 2]; reduce it first, e.g. .sum() or .mean()');
    expect(() => tensor([1]).sum().backward()).toThrow('backward: this tensor does not require grad');
  });

  it('backward from a non-scalar with an explicit gradient', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).backward(tensor([1, 0, -1]));
    expect(await x.grad!.toArray()).toEqual([2, 0, -6]);
  });

  it('a deep chain (10 000 ops) does not overflow the stack', async () => {
    const x = tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 10000; i++) y = y.mul(1);
    y.sum().backward();
    expect(await x.grad!.item()).toBe(1);
  });

  it('retainGrad keeps an intermediate result\'s gradient; other intermediates keep none', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2).retainGrad(); // [2, 4, 6]
    const z = y.add(1);
    z.pow(2).sum().backward(); // d/dy = 2(y + 1), d/dx = 2 · d/dy
    expect(await y.grad!.toArray()).toEqual([6, 10, 14]);
    expect(await x.grad!.toArray()).toEqual([12, 20, 28]);
    expect(z.grad).toBeNull();
    expect(() => tensor([1]).retainGrad()).toThrow(/does not require grad/);
  });

  it('clone copies into its own storage and passes the gradient through', async () => {
    const x = tensor([1, -2], { requiresGrad: true });
    const c = x.clone();
    expect(c.storage).not.toBe(x.storage);
    expect(await c.toArray()).toEqual([1, -2]);
    c.mul(tensor([3, 4])).sum().backward();
    expect(await x.grad!.toArray()).toEqual([3, 4]);
  });

  it('a gradient passed straight through (add) is taken as is by its first input and copied for the others', async () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor([3, 4], { requiresGrad: true });
    const seed = tensor([10, 20]);
    x.add(y).add(x).backward(seed); // x + y + x: x gets the seed twice, y once
    expect(await x.grad!.toArray()).toEqual([20, 40]);
    expect(await y.grad!.toArray()).toEqual([10, 20]);
    expect(x.grad!.storage).not.toBe(y.grad!.storage);
    expect(await seed.toArray()).toEqual([10, 20]); // the caller's seed is copied, never taken or freed
    const before = memory().tensors;
    const z = tensor([5], { requiresGrad: true });
    tidy(() => z.add(z).add(z.mul(2)).sum().backward());
    expect(await z.grad!.item()).toBe(4);
    expect(memory().tensors).toBe(before + 2); // z and its grad: nothing passed through leaks
  });
});
