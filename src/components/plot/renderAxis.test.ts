// @vitest-environment jsdom
import { scaleBand, scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { bandAxisGeometry, renderAxis } from './renderAxis';

function group() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  svg.appendChild(g);
  return g;
}

describe('renderAxis', () => {
  it('draws round ticks of a linear scale with their labels and the axis label', () => {
    const g = group();
    renderAxis(g, { scale: scaleLinear().domain([0, 10]).range([0, 100]), side: 'bottom', label: 'step' });
    const texts = [...g.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toEqual(['0', '2', '4', '6', '8', '10', 'step']);
    expect(g.querySelectorAll('text')[1].getAttribute('x')).toBe('20');
  });

  it('puts band ticks in the middle of each band and hides empty labels', () => {
    const band = scaleBand<number>().domain([0, 1, 2, 3]).range([0, 40]);
    const geo = bandAxisGeometry(band, (i) => (i % 2 ? '' : 'abcd'[i]));
    expect(geo.ticks).toEqual([
      { pos: 5, label: 'a' },
      { pos: 25, label: 'c' },
    ]);
    const g = group();
    renderAxis(g, { scale: band, side: 'left' });
    expect([...g.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['0', '1', '2', '3']);
  });
});
