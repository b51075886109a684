import { describe, expect, test } from 'vitest';
import { answers, baseModel, chanceRight, isCorrect, meanChanceRight, PROBLEMS, rlStep, SETTINGS, splitProblems, type Problem } from './verifiableRl';

const words = (ps: Problem[]) => new Set(ps.map((p) => p.word));

describe('RL with a verifiable reward on a tiny GPT', () => {
  test('the verifier accepts the reversed word and its end marker, nothing else', () => {
    const p = { word: 'abcc' };
    expect(isCorrect(p, 'ccba.')).toBe(true);
    expect(isCorrect(p, 'ccba')).toBe(false); // never stopped
    expect(isCorrect(p, 'ccb.')).toBe(false);
    expect(isCorrect(p, 'ccbaa.')).toBe(false);
    expect(isCorrect(p, 'abcc.')).toBe(false);
    expect(PROBLEMS).toHaveLength(256);
    expect(words(PROBLEMS).size).toBe(256);
  });

  test('the three sets are disjoint and cover every word', () => {
    const s = splitProblems(SETTINGS.split, SETTINGS.seed);
    expect([s.warmup.length, s.heldOut.length, s.practice.length]).toEqual([30, 40, 186]);
    expect(words([...s.warmup, ...s.heldOut, ...s.practice]).size).toBe(256);
  });

  test('a group of one is its own baseline, so it teaches nothing', async () => {
    const split = splitProblems(SETTINGS.split, SETTINGS.seed);
    const l = baseModel(split);
    const before = await chanceRight(l.model, split.heldOut);
    const r = await rlStep(l, split.practice, { problems: 8, group: 1 });
    expect(r.mixedGroups).toBe(0);
    expect(await chanceRight(l.model, split.heldOut)).toEqual(before);
  });

  test('a few seeded RL steps raise the reward on practice words and on held-out words never trained on', async () => {
    const split = splitProblems(SETTINGS.split, SETTINGS.seed);
    const l = baseModel(split);
    const start = { practice: await meanChanceRight(l.model, split.practice), heldOut: await meanChanceRight(l.model, split.heldOut) };
    expect(start.practice).toBeGreaterThan(0.03); // the warm-up taught the format and a few answers…
    expect(start.practice).toBeLessThan(0.3); // …far from all
    const heldOut = words(split.heldOut);
    let rewards = 0;
    for (let s = 0; s < STEPS; s++) {
      const r = await rlStep(l, split.practice, SETTINGS.rl);
      expect(r.attempts.filter((a) => heldOut.has(a.problem.word))).toEqual([]);
      expect(r.mixedGroups).toBeGreaterThan(0);
      if (s >= STEPS - 5) rewards += r.attempts.filter((a) => a.correct).length / r.attempts.length / 5;
    }
    const end = { practice: await meanChanceRight(l.model, split.practice), heldOut: await meanChanceRight(l.model, split.heldOut) };
    // Measured: practice 0.13 → 0.36, held-out 0.09 → 0.25.
    expect(end.practice).toBeGreaterThan(0.3);
    expect(end.heldOut).toBeGreaterThan(0.2);
    expect(rewards).toBeGreaterThan(start.practice);
    const greedy = await answers(l.model, split.heldOut, 0, 0);
    expect(greedy.filter((a, i) => isCorrect(split.heldOut[i], a)).length).toBeGreaterThan(10);
  }, 120_000);
});

const STEPS = 30;
