import { describe, expect, it } from 'vitest';
import { record } from '../autograd';
import { Tensor } from '../tensor';
import { gradcheck, spread } from './gradcheck';

/** x² with a deliberately wrong backward (3x instead of 2x). */
const badSquare = (x: Tensor) => {
  const out = new Tensor(x.backend.binary('mul', x.storage, x.shape, x.storage, x.shape, x.shape), x.shape, x.backend);
  return record(out, [x], (g) => [g.mul(x).mul(3)]);
};

describe('gradcheck itself', () => {
  it('catches a wrong gradient on both routes', async () => {
    expect((await gradcheck(badSquare, [{ shape: [5] }])).worst).toBeGreaterThan(10);
    expect((await gradcheck(badSquare, [{ shape: [5] }], { reference: ([x]) => x.map((v) => v * v) })).worst).toBeGreaterThan(10);
  });

  it('catches a wrong forward against the reference', async () => {
    await expect(gradcheck((x) => x.mul(x), [{ shape: [2] }], { reference: ([x]) => x.map((v) => v * v + 1) })).rejects.toThrow(/forward value 0 is .*, the float64 reference says/);
  });

  it('numeric derivatives of x³ are accurate to 1e-8 with the reference, 1e-3 on float32', async () => {
    const values = spread([6], -1, 1);
    const exact = Array.from(values, (v) => 3 * v * v);
    const ref = await gradcheck((x) => x.pow(3), [{ shape: [6], values }], { reference: ([x]) => x.map((v) => v ** 3) });
    const f32 = await gradcheck((x) => x.pow(3), [{ shape: [6], values }]);
    // The check multiplies by random weights; divide them back out via the analytic side.
    const ratio = (r: typeof ref, i: number) => r.numeric[0][i] / r.analytic[0][i];
    for (let i = 0; i < 6; i++) {
      expect(Math.abs(ratio(ref, i) - 1)).toBeLessThan(1e-6 / Math.max(exact[i], 1e-2));
      expect(Math.abs(ratio(f32, i) - 1)).toBeLessThan(1e-2 / Math.max(exact[i], 1e-2));
    }
  });
});
