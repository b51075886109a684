import { describe, expect, test } from 'vitest';
import { uniformStream } from '../../../engine/light';
import { accuracy, initParams, isCorrect, PROBLEMS, rlStep, showcase, type Params } from './verifiableRl';

describe('RL with a correctness reward', () => {
  test('the checker and the starting model', () => {
    expect(isCorrect({ a: 7, b: 5 }, 12)).toBe(true);
    expect(isCorrect({ a: 7, b: 5 }, 11)).toBe(false);
    expect(PROBLEMS).toHaveLength(100);
    expect(accuracy(initParams())).toBeCloseTo(1 / 19, 12);
  });

  test('a group where every attempt gets the same reward teaches nothing', () => {
    // A group of one is its own baseline, so its advantage is always zero.
    const w = initParams();
    const { params } = rlStep(w, { problems: 20, group: 1, lr: 5 }, uniformStream(3));
    expect(Array.from(params)).toEqual(Array.from(w));
  });

  test('a seeded run climbs from guessing to mostly right', () => {
    const rand = uniformStream(1);
    let w: Params = initParams();
    const curve: number[] = [];
    for (let s = 0; s < 300; s++) {
      w = rlStep(w, { problems: 8, group: 8, lr: 2 }, rand).params;
      if (s % 50 === 49) curve.push(accuracy(w));
    }
    expect(curve.at(-1)!).toBeGreaterThan(0.8);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThan(curve[i - 1] - 0.02);
    expect(showcase(w, rand).filter((a) => a.correct).length).toBeGreaterThanOrEqual(3);
  });
});
