import { describe, expect, it } from 'vitest';
import { addTrial, emptyTally, longestSequence, randomSequence, summarise, tokenPool } from './inContextProbe';

describe('InContextProbe logic', () => {
  it('fits two copies in the context', () => {
    expect(longestSequence(128)).toBe(64);
    expect(longestSequence(33)).toBe(16);
  });

  it('draws words with a leading space, else letters', () => {
    const vocab = [' whale', ' a', 'ship', ' sea', 'x', 'y', ' the'].map((text, id) => ({ id, text }));
    expect(tokenPool(vocab, 3)).toEqual([0, 3, 6]);
    expect(tokenPool(vocab, 4)).toEqual([0, 1, 2, 3, 4, 5, 6]); // too few of either: every token
    const chars = [...'.abcdef'].map((text, id) => ({ id, text }));
    expect(tokenPool(chars, 4)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('draws distinct tokens, reproducibly', () => {
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const seq = randomSequence([10, 11, 12, 13, 14, 15], 4, rand);
    expect(new Set(seq).size).toBe(4);
    s = 1;
    expect(randomSequence([10, 11, 12, 13, 14, 15], 4, rand)).toEqual(seq);
  });

  it('tallies hits per position and copy', () => {
    const seq = [5, 6, 7, 8];
    // Doubled: 5 6 7 8 5 6 7 8; predictions for t = 1..7. A perfect copier after the first copy:
    const guesses = [0, 0, 0, 0, 6, 7, 8]; // wrong in copy 1 and at t = 4 (the first token of copy 2)
    const probs = [0.1, 0.1, 0.1, 0.2, 0.9, 0.9, 0.9];
    const s = summarise(addTrial(emptyTally(4), seq, guesses, probs));
    expect(s.accuracy[0].slice(1)).toEqual([0, 0, 0]);
    expect(Number.isNaN(s.accuracy[0][0])).toBe(true);
    expect(s.accuracy[1]).toEqual([0, 1, 1, 1]);
    expect(s.firstAccuracy).toBe(0);
    expect(s.secondAccuracy).toBe(1);
    expect(s.firstP).toBeCloseTo(0.1, 12);
    expect(s.secondP).toBeCloseTo(0.9, 12);
    expect(s.meanP[1][0]).toBeCloseTo(0.2, 12);
  });

  it('averages over trials', () => {
    const t = emptyTally(4);
    addTrial(t, [1, 2, 3, 4], [0, 0, 0, 0, 2, 3, 4], new Array(7).fill(0.5));
    addTrial(t, [1, 2, 3, 4], [2, 0, 0, 0, 2, 0, 0], new Array(7).fill(0.5));
    const s = summarise(t);
    expect(s.accuracy[0]).toEqual([NaN, 0.5, 0, 0]);
    expect(s.accuracy[1]).toEqual([0, 1, 0.5, 0.5]);
    expect(s.secondAccuracy).toBeCloseTo(2 / 3, 12);
  });
});
