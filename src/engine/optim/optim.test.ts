import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { AdamW } from './adamw';
import { SGD } from './sgd';
import { clipGradNorm } from './clip';
import { tensor, type Tensor } from '../tensor';

// Golden values from PyTorch 1.13: tests/fixtures/adamw_golden.py.
interface Case {
  name: string;
  optimizer: 'adamw' | 'sgd';
  options: Record<string, unknown>;
  clip?: number;
  norms?: number[];
  history: number[][][];
}
const golden = JSON.parse(readFileSync(new URL('../../../tests/fixtures/adamw_golden.json', import.meta.url), 'utf8')) as {
  shapes: number[][];
  steps: number;
  cases: Case[];
};

// The same closed-form parameters and gradients as the Python script.
const values = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(0.7 * i + k) * (1 + 0.1 * k));
const grads = (n: number, k: number, step: number) => Array.from({ length: n }, (_, i) => Math.cos(1.3 * i - 0.5 * step + k) * (0.5 + 0.05 * step));
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
const shaped = (flat: number[], shape: number[]) => (shape.length === 1 ? flat : Array.from({ length: shape[0] }, (_, r) => flat.slice(r * shape[1], (r + 1) * shape[1])));

function expectClose(got: Float32Array, want: number[], what: string) {
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (err > 1e-6 * Math.max(Math.abs(want[i]), 1e-2)) throw new Error(`${what}[${i}]: ${got[i]} vs PyTorch ${want[i]}`);
  }
}

describe('optimizers match PyTorch', () => {
  for (const c of golden.cases) {
    it(c.name, async () => {
      const params: Tensor[] = golden.shapes.map((s, k) => tensor(shaped(values(size(s), k), s), { requiresGrad: true }));
      const o = c.options as { lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; momentum?: number };
      const opt = c.optimizer === 'adamw'
        ? new AdamW(params, { lr: o.lr, betas: o.betas, eps: o.eps, weightDecay: o.weight_decay })
        : new SGD(params, { lr: o.lr!, momentum: o.momentum, weightDecay: o.weight_decay });
      for (let step = 1; step <= golden.steps; step++) {
        params.forEach((p, k) => {
          p.grad?.dispose();
          p.grad = tensor(shaped(grads(p.size, k, step), p.shape as number[]));
        });
        if (c.clip) {
          const norm = clipGradNorm(params, c.clip);
          expect(Math.abs((await norm.item()) - c.norms![step - 1])).toBeLessThan(1e-5 * c.norms![step - 1]);
          norm.dispose();
        }
        opt.step();
        for (let k = 0; k < params.length; k++) expectClose(await params[k].data(), c.history[step - 1][k], `${c.name} step ${step} param ${k}`);
      }
    });
  }
});

describe('optimizer state', () => {
  it('AdamW continues identically after stateDict → loadStateDict', async () => {
    const make = () => tensor([[1, -2], [3, 0.5]], { requiresGrad: true });
    const g = [[0.3, -0.1], [0.2, 0.4]];
    const a = make();
    const optA = new AdamW([a], { lr: 0.1 });
    a.grad = tensor(g);
    optA.step();
    const b = make();
    b.assign(a);
    const optB = new AdamW([b], { lr: 0.5 });
    optB.loadStateDict(optA.stateDict());
    expect(optB.lr).toBe(0.1);
    a.grad = tensor(g);
    b.grad = tensor(g);
    optA.step();
    optB.step();
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
  });

  it('skips parameters without gradients and checks settings', async () => {
    const p = tensor([1, 2], { requiresGrad: true });
    new AdamW([p]).step();
    expect(Array.from(await p.data())).toEqual([1, 2]);
    expect(() => new AdamW([p], { lr: NaN })).toThrow(/lr/);
    expect(() => new SGD([p], { lr: 0.1, momentum: 1 })).toThrow(/momentum/);
    expect(() => new AdamW([tensor([1])])).toThrow(/does not require gradients/);
  });

  it('clipGradNorm leaves small gradients alone', async () => {
    const p = tensor([1, 1], { requiresGrad: true });
    p.grad = tensor([0.3, 0.4]);
    const norm = clipGradNorm([p], 1);
    expect(await norm.item()).toBeCloseTo(0.5, 6);
    expect(Array.from(await p.grad.data())).toEqual([Math.fround(0.3), Math.fround(0.4)]);
    p.grad = tensor([3, 4]);
    clipGradNorm([p], 1);
    const g = await p.grad.data();
    expect(g[0]).toBeCloseTo(0.6, 5);
    expect(g[1]).toBeCloseTo(0.8, 5);
  });
});
