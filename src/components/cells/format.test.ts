import { describe, expect, it } from 'vitest';
import { formatTensor, formatSnapshot, toTable, type Snapshot } from './format';

describe('tensor pretty-printing (as PyTorch prints)', () => {
  it('prints integers with a trailing point and nests with aligned brackets', () => {
    expect(formatTensor([2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7])).toBe(
      'tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]], shape=[2, 2, 2])',
    );
  });
  it('uses 4 decimals, or e-notation when magnitudes call for it', () => {
    expect(formatTensor([3], [0.5, -1.25, 2])).toBe('tensor([ 0.5000, -1.2500,  2.0000], shape=[3])');
    expect(formatTensor([2], [1e-5, 1])).toBe('tensor([1.0000e-05, 1.0000e+00], shape=[2])');
    expect(formatTensor([], [3.5], true)).toBe('tensor(3.5000, shape=[], requiresGrad=true)');
    expect(formatTensor([2], [NaN, Infinity])).toBe('tensor([nan, inf], shape=[2])');
  });
  it('summarises big tensors with ... in every long dim', () => {
    const data = Array.from({ length: 400 }, (_, i) => i);
    expect(formatTensor([20, 20], data)).toBe(
      'tensor([[  0.,   1.,   2., ...,  17.,  18.,  19.],\n' +
        '        [ 20.,  21.,  22., ...,  37.,  38.,  39.],\n' +
        '        [ 40.,  41.,  42., ...,  57.,  58.,  59.],\n' +
        '        ...,\n' +
        '        [340., 341., 342., ..., 357., 358., 359.],\n' +
        '        [360., 361., 362., ..., 377., 378., 379.],\n' +
        '        [380., 381., 382., ..., 397., 398., 399.]], shape=[20, 20])',
    );
  });
  it('wraps long rows at 80 columns', () => {
    const text = formatTensor([30], Array.from({ length: 30 }, (_, i) => i / 7));
    expect(text.split('\n').length).toBe(4);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });
});

describe('values', () => {
  it('formats nested values like a console and tables records', () => {
    const rec: Snapshot = { t: 'object', ctor: 'Object', entries: [['a', { t: 'prim', value: 'x' }]], more: 0 };
    expect(formatSnapshot({ t: 'array', items: [rec, { t: 'prim', value: 2 }], length: 3 })).toBe('[{ a: "x" }, 2, ... 1 more items]');
    expect(toTable({ t: 'array', items: [rec, rec], length: 2 })).toEqual({ columns: ['a'], rows: [['"x"'], ['"x"']], note: undefined });
  });
});
