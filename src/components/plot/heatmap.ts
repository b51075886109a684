// Pure logic behind Heatmap.svelte: colour scales, the value range, keyboard moves and the ink
// that stays readable on a cell. No DOM here, so widgets and tests can use it directly.
import { interpolateCividis, interpolatePuOr, rgb, scaleDiverging, scaleSequential, scaleSequentialSqrt } from 'd3';

/**
 * Which kind of scale: `sequential` for non-negative values, `sqrt` for weights where small ones
 * matter too (attention spread over many tokens), `diverging` for signed values around 0.
 */
export type HeatmapScale = 'sequential' | 'sqrt' | 'diverging';

export type Cell = readonly [row: number, col: number];

/** [min, max] of the finite values; [0, 1] when there are none. Masked cells (±∞, NaN) are skipped. */
export function finiteExtent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/**
 * A value → CSS colour function. Cividis (sequential) and purple–orange (diverging) stay ordered
 * for readers with red–green colour blindness. A diverging scale is symmetric around 0 so the
 * sign always reads the same way; `domain` overrides the data's range (e.g. [0, 1] for weights).
 */
export function colourScale(kind: HeatmapScale, values: ArrayLike<number>, domain?: [number, number]): (v: number) => string {
  const [lo, hi] = colourDomain(kind, values, domain);
  if (kind === 'diverging') {
    // PuOr runs orange → purple; negative values get orange, positive purple.
    const s = scaleDiverging(interpolatePuOr).domain([lo, 0, hi]);
    return (v) => s(v);
  }
  const scale = kind === 'sqrt' ? scaleSequentialSqrt : scaleSequential;
  const s = scale(interpolateCividis).domain([lo, hi]);
  return (v) => s(v);
}

/** The values the colours run between (the ends of the colour key): symmetric around 0 when diverging. */
export function colourDomain(kind: HeatmapScale, values: ArrayLike<number>, domain?: [number, number]): [number, number] {
  const [lo, hi] = domain ?? finiteExtent(values);
  if (kind === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  return [lo, hi === lo ? lo + 1 : hi];
}

/**
 * RGBA pixels, one per cell, for painting a large matrix as one image; masked cells (±∞, NaN)
 * stay transparent. Colours repeat (a scale has 256 or so), so each is parsed once.
 */
export function cellPixels(values: ArrayLike<number>, colour: (v: number) => string): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  const parsed = new Map<string, [number, number, number]>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const css = colour(v);
    let c = parsed.get(css);
    if (!c) {
      const { r, g, b } = rgb(css);
      parsed.set(css, (c = [r, g, b]));
    }
    out.set([c[0], c[1], c[2], 255], i * 4);
  }
  return out;
}

/** Relative luminance of an `rgb(r, g, b)` or `#rrggbb` colour, 0 (black) to 1 (white). */
export function luminance(colour: string): number {
  let rgb: number[];
  const m = colour.match(/rgb\((\d+),\s*(\d+),\s*(\d+)\)/);
  if (m) rgb = [m[1], m[2], m[3]].map(Number);
  else if (/^#[0-9a-f]{6}$/i.test(colour)) rgb = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  else return 0.5;
  const [r, g, b] = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white text, whichever contrasts more with the cell colour. */
export function inkOn(colour: string): '#000000' | '#ffffff' {
  const l = luminance(colour);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/** The cell a key moves the selection to (arrows, Home/End along the row, PageUp/PageDown along the column), or null for other keys. */
export function moveCell([r, c]: Cell, key: string, rows: number, cols: number): Cell | null {
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowUp': return [clamp(r - 1, rows), c];
    case 'ArrowDown': return [clamp(r + 1, rows), c];
    case 'ArrowLeft': return [r, clamp(c - 1, cols)];
    case 'ArrowRight': return [r, clamp(c + 1, cols)];
    case 'Home': return [r, 0];
    case 'End': return [r, cols - 1];
    case 'PageUp': return [0, c];
    case 'PageDown': return [rows - 1, c];
    default: return null;
  }
}

/** Short number text for a cell: masked values as −∞, otherwise `digits` decimals. */
export function cellText(v: number, digits = 2): string {
  if (v === -Infinity) return '−∞';
  if (v === Infinity) return '∞';
  if (Number.isNaN(v)) return '—';
  return v.toFixed(digits).replace('-', '−');
}
