import { describe, it, expect } from 'vitest';
import { samplingDistribution, sampleIndex, temperatureSoftmax, topKFilter, topPFilter } from './sampling';

describe('samplingDistribution', () => {
  const logits = [2, 1, 0, -1];
  it('is the softmax at temperature 1', () => {
    const p = samplingDistribution(logits);
    const z = logits.reduce((s, x) => s + Math.exp(x), 0);
    logits.forEach((x, i) => expect(p[i]).toBeCloseTo(Math.exp(x) / z, 12));
  });
  it('sharpens with low temperature and is greedy at 0', () => {
    expect(samplingDistribution(logits, { temperature: 0.5 })[0]).toBeGreaterThan(samplingDistribution(logits)[0]);
    expect(Array.from(samplingDistribution(logits, { temperature: 0 }))).toEqual([1, 0, 0, 0]);
  });
  it('keeps the top k and the nucleus', () => {
    const k2 = samplingDistribution(logits, { topK: 2 });
    expect(k2[2]).toBe(0);
    expect(k2[0] + k2[1]).toBeCloseTo(1, 12);
    expect(k2[0] / k2[1]).toBeCloseTo(Math.E, 10);
    // softmax([2,1,0,-1]) ≈ [0.644, 0.237, 0.087, 0.032]: p = 0.7 needs the first two.
    const p7 = samplingDistribution(logits, { topP: 0.7 });
    expect(p7[2]).toBe(0);
    expect(p7[1]).toBeGreaterThan(0);
    expect(samplingDistribution(logits, { topP: 0.5 })[0]).toBe(1);
  });
  it('rejects bad settings', () => {
    expect(() => samplingDistribution(logits, { temperature: -1 })).toThrow(/temperature/);
    expect(() => samplingDistribution(logits, { topP: 0 })).toThrow(/topP/);
    expect(() => samplingDistribution([NaN, 1])).toThrow(/NaN/);
  });
  it('samples by inverse CDF', () => {
    expect(sampleIndex([0.25, 0.5, 0.25], 0.1)).toBe(0);
    expect(sampleIndex([0.25, 0.5, 0.25], 0.7)).toBe(1);
    expect(sampleIndex([0.25, 0.5, 0.25], 0.999999)).toBe(2);
    expect(sampleIndex([0.5, 0.5, 0], 1)).toBe(1);
  });
});

// Hand-computed cases. Probabilities are powers of two so every sum below is exact in float64.
describe('temperature, top-k and top-p one at a time', () => {
  const logits = [Math.log(4), Math.log(2), 0, 0]; // softmax = [1/2, 1/4, 1/8, 1/8]
  const probs = [0.5, 0.25, 0.125, 0.125];
  const close = (got: ArrayLike<number>, want: number[]) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));

  it('temperatureSoftmax divides the logits by T', () => {
    close(temperatureSoftmax(logits), probs);
    close(temperatureSoftmax(logits, 0.5), [16 / 22, 4 / 22, 1 / 22, 1 / 22]); // exp(2·ln x) = x²
    const z = 2 + Math.SQRT2 + 2;
    close(temperatureSoftmax(logits, 2), [2 / z, Math.SQRT2 / z, 1 / z, 1 / z]); // √x
    expect(Array.from(temperatureSoftmax(logits, 0))).toEqual([1, 0, 0, 0]);
    expect(temperatureSoftmax(logits, 0.01)[1]).toBeCloseTo(Math.pow(2, -100), 40); // 2^(1/0.01) : 1
    expect(temperatureSoftmax(logits, 1e6)[3]).toBeCloseTo(0.25, 5); // T → ∞ flattens to uniform
    expect(temperatureSoftmax([1000, 0], 0.001)[0]).toBe(1); // no overflow
    expect(() => temperatureSoftmax(logits, Infinity)).toThrow(/temperature/);
  });

  it('topKFilter keeps the k largest (and ties with the k-th), renormalised', () => {
    expect(Array.from(topKFilter(probs, 1))).toEqual([1, 0, 0, 0]);
    close(topKFilter(probs, 2), [2 / 3, 1 / 3, 0, 0]);
    close(topKFilter(probs, 3), probs); // the 3rd and 4th tie at 1/8: both stay
    close(topKFilter(probs, 10), probs);
    close(topKFilter([0.1, 0.6, 0.3], 2), [0, 2 / 3, 1 / 3]);
    expect(() => topKFilter(probs, 0)).toThrow(/topK/);
    expect(() => topKFilter(probs, 1.5)).toThrow(/topK/);
  });

  it('topPFilter keeps the smallest most-likely set whose mass reaches p', () => {
    close(topPFilter(probs, 0.5), [1, 0, 0, 0]); // 1/2 already reaches 0.5
    close(topPFilter(probs, 0.1), [1, 0, 0, 0]);
    close(topPFilter(probs, 0.75), [2 / 3, 1 / 3, 0, 0]);
    close(topPFilter(probs, 0.76), [4 / 7, 2 / 7, 1 / 7, 0]); // the tie goes to the lower index
    close(topPFilter(probs, 1), probs);
    close(topPFilter([0.125, 0.5, 0.25, 0.125], 0.7), [0, 2 / 3, 1 / 3, 0]);
    expect(() => topPFilter(probs, 0)).toThrow(/topP/);
    expect(() => topPFilter(probs, 1.5)).toThrow(/topP/);
  });

  it('samplingDistribution is their composition', () => {
    close(samplingDistribution(logits, { topK: 2, topP: 0.7 }), [2 / 3, 1 / 3, 0, 0]);
    close(samplingDistribution(logits, { topK: 2, topP: 0.6 }), [1, 0, 0, 0]);
    close(samplingDistribution(logits, { temperature: 0.5, topK: 2 }), [0.8, 0.2, 0, 0]); // [16, 4] / 20
    close(samplingDistribution(logits, { temperature: 0.5, topK: 3 }), [16 / 22, 4 / 22, 1 / 22, 1 / 22]); // a tie keeps all four
    expect(() => samplingDistribution(logits, { temperature: 0, topK: 0 })).toThrow(/topK/);
    // Random logits: the composition and the one-call sampler agree everywhere.
    const rand = [0.3, -1.2, 2.5, 0.9, 0.9, -3, 1.7, 0.05];
    for (const o of [{ temperature: 0.7, topK: 3 }, { temperature: 1.3, topP: 0.8 }, { temperature: 0.9, topK: 5, topP: 0.6 }]) {
      close(samplingDistribution(rand, o), Array.from(topPFilter(topKFilter(temperatureSoftmax(rand, o.temperature), o.topK ?? 99), o.topP ?? 1)));
    }
  });
});
