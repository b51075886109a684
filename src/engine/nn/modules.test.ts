import { describe, it, expect } from 'vitest';
import { Linear } from './linear';
import { LayerNorm } from './layernorm';
import { Embedding } from './embedding';
import { MLP } from './mlp';
import { Dropout } from './dropout';
import { SGD } from '../optim/sgd';
import { F, manualSeed, tensor, tidy } from '../tensor';

describe('nn modules', () => {
  it('Linear stores weight [out, in] and computes x Wᵀ + b', async () => {
    const lin = new Linear(3, 2);
    expect(lin.weight.shape).toEqual([2, 3]);
    expect(lin.bias!.shape).toEqual([2]);
    lin.loadStateDict({ weight: tensor([[1, 2, 3], [0, -1, 0]]), bias: tensor([0.5, 1]) });
    const y = lin.forward(tensor([[1, 1, 1], [2, 0, 1]]));
    expect(await y.toArray()).toEqual([[6.5, 0], [5.5, 1]]);
    expect(Object.keys(lin.stateDict())).toEqual(['weight', 'bias']);
  });

  it('initialises as nanoGPT: weights N(0, 0.02), biases 0, LayerNorm 1 and 0', async () => {
    manualSeed(0);
    const lin = new Linear(200, 100);
    const w = await lin.weight.data();
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
    expect(Array.from(await lin.bias!.data()).every((v) => v === 0)).toBe(true);
    const ln = new LayerNorm(4);
    expect(Array.from(await ln.weight.data())).toEqual([1, 1, 1, 1]);
    expect(Array.from(await ln.bias.data())).toEqual([0, 0, 0, 0]);
    const u = new Linear(16, 4, { init: 'uniform' });
    const uw = await u.weight.data();
    expect(Math.max(...uw.map(Math.abs))).toBeLessThanOrEqual(0.25);
  });

  it('LayerNorm normalises the last dimension', async () => {
    const y = (await new LayerNorm(4).forward(tensor([[1, 2, 3, 4]])).toArray()) as number[][];
    const m = y[0].reduce((s, v) => s + v, 0) / 4;
    const v = y[0].reduce((s, x) => s + (x - m) ** 2, 0) / 4;
    expect(m).toBeCloseTo(0, 6);
    expect(v).toBeCloseTo(1, 4);
  });

  it('Embedding looks rows up', async () => {
    const emb = new Embedding(3, 2);
    emb.loadStateDict({ weight: tensor([[0, 1], [2, 3], [4, 5]]) });
    expect(await emb.forward(tensor([[2, 0]])).toArray()).toEqual([[[4, 5], [0, 1]]]);
  });

  it('Dropout is the identity in eval mode and zeroes about p while training', async () => {
    manualSeed(1);
    const d = new Dropout(0.5);
    const x = tensor(Array.from({ length: 1000 }, () => 1));
    const y = await d.forward(x).data();
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(430);
    expect(zeros).toBeLessThan(570);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 2) < 1e-6)).toBe(true);
    d.eval();
    expect(d.forward(x)).toBe(x);
  });

  it('MLP learns XOR with SGD', async () => {
    manualSeed(2);
    const mlp = new MLP([2, 8, 1], 'tanh');
    expect(Object.keys(mlp.stateDict())).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    expect(mlp.numParameters()).toBe(2 * 8 + 8 + 8 + 1);
    const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = tensor([[0], [1], [1], [0]]);
    const opt = new SGD(mlp.parameters(), { lr: 0.2, momentum: 0.9 });
    let loss = Infinity;
    for (let i = 0; i < 300; i++) {
      const l = tidy(() => {
        const out = F.mseLoss(mlp.forward(x), y);
        opt.zeroGrad();
        out.backward();
        opt.step();
        return out.detach();
      });
      if (i === 299) loss = await l.item();
      l.dispose();
    }
    expect(loss).toBeLessThan(0.01);
    expect(() => new MLP([2])).toThrow(/at least an input and an output/);
  });

  it('train()/eval() reach every sub-module and zeroGrad clears gradients', () => {
    const mlp = new MLP([2, 3, 1]);
    mlp.eval();
    expect(mlp.layers.every((l) => !l.training)).toBe(true);
    mlp.train();
    expect(mlp.layers[1].training).toBe(true);
    const p = mlp.parameters()[0];
    p.grad = tensor([[1, 1], [1, 1], [1, 1]]);
    mlp.zeroGrad();
    expect(p.grad).toBeNull();
  });
});
