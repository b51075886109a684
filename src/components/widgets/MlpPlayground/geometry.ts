// Where things sit in the playground's charts: the data plot (the [-1, 1]² data square, or a wider
// square when zoomed out, with axes in a margin around it), the loss chart and the network diagram.
import { line as d3line, scaleLinear } from 'd3';

/** The decision-region canvas is RES × RES cells. */
export const RES = 40;
export const PLOT = 300;
/** The plot's scales when it shows [-extent, extent]² (extent 1: just the data square). */
export function viewScales(extent = 1) {
  return { px: scaleLinear().domain([-extent, extent]).range([0, PLOT]), py: scaleLinear().domain([-extent, extent]).range([PLOT, 0]) };
}
export const { px, py } = viewScales(1);
/** How far "zoom out" shows: three times the data square each way. */
export const ZOOM_EXTENT = 3;
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
export function clientToData(rect: Pick<DOMRect, 'left' | 'top' | 'width' | 'height'>, clientX: number, clientY: number, extent = 1): [number, number] {
  const v = viewScales(extent);
  return [v.px.invert(((clientX - rect.left) / rect.width) * PLOT), v.py.invert(((clientY - rect.top) / rect.height) * PLOT)];
}

export const clampUnit = (v: number) => Math.max(-1, Math.min(1, v));

/** The keyboard cross moved by (dx, dy) arrow presses, 0.05 a press, kept inside the plot. */
export function moveCursor(cursor: [number, number], dx: number, dy: number): [number, number] {
  return [clampUnit(cursor[0] + 0.05 * dx), clampUnit(cursor[1] + 0.05 * dy)];
}

export interface LossPoint {
  step: number;
  /** Training loss. */
  loss: number;
  /** Test loss, when there is a test set. */
  test?: number;
}

/** Most points the loss chart keeps; a longer run is thinned evenly, never cut. */
export const MAX_LOSS_POINTS = 400;

/**
 * The curve with `p` appended (anything at or after p.step dropped first: training restarted).
 * Past `max` points every other point is dropped, first and last kept, so the chart always shows
 * the whole run from step 0, at a resolution that halves as the run doubles.
 */
export function appendLoss(curve: readonly LossPoint[], p: LossPoint, max = MAX_LOSS_POINTS): LossPoint[] {
  let out = [...curve.filter((c) => c.step < p.step), p];
  if (out.length > max) out = out.filter((_, i) => i % 2 === 0 || i === out.length - 1);
  return out;
}

/** The loss chart's scales and lines (training, and test where known): at least 10 steps across and 0.8 up, growing with the curve. */
export function lossChart(curve: LossPoint[]) {
  const tests = curve.filter((c) => c.test !== undefined && Number.isFinite(c.test));
  const x = scaleLinear().domain([0, Math.max(10, curve.at(-1)?.step ?? 10)]).range([0, LW]);
  const y = scaleLinear().domain([0, Math.max(0.8, ...curve.map((c) => c.loss), ...tests.map((c) => c.test!))]).range([LH, 0]);
  const path = d3line<LossPoint>().x((c) => x(c.step)).y((c) => y(c.loss))(curve) ?? '';
  const testPath = d3line<LossPoint>().x((c) => x(c.step)).y((c) => y(c.test!))(tests) ?? '';
  return { x, y, path, testPath };
}
