import { scaleBand, scaleLinear, scaleLog } from 'd3';
import { expect, test } from 'vitest';
import { axisGeometry, bandAxisGeometry } from './axis';

test('ticks sit at round values where the scale puts them', () => {
  const g = axisGeometry(scaleLinear().domain([0, 1]).range([0, 260]), 5);
  expect(g.ticks.map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  expect(g.ticks.map((t) => t.pos)).toEqual([0, 52, 104, 156, 208, 260]);
  expect(g.mid).toBe(130);
});

test('a vertical axis (range reversed) keeps its ends ordered and its labels custom', () => {
  const g = axisGeometry(scaleLinear().domain([-2, 2]).range([200, 0]), 4, (v) => `${v}σ`);
  expect(g.range).toEqual([0, 200]);
  expect(g.ticks[0]).toEqual({ pos: 200, label: '-2σ' });
  expect(g.ticks.at(-1)).toEqual({ pos: 0, label: '2σ' });
});

test('band ticks sit in the middle of each band, and empty labels hide a tick', () => {
  const band = scaleBand<number>().domain([0, 1, 2, 3]).range([0, 40]);
  expect(bandAxisGeometry(band, (i) => (i % 2 ? '' : 'abcd'[i])).ticks).toEqual([
    { pos: 5, label: 'a' },
    { pos: 25, label: 'c' },
  ]);
});

test('given values, a log axis ticks exactly there', () => {
  const g = axisGeometry(scaleLog().domain([1e-4, 1]).range([100, 0]), 5, (v) => String(Math.log10(v)), [1e-4, 1e-2, 1]);
  expect(g.ticks).toEqual([
    { pos: 100, label: '-4' },
    { pos: 50, label: '-2' },
    { pos: 0, label: '0' },
  ]);
});
