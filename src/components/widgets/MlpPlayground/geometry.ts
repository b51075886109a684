// Where things sit in the playground's charts: the data plot (a [-1, 1]² square with axes in a
// margin around it), the loss chart and the network diagram.
import { line as d3line, scaleLinear } from 'd3';

/** The decision-region canvas is RES × RES cells. */
export const RES = 40;
export const PLOT = 300;
export const px = scaleLinear().domain([-1, 1]).range([0, PLOT]);
export const py = scaleLinear().domain([-1, 1]).range([PLOT, 0]);
// The plot's axes sit in a margin around it; the canvas and the clickable layer cover the plot only.
export const M = { top: 8, right: 12, bottom: 42, left: 52 };
export const TW = PLOT + M.left + M.right;
export const TH = PLOT + M.top + M.bottom;
/** The plot area's place in the figure, in percent, for the canvas and the clickable layer. */
export const AREA = { left: (100 * M.left) / TW, top: (100 * M.top) / TH, width: (100 * PLOT) / TW, height: (100 * PLOT) / TH };

export const LW = 300; // the loss chart
export const LH = 80;
export const LM = { top: 8, right: 12, bottom: 42, left: 52 };

export const NW = 380; // the network diagram
export const NH = 230;

/** A click at (clientX, clientY) on an element drawn in `rect`, as data coordinates. */
export function clientToData(rect: Pick<DOMRect, 'left' | 'top' | 'width' | 'height'>, clientX: number, clientY: number): [number, number] {
  return [px.invert(((clientX - rect.left) / rect.width) * PLOT), py.invert(((clientY - rect.top) / rect.height) * PLOT)];
}

export const clampUnit = (v: number) => Math.max(-1, Math.min(1, v));

/** The keyboard cross moved by (dx, dy) arrow presses, 0.05 a press, kept inside the plot. */
export function moveCursor(cursor: [number, number], dx: number, dy: number): [number, number] {
  return [clampUnit(cursor[0] + 0.05 * dx), clampUnit(cursor[1] + 0.05 * dy)];
}

export interface LossPoint {
  step: number;
  loss: number;
}

/** The loss chart's scales and line: at least 10 steps across and 0.8 up, growing with the curve. */
export function lossChart(curve: LossPoint[]) {
  const x = scaleLinear().domain([0, Math.max(10, curve.at(-1)?.step ?? 10)]).range([0, LW]);
  const y = scaleLinear().domain([0, Math.max(0.8, ...curve.map((c) => c.loss))]).range([LH, 0]);
  const path = d3line<LossPoint>().x((c) => x(c.step)).y((c) => y(c.loss))(curve) ?? '';
  return { x, y, path };
}
