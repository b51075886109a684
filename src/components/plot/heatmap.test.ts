import { expect, test } from 'vitest';
import { interpolatePuOr } from 'd3';
import { cellPixels, cellText, colourDomain, colourScale, finiteExtent, inkOn, luminance, moveCell } from './heatmap';

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

test('the colour key runs over the domain, symmetric around 0 when diverging', () => {
  expect(colourDomain('diverging', [-1, 4])).toEqual([-4, 4]);
  expect(colourDomain('diverging', [0.2, 0.5], [-2, 2])).toEqual([-2, 2]);
  expect(colourDomain('sequential', [3, 3])).toEqual([3, 4]);
});

test('cell pixels: 0 maps to the middle colour, ±domain to the ends, masked cells transparent', () => {
  const colour = colourScale('diverging', [], [-2, 2]);
  const px = cellPixels(Float32Array.from([-2, 0, 2, 5, -Infinity]), colour);
  const rgbAt = (i: number) => Array.from(px.slice(i * 4, i * 4 + 3));
  const at = (t: number) => interpolatePuOr(t).match(/\d+/g)!.map(Number);
  expect(rgbAt(0)).toEqual(at(0));
  expect(rgbAt(1)).toEqual(at(0.5));
  expect(rgbAt(2)).toEqual(at(1));
  expect(px[3]).toBe(255);
  expect(px[4 * 4 + 3]).toBe(0);
});
