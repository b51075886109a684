import { describe, expect, it } from 'vitest';
import { Generator } from '../../../engine/light';
import { gradient, lineCriticalRate, loss, SURFACES } from '../../../lib/lossSurface';
import { contourLevels, isDiverging, lossGrid, start, step } from './gradientDescent';

const line = SURFACES.line;
const wave = SURFACES.wave;

function run(s = line, lr: number, steps: number, batch = s.data.length, w0 = s.start[0], b0 = s.start[1]) {
  const gen = new Generator(1);
  let st = start(s, w0, b0);
  for (let i = 0; i < steps && !st.diverged; i++) st = step(s, st, lr, batch, gen);
  return st;
}

describe('gradient descent on the loss surface', () => {
  it('descends the bowl to its least-squares line with a small rate', () => {
    const st = run(line, 0.1, 200);
    expect(st.diverged).toBe(false);
    expect(st.w).toBeCloseTo(0.8, 0); // the data were made from slope 0.8, intercept 0.5
    expect(st.b).toBeCloseTo(0.5, 0);
    const [gw, gb] = gradient(line, st.w, st.b);
    expect(Math.hypot(gw, gb)).toBeLessThan(1e-4);
    expect(st.loss).toBeLessThan(loss(line, ...line.start) / 10);
  });

  it('detects divergence just above the critical rate 2/λmax', () => {
    const crit = lineCriticalRate(line.data);
    expect(crit).toBeGreaterThan(0.3);
    expect(crit).toBeLessThan(1.2);
    expect(run(line, crit * 0.9, 300).diverged).toBe(false);
    const bad = run(line, crit * 1.3, 300);
    expect(bad.diverged).toBe(true);
    expect(bad.steps).toBeLessThan(300);
  });

  it('mini-batches give noisy but real steps that still get close', () => {
    const full = run(line, 0.05, 1)
    const mini = run(line, 0.05, 1, 2);
    expect(mini.w).not.toBeCloseTo(full.w, 6);
    const long = run(line, 0.05, 400, 4);
    expect(long.loss).toBeLessThan(loss(line, 0.8, 0.5) * 1.2);
  });

  it('the wave has a local minimum away from the true parameters', () => {
    const st = run(wave, 0.1, 400, wave.data.length);
    expect(st.diverged).toBe(false);
    expect(Math.abs(st.w - 1.5)).toBeGreaterThan(1); // stuck in another valley
    const good = run(wave, 0.1, 400, wave.data.length, 1.2, 0);
    expect(good.w).toBeCloseTo(1.5, 0);
    expect(good.loss).toBeLessThan(st.loss);
  });

  it('flags NaN and steady growth, but not one noisy bump', () => {
    expect(isDiverging([1, 0.8, NaN])).toBe(true);
    expect(isDiverging([1, 2, 4, 8, 16, 32, 64])).toBe(true);
    expect(isDiverging([1, 0.5, 0.7, 0.4, 0.3, 0.35, 0.2])).toBe(false);
  });

  it('makes a grid and log-spaced contour levels', () => {
    const g = lossGrid(line, 10, 8);
    expect(g).toHaveLength(80);
    const lv = contourLevels(g, 12);
    expect(lv).toHaveLength(12);
    expect(lv[1] / lv[0]).toBeCloseTo(lv[11] / lv[10], 6);
  });
});
