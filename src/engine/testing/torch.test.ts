// Golden values from PyTorch 1.13 (tests/fixtures/engine_golden.py, computed in float64).
import { describe, expect, it } from 'vitest';
import golden from '../../../tests/fixtures/engine_golden.json';
import { F } from '../functional';
import { fromFloat32, type Tensor } from '../tensor';
import { maxAbsDiff } from './gradcheck';

const ops: Record<string, (xs: Tensor[], extra: { targets?: number[] }) => Tensor> = {
  gelu: ([x]) => x.mul(2).gelu(),
  'softmax(1)': ([x]) => x.softmax(1),
  'logSoftmax(-1)': ([x]) => x.logSoftmax(-1),
  layerNorm: ([x, w, b]) => F.layerNorm(x, w, b),
  crossEntropy: ([x], { targets }) => F.crossEntropy(x, targets!),
  'matmul [2,1,3,4]@[5,4,2]': ([a, b]) => a.matmul(b),
  'matmul [3]@[2,3,4]': ([a, b]) => a.matmul(b),
};

describe(`engine vs PyTorch ${golden.torch} golden values`, () => {
  it('covers every case in the fixture', () => {
    expect(golden.cases.map((c) => c.name).sort()).toEqual(Object.keys(ops).sort());
  });
  for (const c of golden.cases) {
    it(`${c.name}: output and gradients within 2e-5`, async () => {
      const xs = c.inputs.map((v, i) => fromFloat32(Float32Array.from(v), c.shapes[i], { requiresGrad: true }));
      const out = ops[c.name](xs, c as { targets?: number[] });
      expect(out.shape).toEqual(c.outShape);
      expect(maxAbsDiff(await out.data(), c.out)).toBeLessThan(2e-5);
      out.mul(fromFloat32(Float32Array.from(c.weights), out.shape)).sum().backward();
      for (let i = 0; i < xs.length; i++) expect(maxAbsDiff(await xs[i].grad!.data(), c.grads[i])).toBeLessThan(2e-5);
    });
  }
});
