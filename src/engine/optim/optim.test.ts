import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { AdamW } from './adamw';
import { SGD } from './sgd';
import { clipGradNorm } from './clip';
import { Generator, noGrad, randn, tensor, zeros, type Tensor } from '../tensor';

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

  it('clipGradNorm gives the per-parameter formula (mul, sum, add; a new gradient per parameter) on random gradients', async () => {
    const shapes = [[64, 33], [33], [7, 5], [1], [4099]];
    for (const scale of [0.01, 1]) { // a global norm under maxNorm, then over it
      const gen = new Generator(scale === 1 ? 5 : 6);
      const params = shapes.map((s) => zeros(s, { requiresGrad: true }));
      params.forEach((p) => (p.grad = randn(p.shape as number[], { generator: gen }).mul(scale)));
      params[3].grad = null; // skipped, as in PyTorch
      const [wantNorm, wantGrads] = noGrad(() => {
        const withGrad = params.filter((p) => p.grad);
        const sumSq = withGrad.map((p) => p.grad!.mul(p.grad!).sum()).reduce((a, b) => a.add(b));
        const total = sumSq.sqrt();
        const coef = tensor(3).div(total.add(1e-6)).minimum(1);
        return [total, withGrad.map((p) => p.grad!.mul(coef))];
      });
      const norm = clipGradNorm(params, 3);
      expect(Math.abs((await norm.item()) - (await wantNorm.item()))).toBeLessThan(1e-6 * (await wantNorm.item()));
      const got = params.filter((p) => p.grad).map((p) => p.grad!);
      for (let k = 0; k < got.length; k++) {
        const [g, w] = [await got[k].data(), await wantGrads[k].data()];
        for (let i = 0; i < w.length; i++) expect(Math.abs(g[i] - w[i])).toBeLessThanOrEqual(1e-6 * Math.abs(w[i]));
      }
    }
  });

  it('AdamW updates every group in one call per step count, as per-parameter float64 updates do', async () => {
    const shapes = [[64, 33], [33], [4099]];
    const gen = new Generator(11);
    const params = shapes.map((s) => randn(s, { generator: gen, requiresGrad: true }));
    const values = await Promise.all(params.map((p) => p.data()));
    const ref = values.map((x) => ({ p: Array.from(x), m: x.map(() => 0), v: x.map(() => 0), step: 0 }));
    const groups = [{ params: params.slice(0, 2) }, { params: params.slice(2), options: { weightDecay: 0, lr: 3e-3 } }];
    const opt = new AdamW(groups, { lr: 1e-2, betas: [0.9, 0.95], weightDecay: 0.1 });
    for (let step = 1; step <= 3; step++) {
      for (let k = 0; k < params.length; k++) {
        params[k].grad?.dispose();
        // parameter 1 has no gradient at step 1, so at steps 2 and 3 its step count lags the others'
        params[k].grad = k === 1 && step === 1 ? null : randn(shapes[k], { generator: gen });
        const g = params[k].grad ? await params[k].grad!.data() : null;
        if (!g) continue;
        const r = ref[k];
        const [lr, wd] = k === 2 ? [3e-3, 0] : [1e-2, 0.1];
        r.step++;
        // the backend's per-parameter loop before the one-call update
        const stepSize = lr / (1 - 0.9 ** r.step), sqrtBc2 = Math.sqrt(1 - 0.95 ** r.step);
        for (let i = 0; i < g.length; i++) {
          r.p[i] = Math.fround(r.p[i] * (1 - lr * wd));
          r.m[i] = Math.fround(0.9 * r.m[i] + 0.1 * g[i]);
          r.v[i] = Math.fround(0.95 * r.v[i] + 0.05 * g[i] * g[i]);
          r.p[i] = Math.fround(r.p[i] - (stepSize * r.m[i]) / (Math.sqrt(r.v[i]) / sqrtBc2 + 1e-8));
        }
      }
      opt.step();
      for (let k = 0; k < params.length; k++) expectClose(await params[k].data(), ref[k].p, `step ${step} param ${k}`);
    }
  });
});
