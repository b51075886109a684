// The same axis as Axis.svelte, drawn into an SVG group with DOM calls, for plots that are built
// imperatively at run time (cell output). Band scales (heatmaps) get one tick per band.
import type { ScaleBand, ScaleLinear } from 'd3';
import { axisGeometry, type AxisGeometry, type Side } from './axis';

export interface RenderAxisOptions {
  scale: ScaleLinear<number, number> | ScaleBand<number>;
  side: Side;
  label?: string;
  ticks?: number;
  tickFormat?: (v: number) => string;
}

const SVG = 'http://www.w3.org/2000/svg';

function isBand(scale: RenderAxisOptions['scale']): scale is ScaleBand<number> {
  return 'bandwidth' in scale;
}

/** Tick positions of a band scale: the middle of each band, labelled by `format` (empty hides one). */
export function bandAxisGeometry(scale: ScaleBand<number>, format: (v: number) => string = String): AxisGeometry {
  const [a, b] = scale.range() as [number, number];
  return {
    ticks: scale
      .domain()
      .map((v) => ({ pos: (scale(v) ?? 0) + scale.bandwidth() / 2, label: format(v) }))
      .filter((t) => t.label !== ''),
    range: [Math.min(a, b), Math.max(a, b)],
    mid: (a + b) / 2,
  };
}

function el(parent: Element, tag: string, attrs: Record<string, string | number>, text?: string): Element {
  const node = parent.ownerDocument.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  parent.appendChild(node);
  return node;
}

export function renderAxis(group: SVGGElement, { scale, side, label, ticks = 5, tickFormat }: RenderAxisOptions): void {
  const g = isBand(scale) ? bandAxisGeometry(scale, tickFormat) : axisGeometry(scale, ticks, tickFormat);
  const horizontal = side === 'bottom' || side === 'top';
  const dir = side === 'bottom' || side === 'right' ? 1 : -1; // ticks point away from the plot
  const axis = el(group, 'g', { class: 'plot-axis', 'aria-hidden': 'true' });
  if (horizontal) {
    el(axis, 'line', { class: 'domain', x1: g.range[0], x2: g.range[1] });
    for (const t of g.ticks) {
      el(axis, 'line', { x1: t.pos, x2: t.pos, y2: 6 * dir });
      el(axis, 'text', { x: t.pos, y: dir > 0 ? 18 : -10, 'text-anchor': 'middle' }, t.label);
    }
    if (label) el(axis, 'text', { class: 'plot-axis-label', x: g.mid, y: dir > 0 ? 34 : -26, 'text-anchor': 'middle' }, label);
  } else {
    el(axis, 'line', { class: 'domain', y1: g.range[0], y2: g.range[1] });
    for (const t of g.ticks) {
      el(axis, 'line', { y1: t.pos, y2: t.pos, x2: 6 * dir });
      el(axis, 'text', { x: 9 * dir, y: t.pos, dy: '0.32em', 'text-anchor': dir > 0 ? 'start' : 'end' }, t.label);
    }
    if (label) el(axis, 'text', { class: 'plot-axis-label', transform: 'rotate(-90)', x: -g.mid, y: dir > 0 ? 40 : -36, 'text-anchor': 'middle' }, label);
  }
}
