import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Generator } from '../../../engine/light';
import { gradient, lineCriticalRate, loss, SURFACES } from '../../../lib/lossSurface';
import {
  CLIP_NORM, RUN_STEP_LIMIT, clipGradient, contourLevels, isDiverging, lossGrid, rateAt, runStopReason,
  sliderRates, start, step,
} from './gradientDescent';

const line = SURFACES.line;
const chapter = readFileSync(new URL('../../../content/chapters/02-learning.mdx', import.meta.url), 'utf8');
/** The rate chapter 2 suggests for watching this widget diverge. */
const TOO_LARGE_RATE = Number(/too large\*\* \(try ([\d.]+)\)/.exec(chapter)?.[1]);
const wave = SURFACES.wave;

function run(s = line, lr: number, steps: number, batch = s.data.length, w0 = s.start[0], b0 = s.start[1], clip: number | null = null) {
  const gen = new Generator(1);
  let st = start(s, w0, b0);
  for (let i = 0; i < steps && !st.diverged; i++) st = step(s, st, lr, batch, gen, clip);
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

  it('the rate the chapter suggests for divergence is on the slider and above 2/λmax; 1.2 is not on it', () => {
    expect(TOO_LARGE_RATE).toBe(1);
    const rates = sliderRates();
    expect(rates[0]).toBe(0.001);
    expect(rates).toContain(0.01); // the chapter's "small rate"
    expect(rates).toContain(TOO_LARGE_RATE);
    expect(rates).not.toContain(1.2); // its neighbours are 1.1 and 1.3
    expect(rates).toEqual(expect.arrayContaining([1.1, 1.3]));
    expect(rateAt(0)).toBe(1);
    const crit = lineCriticalRate(line.data);
    expect(crit).toBeCloseTo(0.753, 3); // the limit chapter 2 states
    expect(TOO_LARGE_RATE).toBeGreaterThan(crit);
    // From the widget's start, Step at this rate reports divergence well within the 40 presses the browser test allows.
    const bad = run(line, TOO_LARGE_RATE, 40);
    expect(bad.diverged).toBe(true);
    expect(bad.steps).toBeLessThan(30);
  });

  it('clipping scales a long gradient to length 1 and leaves a short one alone', () => {
    const [a, b] = clipGradient([3, -4], CLIP_NORM);
    expect(a).toBeCloseTo(0.6, 12);
    expect(b).toBeCloseTo(-0.8, 12);
    expect(clipGradient([0.3, 0.4], CLIP_NORM)).toEqual([0.3, 0.4]);
    expect(clipGradient([3, -4], null)).toEqual([3, -4]);
    expect(chapter).toContain(`clip at a length of ${CLIP_NORM.toFixed(1)}.`);
  });

  it('clipping changes the path from the steep start: each step is at most lr long', () => {
    const plain = run(line, 0.3, 3);
    const clipped = run(line, 0.3, 3, line.data.length, line.start[0], line.start[1], CLIP_NORM);
    expect(Math.hypot(...gradient(line, ...line.start))).toBeGreaterThan(1); // the start is steep enough to clip
    for (let i = 1; i < clipped.path.length; i++) {
      const [w0, b0] = clipped.path[i - 1];
      const [w1, b1] = clipped.path[i];
      expect(Math.hypot(w1 - w0, b1 - b0)).toBeLessThanOrEqual(0.3 + 1e-12);
    }
    expect(Math.hypot(plain.path[1][0] - plain.path[0][0], plain.path[1][1] - plain.path[0][1])).toBeGreaterThan(0.3);
    expect(clipped.w).not.toBeCloseTo(plain.w, 2);
    // Near the bottom the gradient is short, so a clipped run still converges to the same line.
    const long = run(line, 0.1, 300, line.data.length, line.start[0], line.start[1], CLIP_NORM);
    const ref = run(line, 0.1, 300);
    expect(long.w).toBeCloseTo(ref.w, 4);
    expect(long.b).toBeCloseTo(ref.b, 4);
  });

  it('a Run stops by itself with a reason: converged, step limit, or diverged', () => {
    let st = start(line, ...line.start);
    const gen = new Generator(1);
    let reason: string | null = null;
    while (!reason) {
      st = step(line, st, 0.1, line.data.length, gen);
      reason = runStopReason(st, Math.hypot(...gradient(line, st.w, st.b)), st.steps);
    }
    expect(reason).toBe('converged');
    expect(st.steps).toBeGreaterThan(20);
    expect(st.steps).toBeLessThan(200);
    expect(runStopReason(start(line, ...line.start), 5, RUN_STEP_LIMIT)).toBe('limit');
    expect(runStopReason(run(line, TOO_LARGE_RATE, 40), 5, 3)).toBe('diverged');
  });
});
