// d3 drawings for plot.line / plot.scatter / plot.heatmap payloads from cells. Colours come from the
// shared Okabe–Ito palette and classes also differ by marker shape (colour-blind safe).
import { extent, scaleLinear, scaleBand, scaleSequential, interpolateViridis, select, line as d3line, symbol, symbolsFill } from 'd3';
import { renderAxis, categorical, colors } from '../plot';
import type { PlotSpec } from './plot-spec';

const W = 560;
const H = 300;
const M = { top: 28, right: 20, bottom: 46, left: 56 };

function frame(fig: HTMLElement, spec: PlotSpec, extraRight = 0) {
  const svg = select(fig)
    .append('svg')
    .attr('viewBox', `0 0 ${W + extraRight} ${H}`)
    .attr('width', '100%')
    .attr('aria-hidden', 'true')
    .style('max-width', `${W + extraRight}px`)
    .style('color', colors.fg);
  if (spec.title) svg.append('text').attr('x', M.left).attr('y', 18).attr('fill', 'currentColor').attr('font-weight', 600).text(spec.title);
  return svg;
}

function pad([lo, hi]: [number, number]): [number, number] {
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

export function drawPlot(fig: HTMLElement, spec: PlotSpec) {
  if (spec.type === 'heatmap') return drawHeatmap(fig, spec);
  const svg = frame(fig, spec);
  const xs = spec.type === 'line' ? spec.series.flatMap((s) => s.x) : spec.points.map((p) => p.x);
  const ys = spec.type === 'line' ? spec.series.flatMap((s) => s.y.filter(Number.isFinite)) : spec.points.map((p) => p.y);
  const x = scaleLinear().domain(pad(extent(xs) as [number, number])).nice().range([M.left, W - M.right]);
  const y = scaleLinear().domain(pad(extent(ys) as [number, number])).nice().range([H - M.bottom, M.top]);
  renderAxis(svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).node()!, { scale: x, side: 'bottom', label: spec.xLabel });
  renderAxis(svg.append('g').attr('transform', `translate(${M.left},0)`).node()!, { scale: y, side: 'left', label: spec.yLabel });

  if (spec.type === 'line') {
    spec.series.forEach((s, i) => {
      const path = d3line<number>()
        .defined((v) => Number.isFinite(v))
        .x((_, j) => x(s.x[j]))
        .y((v) => y(v));
      svg
        .append('path')
        .attr('d', path(s.y))
        .attr('fill', 'none')
        .attr('stroke', categorical[i % categorical.length])
        .attr('stroke-width', 2)
        .attr('stroke-dasharray', i % 2 ? '6 3' : null);
    });
    if (spec.series.length > 1) {
      const legend = svg.append('g').attr('transform', `translate(${W - M.right - 120},${M.top})`);
      spec.series.forEach((s, i) => {
        const g = legend.append('g').attr('transform', `translate(0,${i * 16})`);
        g.append('line').attr('x2', 18).attr('y1', 5).attr('y2', 5).attr('stroke', categorical[i % categorical.length]).attr('stroke-width', 2).attr('stroke-dasharray', i % 2 ? '6 3' : null);
        g.append('text').attr('x', 24).attr('y', 9).attr('fill', 'currentColor').attr('font-size', 12).text(s.name);
      });
    }
  } else {
    const labels = [...new Set(spec.points.map((p) => p.label))].sort((a, b) => a - b);
    svg
      .append('g')
      .selectAll('path')
      .data(spec.points)
      .join('path')
      .attr('transform', (p) => `translate(${x(p.x)},${y(p.y)})`)
      .attr('d', (p) => symbol(symbolsFill[labels.indexOf(p.label) % symbolsFill.length], 40)())
      .attr('fill', (p) => categorical[labels.indexOf(p.label) % categorical.length])
      .attr('fill-opacity', 0.8);
    if (labels.length > 1) {
      const legend = svg.append('g').attr('transform', `translate(${W - M.right - 110},${M.top})`);
      labels.forEach((l, i) => {
        const g = legend.append('g').attr('transform', `translate(0,${i * 16})`);
        g.append('path').attr('transform', 'translate(6,5)').attr('d', symbol(symbolsFill[i % symbolsFill.length], 40)()).attr('fill', categorical[i % categorical.length]);
        g.append('text').attr('x', 16).attr('y', 9).attr('fill', 'currentColor').attr('font-size', 12).text(spec.labelNames[l] ?? `class ${l}`);
      });
    }
  }
}

function drawHeatmap(fig: HTMLElement, spec: Extract<PlotSpec, { type: 'heatmap' }>) {
  const rows = spec.values.length;
  const cols = spec.values[0].length;
  const svg = frame(fig, spec, 60);
  const xLabels = spec.xLabels ?? Array.from({ length: cols }, (_, i) => String(i));
  const yLabels = spec.yLabels ?? Array.from({ length: rows }, (_, i) => String(i));
  const x = scaleBand<number>().domain(xLabels.map((_, i) => i)).range([M.left, W - M.right]);
  const y = scaleBand<number>().domain(yLabels.map((_, i) => i)).range([M.top, H - M.bottom]);
  const flat = spec.values.flat().filter(Number.isFinite);
  const [lo, hi] = pad(extent(flat) as [number, number]);
  const color = scaleSequential(interpolateViridis).domain([lo, hi]);
  const g = svg.append('g');
  spec.values.forEach((row, r) =>
    row.forEach((v, c) => {
      g.append('rect')
        .attr('x', x(c)!)
        .attr('y', y(r)!)
        .attr('width', x.bandwidth())
        .attr('height', y.bandwidth())
        .attr('fill', Number.isFinite(v) ? color(v) : 'none')
        .append('title')
        .text(`[${yLabels[r]}, ${xLabels[c]}] = ${v}`);
    }),
  );
  const every = (n: number) => Math.max(1, Math.ceil(n / 16));
  renderAxis(svg.append('g').attr('transform', `translate(0,${H - M.bottom})`).node()!, {
    scale: x,
    side: 'bottom',
    label: spec.xLabel,
    format: (i: number) => (i % every(cols) ? '' : xLabels[i]),
  });
  renderAxis(svg.append('g').attr('transform', `translate(${M.left},0)`).node()!, {
    scale: y,
    side: 'left',
    label: spec.yLabel,
    format: (i: number) => (i % every(rows) ? '' : yLabels[i]),
  });
  // Colour legend: a vertical ramp with its min and max.
  const lx = W - M.right + 16;
  const ramp = svg.append('g');
  const steps = 32;
  for (let i = 0; i < steps; i++) {
    const t = i / (steps - 1);
    ramp.append('rect').attr('x', lx).attr('y', M.top + (1 - t) * (H - M.top - M.bottom - 8)).attr('width', 12).attr('height', (H - M.top - M.bottom) / steps + 1).attr('fill', color(lo + t * (hi - lo)));
  }
  const fmt = (v: number) => (Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(1) : String(+v.toFixed(3)));
  ramp.append('text').attr('x', lx + 16).attr('y', M.top + 8).attr('fill', 'currentColor').attr('font-size', 11).text(fmt(hi));
  ramp.append('text').attr('x', lx + 16).attr('y', H - M.bottom).attr('fill', 'currentColor').attr('font-size', 11).text(fmt(lo));
}
