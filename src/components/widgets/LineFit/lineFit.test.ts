import { describe, expect, it } from 'vitest';
import { DEFAULT_LINE, DEFAULT_POINTS, descend, grad, mse, residuals } from './lineFit';

describe('line fit', () => {
  const pts = [
    { x: 0, y: 1 },
    { x: 1, y: 3 },
  ];

  it('computes the MSE and its gradient by hand', () => {
    const l = { slope: 0, intercept: 0 };
    expect(mse(pts, l)).toBe(5); // (1 + 9) / 2
    expect(grad(pts, l)).toEqual([-3, -4]); // mean 2(ŷ−y)x = (0 − 6)/2 ; mean 2(ŷ−y) = (−2 − 6)/2
    expect(residuals(pts, l)).toEqual([-1, -3]);
  });

  it('one step lowers the MSE and many steps fit the line', () => {
    let l = DEFAULT_LINE;
    const before = mse(DEFAULT_POINTS, l);
    l = descend(DEFAULT_POINTS, l, 0.1);
    expect(mse(DEFAULT_POINTS, l)).toBeLessThan(before);
    let exact = { slope: 0, intercept: 0 };
    for (let i = 0; i < 500; i++) exact = descend(pts, exact, 0.2);
    expect(exact.slope).toBeCloseTo(2, 4);
    expect(exact.intercept).toBeCloseTo(1, 4);
  });
});
