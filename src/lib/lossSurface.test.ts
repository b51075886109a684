import { describe, expect, it } from 'vitest';
import { gradient, lineCriticalRate, loss, SURFACES } from './lossSurface';

const wave = SURFACES.wave;

describe('loss surfaces', () => {
  it('matches a finite-difference gradient', () => {
    const [gw, gb] = gradient(wave, 2.1, 0.4);
    const h = 1e-6;
    expect(gw).toBeCloseTo((loss(wave, 2.1 + h, 0.4) - loss(wave, 2.1 - h, 0.4)) / (2 * h), 5);
    expect(gb).toBeCloseTo((loss(wave, 2.1, 0.4 + h) - loss(wave, 2.1, 0.4 - h)) / (2 * h), 5);
  });

  it('the line bowl has the critical rate 2/λmax of its Hessian, between 0.3 and 1.2', () => {
    const { data } = SURFACES.line;
    const crit = lineCriticalRate(data);
    // λmax from the 2×2 Hessian 2·[[mean x², mean x], [mean x, 1]] by power iteration.
    const n = data.length;
    const sxx = data.reduce((s, p) => s + p.x * p.x, 0) / n;
    const sx = data.reduce((s, p) => s + p.x, 0) / n;
    let v = [1, 1];
    let lambda = 0;
    for (let i = 0; i < 200; i++) {
      const hv = [2 * (sxx * v[0] + sx * v[1]), 2 * (sx * v[0] + v[1])];
      lambda = Math.hypot(...hv) / Math.hypot(...v);
      v = hv.map((x) => x / Math.hypot(...hv));
    }
    expect(crit).toBeCloseTo(2 / lambda, 6);
    expect(crit).toBeGreaterThan(0.3);
    expect(crit).toBeLessThan(1.2);
  });
});
