import { describe, it, expect } from 'vitest';
import { samplingDistribution, sampleIndex } from './sampling';

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
