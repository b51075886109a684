import { describe, expect, it } from 'vitest';
import { arange, fromFloat32, full, manualSeed, ones, rand, randn, tensor, zeros } from './tensor';
import { Generator } from './random';

describe('creation', () => {
  it('tensor infers shapes from nested arrays, numbers and Float32Arrays', async () => {
    expect(tensor(3).shape).toEqual([]);
    expect(tensor([[[1], [2]]]).shape).toEqual([1, 2, 1]);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor(Float32Array.of(1, 2)).shape).toEqual([2]);
    expect(tensor([1, 2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(await fromFloat32(Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('bad data says what is wrong', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array: data[0] has shape [2] but data[1] has shape [1]');
    expect(() => tensor(['a'] as never)).toThrow('tensor: data[0] is string; expected a number or an array');
    expect(() => fromFloat32(new Float32Array(5), [2, 3])).toThrow('tensor: 5 values do not fill shape [2, 3] (6 values)');
    expect(() => zeros([2, -1])).toThrow('full: shape must be an array of non-negative integers, got [2,-1]');
    expect(() => randn([1.5])).toThrow('randn: shape must be an array of non-negative integers');
  });

  it('zeros, ones, full, arange', async () => {
    expect(await zeros([2]).toArray()).toEqual([0, 0]);
    expect(await ones([1, 2]).toArray()).toEqual([[1, 1]]);
    expect(await full([2], 7).toArray()).toEqual([7, 7]);
    expect(await arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(await arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(await arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
    expect(() => arange(0, 1, 0)).toThrow('arange: step must not be 0');
  });

  it('randn and rand: seeded, with the right moments', async () => {
    manualSeed(42);
    const a = await randn([4000]).data();
    manualSeed(42);
    expect(await randn([4000]).data()).toEqual(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.06);
    const u = await rand([4000], { generator: new Generator(1) }).data();
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(u.reduce((s, v) => s + v, 0) / u.length - 0.5)).toBeLessThan(0.02);
  });
});
