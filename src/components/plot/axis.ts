// Axis geometry for every widget plot: tick positions and labels from a d3 scale. Rendered as
// markup by Axis.svelte, so axes are in the server-rendered HTML (they show without JavaScript)
// and no d3-selection code ships.
import type { ScaleBand, ScaleLinear, ScaleLogarithmic } from 'd3';

export type Side = 'bottom' | 'left' | 'top' | 'right';

export type ContinuousScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

export interface Tick {
  /** Position along the axis in SVG units. */
  pos: number;
  label: string;
}

export interface AxisGeometry {
  ticks: Tick[];
  /** Start and end of the axis line along its direction. */
  range: [number, number];
  /** Position of the axis label along the axis (its middle). */
  mid: number;
}

/**
 * Ticks at round values (d3's choice for about `count` ticks), formatted like d3-axis; or at
 * `values` when given (a log axis that should tick only at powers of ten).
 */
export function axisGeometry(
  scale: ContinuousScale,
  count = 5,
  format?: (v: number) => string,
  values?: readonly number[],
): AxisGeometry {
  const fmt = format ?? scale.tickFormat(count);
  const [a, b] = scale.range() as [number, number];
  return {
    ticks: (values ?? scale.ticks(count)).map((v) => ({ pos: scale(v), label: fmt(v) })),
    range: [Math.min(a, b), Math.max(a, b)],
    mid: (a + b) / 2,
  };
}

/** One tick in the middle of each band (heatmap rows and columns); an empty label hides a tick. */
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
