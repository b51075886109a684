import { describe, expect, it } from 'vitest';
import { Generator } from '../../../engine/light';
import { bigrams, countTable, NameSampler, nll, probabilities, sample, scoreName, stoi, V } from './bigramLab';

describe('bigram counts', () => {
  const names = ['emma', 'ava', 'anna'];

  it('counts pairs with the start/end mark', () => {
    const c = countTable(names);
    expect(bigrams(['ab'])).toEqual([[0, 1], [1, 2], [2, 0]]);
    expect(c[0 * V + stoi('a')]).toBe(2); // .a in ava and anna
    expect(c[stoi('a') * V + 0]).toBe(3); // every name ends in a
    expect(c[stoi('n') * V + stoi('n')]).toBe(1);
    expect(c.reduce((s, x) => s + x, 0)).toBe(5 + 4 + 5);
  });

  it('rows are probability distributions and smoothing leaves no zero', () => {
    const p = probabilities(countTable(names));
    for (let i = 0; i < V; i++) {
      let s = 0;
      for (let j = 0; j < V; j++) {
        s += p[i * V + j];
        expect(p[i * V + j]).toBeGreaterThan(0);
      }
      expect(s).toBeCloseTo(1, 12);
    }
    // Row 'm': m→m once and m→a once (emma), plus 27 smoothing counts.
    expect(p[stoi('m') * V + stoi('m')]).toBeCloseTo(2 / 29, 12);
  });

  it('NLL of the uniform model is log 27, and counts beat it', () => {
    const uniform = new Float64Array(V * V).fill(1 / V);
    expect(nll(uniform, names)).toBeCloseTo(Math.log(27), 12);
    expect(nll(probabilities(countTable(names)), names)).toBeLessThan(Math.log(27));
  });

  it('sampling is seeded and only makes a–z names', () => {
    const p = probabilities(countTable(names), 0);
    const a = sample(p, 10, new Generator(5));
    expect(a).toEqual(sample(p, 10, new Generator(5)));
    for (const n of a) expect(n).toMatch(/^[aemnv]*$/); // without smoothing, only letters seen
  });

  it('scores typed names and explains characters outside the vocabulary', () => {
    const p = probabilities(countTable(names));
    const s = scoreName(p, ' Anna ');
    expect(s.ok && s.steps.map((x) => x.pair)).toEqual(['.a', 'an', 'nn', 'na', 'a.']);
    const bad = scoreName(p, 'zoë 1');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/'ë', space, '1'/);
    expect(scoreName(p, '').ok).toBe(false);
  });
});

describe('sampling names click after click', () => {
  const p = probabilities(countTable(['emma', 'olivia', 'ava', 'isabella', 'sophia', 'mia', 'amelia', 'harper']));

  it('each click draws new names; the same seed replays the same sequence', () => {
    const sampler = new NameSampler(42);
    const first = sampler.next(p, 10);
    const second = sampler.next(p, 10);
    expect(second).not.toEqual(first);
    const again = new NameSampler(42);
    expect(again.next(p, 10)).toEqual(first);
    expect(again.next(p, 10)).toEqual(second);
    expect(new NameSampler(7).next(p, 10)).not.toEqual(first);
  });
});
