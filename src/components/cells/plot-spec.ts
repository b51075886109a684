// The data behind plot.line / plot.scatter / plot.heatmap. Reader code calls these in the worker;
// the page draws the resulting spec with d3 (plot-render.ts). Inputs are plain numbers here: the
// runtime has already turned tensors into nested arrays.

export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

export interface Series {
  name: string;
  x: number[];
  y: number[];
}

export type PlotSpec =
  | ({ type: 'line'; series: Series[] } & PlotOptions)
  | ({ type: 'scatter'; points: { x: number; y: number; label: number }[]; labelNames: string[] } & PlotOptions)
  | ({ type: 'heatmap'; values: number[][]; xLabels?: string[]; yLabels?: string[] } & PlotOptions);

const MAX_POINTS = 20_000;

function isOptions(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function numbers(x: unknown, what: string): number[] {
  if (!Array.isArray(x) || x.some((v) => typeof v !== 'number')) {
    throw new Error(`${what} must be an array of numbers or a 1-D tensor.`);
  }
  if (x.length > MAX_POINTS) throw new Error(`${what} has ${x.length} values; plots take at most ${MAX_POINTS}.`);
  return x as number[];
}

function pickOptions(o: unknown): PlotOptions {
  if (!isOptions(o)) return {};
  const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  return { title: s('title'), xLabel: s('xLabel'), yLabel: s('yLabel') };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * plot.line(ys) · plot.line(xs, ys) · plot.line({ train: ys1, val: ys2 }) · plot.line(xs, { a: ys1, b: ys2 }),
 * each with optional
 * { title, xLabel, yLabel } last.
 */
export function lineSpec(args: unknown[]): PlotSpec {
  const [a, b, c] = args;
  let series: Series[];
  let opts: unknown;
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = numbers(a, 'plot.line x');
    const y = numbers(b, 'plot.line y');
    if (x.length !== y.length) throw new Error(`plot.line: x has ${x.length} values but y has ${y.length}.`);
    series = [{ name: 'y', x, y }];
    opts = c;
  } else if (Array.isArray(a) && isOptions(b) && Object.values(b).some(Array.isArray)) {
    const x = numbers(a, 'plot.line x');
    series = Object.entries(b).map(([name, ys]) => {
      const y = numbers(ys, `plot.line series "${name}"`);
      if (y.length !== x.length) throw new Error(`plot.line: x has ${x.length} values but "${name}" has ${y.length}.`);
      return { name, x, y };
    });
    opts = c;
  } else if (Array.isArray(a)) {
    const y = numbers(a, 'plot.line y');
    series = [{ name: 'y', x: range(y.length), y }];
    opts = b;
  } else if (isOptions(a)) {
    series = Object.entries(a).map(([name, ys]) => {
      const y = numbers(ys, `plot.line series "${name}"`);
      return { name, x: range(y.length), y };
    });
    if (series.length === 0) throw new Error('plot.line needs at least one series.');
    opts = b;
  } else {
    throw new Error('plot.line takes ys, (xs, ys) or { name: ys, ... } — arrays of numbers or 1-D tensors.');
  }
  return { type: 'line', series, ...pickOptions(opts) };
}

/**
 * plot.scatter(points) with points [[x, y], ...] or an [N, 2] tensor · plot.scatter(xs, ys); options
 * may add `labels` (a class number per point, drawn in distinct colours and shapes) and `labelNames`.
 */
export function scatterSpec(args: unknown[]): PlotSpec {
  const [a, b, c] = args;
  let xs: number[];
  let ys: number[];
  let opts: unknown;
  if (Array.isArray(a) && Array.isArray(b)) {
    xs = numbers(a, 'plot.scatter xs');
    ys = numbers(b, 'plot.scatter ys');
    if (xs.length !== ys.length) throw new Error(`plot.scatter: xs has ${xs.length} values but ys has ${ys.length}.`);
    opts = c;
  } else if (Array.isArray(a) && a.every((p) => Array.isArray(p) && p.length >= 2)) {
    xs = numbers(a.map((p) => p[0]), 'plot.scatter x');
    ys = numbers(a.map((p) => p[1]), 'plot.scatter y');
    opts = b;
  } else {
    throw new Error('plot.scatter takes points [[x, y], ...] (or an [N, 2] tensor), or xs and ys.');
  }
  const o = isOptions(opts) ? opts : {};
  let labels = xs.map(() => 0);
  if (o.labels !== undefined) {
    labels = numbers(o.labels, 'plot.scatter labels');
    if (labels.length !== xs.length) throw new Error(`plot.scatter: ${xs.length} points but ${labels.length} labels.`);
  }
  const labelNames = Array.isArray(o.labelNames) ? o.labelNames.map(String) : [];
  return {
    type: 'scatter',
    points: xs.map((x, i) => ({ x, y: ys[i], label: labels[i] })),
    labelNames,
    ...pickOptions(o),
  };
}

/** plot.heatmap(matrix) with a 2-D array or tensor; options may add xLabels / yLabels. */
export function heatmapSpec(args: unknown[]): PlotSpec {
  const [a, b] = args;
  if (!Array.isArray(a) || a.length === 0 || !a.every((r) => Array.isArray(r))) {
    throw new Error('plot.heatmap takes a 2-D array of numbers or a 2-D tensor.');
  }
  const values = a.map((r, i) => numbers(r, `plot.heatmap row ${i}`));
  if (values.some((r) => r.length !== values[0].length)) throw new Error('plot.heatmap: every row must have the same length.');
  if (values.length * values[0].length > MAX_POINTS) throw new Error(`plot.heatmap takes at most ${MAX_POINTS} cells.`);
  const o = isOptions(b) ? b : {};
  const labels = (x: unknown) => (Array.isArray(x) ? x.map(String) : undefined);
  return { type: 'heatmap', values, xLabels: labels(o.xLabels), yLabels: labels(o.yLabels), ...pickOptions(o) };
}
