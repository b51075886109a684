import { describe, expect, it } from 'vitest';
import { keep, memory, tidy } from './memory';
import { noGrad } from './autograd';
import { F } from './functional';
import { Generator } from './random';
import { randn, tensor, type Tensor } from './tensor';

describe('tidy', () => {
  it('frees everything made inside except the result', () => {
    const before = memory();
    const x = tensor([1, 2, 3]);
    const y = tidy(() => x.mul(2).add(1).exp().sum());
    expect(memory().tensors).toBe(before.tensors + 2); // x and y
    expect(y.isDisposed).toBe(false);
    x.dispose();
    y.dispose();
    expect(memory()).toEqual(before);
  });

  it('keeps arrays and objects of results, and keep()ed tensors', () => {
    const before = memory().tensors;
    let kept!: Tensor;
    const out = tidy(() => {
      const a = tensor([1]);
      kept = keep(a.add(1));
      a.add(2); // freed
      return { list: [a.mul(3)], b: a.mul(4) };
    });
    expect(memory().tensors).toBe(before + 3);
    for (const t of [out.list[0], out.b, kept]) t.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('nested tidy: the inner result survives into the outer scope, which then frees it', () => {
    const before = memory().tensors;
    let inner!: Tensor;
    const outer = tidy(() => {
      inner = tidy(() => tensor([1]).add(1));
      expect(inner.isDisposed).toBe(false);
      return inner.mul(2);
    });
    expect(inner.isDisposed).toBe(true);
    expect(memory().tensors).toBe(before + 1);
    outer.dispose();
  });

  it('frees everything when fn throws or is async', () => {
    const before = memory().tensors;
    expect(() => tidy(() => { tensor([1]); throw new Error('boom'); })).toThrow('boom');
    expect(() => tidy((async () => tensor([1])) as never)).toThrow('tidy: fn must be synchronous');
    expect(memory().tensors).toBe(before);
  });
});

describe('a training loop keeps memory flat', () => {
  it('100 steps of a tiny MLP (forward, backward, SGD via assign under noGrad)', async () => {
    const g = new Generator(0);
    const w1 = randn([4, 8], { generator: g, requiresGrad: true });
    const b1 = tensor(new Array(8).fill(0), { requiresGrad: true });
    const w2 = randn([8, 3], { generator: g, requiresGrad: true });
    const params = [w1, b1, w2];
    const x = randn([16, 4], { generator: g });
    const y = Array.from({ length: 16 }, (_, i) => i % 3);
    const counts: number[] = [];
    const losses: number[] = [];
    for (let step = 0; step < 100; step++) {
      const loss = tidy(() => {
        const l = F.crossEntropy(x.matmul(w1).add(b1).gelu().matmul(w2), y);
        l.backward();
        noGrad(() => { for (const p of params) p.assign(p.sub(p.grad!.mul(0.1))); });
        for (const p of params) p.zeroGrad();
        return l;
      });
      losses.push(await loss.item());
      loss.dispose();
      counts.push(memory().tensors);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(counts[99]).toBe(counts[0]);
    expect(losses[99]).toBeLessThan(losses[0] * 0.7); // it learned something
  });
});
