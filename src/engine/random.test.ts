import { describe, expect, it } from 'vitest';
import { Generator, defaultGenerator, manualSeed } from './random';

describe('Generator', () => {
  it('same seed, same numbers; different seeds differ', () => {
    const draw = (g: Generator) => [g.nextUint32(), g.random(), g.normal(), g.int(10)];
    expect(draw(new Generator(1337))).toEqual(draw(new Generator(1337)));
    expect(draw(new Generator(1))).not.toEqual(draw(new Generator(2)));
  });

  it('manualSeed resets the default generator', () => {
    manualSeed(7);
    const a = [defaultGenerator().random(), defaultGenerator().normal()];
    expect(manualSeed(7)).toBe(defaultGenerator());
    expect([defaultGenerator().random(), defaultGenerator().normal()]).toEqual(a);
  });

  it('stateDict round-trips through JSON mid-stream, including the spare normal', () => {
    const g = new Generator(99);
    g.normal(); // leaves a spare normal waiting
    const saved = JSON.parse(JSON.stringify(g.stateDict()));
    const expected = [g.normal(), g.normal(), g.random(), g.nextUint32()];
    const h = new Generator(0);
    h.loadStateDict(saved);
    expect([h.normal(), h.normal(), h.random(), h.nextUint32()]).toEqual(expected);
    expect(h.seed).toBe(99);
    expect(() => h.loadStateDict({} as never)).toThrow('Generator.loadStateDict: expected { seed, state: [4 numbers], spare }');
  });

  it('uniform draws fill [0, 1) evenly and int(n) covers 0..n-1', () => {
    const g = new Generator(3);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 10000; i++) counts[g.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });
});
