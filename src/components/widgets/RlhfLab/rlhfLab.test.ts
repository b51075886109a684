import { describe, expect, test } from 'vitest';
import { uniformStream } from '../../../engine/light';
import { readFileSync } from 'node:fs';
import { rl } from '../../../engine';
import {
  autoLabel,
  evaluate,
  features,
  labelerScore,
  logProbOf,
  pretrain,
  rewardScore,
  rlStep,
  sampleWord,
  sequenceKl,
  trainRewardModel,
  WORD_LENGTH,
  type Pair,
  type Policy,
} from './rlhfLab';

// The names list `npm run prepare-data` writes (as the page fetches it).
const words = readFileSync('public/data/names.txt', 'utf8').split('\n').filter((w) => w.length === WORD_LENGTH);
const reference = pretrain(words);

function labelledPairs(n: number, rand: () => number): Pair[] {
  const pairs: Pair[] = [];
  while (pairs.length < n) {
    const p = autoLabel(sampleWord(reference, rand).word, sampleWord(reference, rand).word);
    if (p) pairs.push(p);
  }
  return pairs;
}

describe('the toy', () => {
  test('labeler rule by hand', () => {
    expect(labelerScore('aurora')).toBe(4 - 2 * 2); // a, u, o, a; r and a repeat
    expect(labelerScore('banana')).toBe(3 - 2 * 3);
    expect(labelerScore('adrien')).toBe(3);
    expect(labelerScore('pppppp')).toBe(-10);
  });

  test('features count letters and ignore order', () => {
    const x = features('banana');
    expect(x[0]).toBe(3);
    expect(x[1]).toBe(1);
    expect(x[13]).toBe(2);
    expect(Array.from(features('ananab'))).toEqual(Array.from(x));
  });

  test('pre-training gives normalised rows and sensible samples', () => {
    for (let s = 0; s < 27; s++) expect(rl.softmax(reference.subarray(s * 26, s * 26 + 26)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const rand = uniformStream(3);
    const x = sampleWord(reference, rand);
    expect(x.word).toMatch(/^[a-z]{6}$/);
    expect(x.logProb).toBeCloseTo(logProbOf(reference, x.word), 10);
    expect(() => pretrain(['abc'])).toThrow(/no 6-letter words/);
  });

  test('the exact sequence KL is 0 at the start and matches a Monte Carlo estimate', () => {
    expect(sequenceKl(reference, reference)).toBe(0);
    const rand = uniformStream(5);
    const moved: Policy = reference.map((z, i) => (i % 26 === 14 ? z + 1.5 : z)); // more 'o' everywhere
    let mc = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const x = sampleWord(moved, rand);
      mc += x.logProb - logProbOf(reference, x.word);
    }
    expect(mc / n).toBeCloseTo(sequenceKl(moved, reference), 1);
  });

  test('the reward model learns the labeler better than chance, but only roughly', () => {
    const rand = uniformStream(1);
    const t = trainRewardModel(labelledPairs(500, rand), words.slice(0, 200));
    expect(t.heldOutPairs).toBe(100);
    expect(t.heldOutAccuracy!).toBeGreaterThan(0.6);
    expect(t.trainLoss).toBeLessThan(Math.log(2));
    // On 2,000 fresh pairs: clearly better than a coin, clearly short of the labeler itself.
    const fresh = labelledPairs(2000, rand);
    const agree = fresh.filter((p) => (rewardScore(t.rm, p.a) > rewardScore(t.rm, p.b)) === (p.winner === 'a')).length / fresh.length;
    expect(agree).toBeGreaterThan(0.65);
    expect(agree).toBeLessThan(0.9);
    expect(() => trainRewardModel([], [])).toThrow(/at least one ranked pair/);
  });
});

describe('RLHF dynamics (seeded)', () => {
  const rand = uniformStream(1);
  const base = Array.from({ length: 400 }, () => sampleWord(reference, rand).word);
  const { rm } = trainRewardModel(labelledPairs(200, rand), base);

  function run(kl: number, steps: number) {
    const r = uniformStream(7);
    let p = reference;
    const start = evaluate(0, p, reference, rm, base, r);
    const trace = [start];
    for (let s = 1; s <= steps; s++) {
      p = rlStep(p, reference, rm, { kl, lr: 0.5, batch: 32 }, r);
      if (s % 10 === 0) trace.push(evaluate(s, p, reference, rm, base, r));
    }
    return trace;
  }

  test('without the KL penalty, RL first helps, then hacks the reward model', () => {
    const trace = run(0, 150);
    const start = trace[0];
    const end = trace.at(-1)!;
    const best = Math.max(...trace.map((m) => m.trueReward));
    expect(best).toBeGreaterThan(start.trueReward + 0.3); // it helped for a while
    expect(end.reward).toBeGreaterThan(start.reward + 3); // the reward model is delighted
    expect(end.trueReward).toBeLessThan(start.trueReward - 2); // the labeler is not
    expect(end.rmWinRate).toBeGreaterThan(0.9);
    expect(end.trueWinRate).toBeLessThan(0.3);
    expect(end.kl).toBeGreaterThan(5);
  });

  test('with β = 1 the generator stays near the start and the labeler stays happier than at the start', () => {
    const trace = run(1, 150);
    const start = trace[0];
    const end = trace.at(-1)!;
    expect(end.reward).toBeGreaterThan(start.reward + 0.3);
    expect(end.trueReward).toBeGreaterThan(start.trueReward);
    expect(end.kl).toBeLessThan(1);
  });
});
