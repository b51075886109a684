import { expect, test } from 'vitest';
import { cellText, colourScale, finiteExtent, inkOn, luminance, moveCell } from './heatmap';

test('the value range skips masked cells', () => {
  expect(finiteExtent([-Infinity, 0.2, 3, NaN, -1])).toEqual([-1, 3]);
  expect(finiteExtent([-Infinity])).toEqual([0, 1]);
});

test('a diverging scale is symmetric: +x and −x sit at opposite ends, 0 in the middle', () => {
  const c = colourScale('diverging', [-1, 4]);
  const mid = luminance(c(0));
  expect(luminance(c(4))).toBeLessThan(mid);
  expect(luminance(c(-4))).toBeLessThan(mid);
  expect(c(4)).not.toBe(c(-4));
  expect(c(0)).toBe(colourScale('diverging', [-4, 1])(0));
});

test('a sequential scale gets lighter with the value, and a fixed domain is honoured', () => {
  const c = colourScale('sequential', [0.1, 0.2], [0, 1]);
  expect(luminance(c(1))).toBeGreaterThan(luminance(c(0.5)));
  expect(luminance(c(0.5))).toBeGreaterThan(luminance(c(0)));
  expect(c(0.2)).not.toBe(colourScale('sequential', [0.1, 0.2])(0.2));
});

test('ink is black on light cells and white on dark ones', () => {
  expect(inkOn('rgb(255, 255, 255)')).toBe('#000000');
  expect(inkOn('#00204d')).toBe('#ffffff');
  expect(luminance('#ffffff')).toBeCloseTo(1, 6);
});

test('keys move the selection and stop at the edges', () => {
  expect(moveCell([0, 0], 'ArrowDown', 3, 4)).toEqual([1, 0]);
  expect(moveCell([0, 0], 'ArrowUp', 3, 4)).toEqual([0, 0]);
  expect(moveCell([1, 1], 'End', 3, 4)).toEqual([1, 3]);
  expect(moveCell([1, 1], 'PageDown', 3, 4)).toEqual([2, 1]);
  expect(moveCell([2, 3], 'ArrowRight', 3, 4)).toEqual([2, 3]);
  expect(moveCell([1, 1], 'a', 3, 4)).toBeNull();
});

test('cell text shows masks and minus signs', () => {
  expect(cellText(-Infinity)).toBe('−∞');
  expect(cellText(-0.456)).toBe('−0.46');
  expect(cellText(1, 1)).toBe('1.0');
});

test('a sqrt scale lifts small weights: 0.04 sits a fifth of the way up, not a twenty-fifth', () => {
  const lin = colourScale('sequential', [], [0, 1]);
  const sq = colourScale('sqrt', [], [0, 1]);
  expect(sq(0.04)).toBe(lin(0.2));
  expect(sq(1)).toBe(lin(1));
});
