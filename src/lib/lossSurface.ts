// Two-parameter models (w, b) fitted to a small labelled dataset by mean squared error: the
// loss surfaces of chapter 2. The GradientDescent and LineFit widgets and the chapter's prose
// compute with these same functions, so a number in the text is the number the widgets show.
import { Generator } from '../engine/light';

export interface Point {
  x: number;
  y: number;
}

export interface Surface {
  id: 'line' | 'wave';
  title: string;
  /** The model's prediction and its partial derivatives in w and b. */
  f(x: number, w: number, b: number): number;
  dfdw(x: number, w: number, b: number): number;
  dfdb(x: number, w: number, b: number): number;
  data: Point[];
  wRange: [number, number];
  bRange: [number, number];
  start: [number, number];
}

function makeData(n: number, seed: number, truth: (x: number) => number, noise: number): Point[] {
  const gen = new Generator(seed);
  return Array.from({ length: n }, (_, i) => {
    const x = -2 + (4 * (i + 0.5)) / n;
    return { x: +x.toFixed(3), y: +(truth(x) + noise * gen.normal()).toFixed(3) };
  });
}

export const SURFACES: Record<Surface['id'], Surface> = {
  // A line y = w·x + b: the MSE is a bowl with one minimum.
  line: {
    id: 'line',
    title: 'Fit a line ŷ = w·x + b (one valley)',
    f: (x, w, b) => w * x + b,
    dfdw: (x) => x,
    dfdb: () => 1,
    data: makeData(16, 7, (x) => 0.8 * x + 0.5, 0.35),
    wRange: [-2, 4],
    bRange: [-3, 3],
    start: [-1.5, -2.2],
  },
  // A wave y = sin(w·x) + b: in w the MSE has several valleys, so the start decides where you end.
  wave: {
    id: 'wave',
    title: 'Fit a wave ŷ = sin(w·x) + b (several valleys)',
    f: (x, w, b) => Math.sin(w * x) + b,
    dfdw: (x, w) => x * Math.cos(w * x),
    dfdb: () => 1,
    data: makeData(16, 11, (x) => Math.sin(1.5 * x) + 0.3, 0.15),
    wRange: [-1, 6],
    bRange: [-2, 2.5],
    start: [4.2, -1.5],
  },
};

/** Mean squared error of the surface's model over `points` (all data when omitted). */
export function loss(s: Surface, w: number, b: number, points: Point[] = s.data): number {
  let sum = 0;
  for (const p of points) sum += (s.f(p.x, w, b) - p.y) ** 2;
  return sum / points.length;
}

/** ∂L/∂w and ∂L/∂b of the MSE over `points`: mean of 2·(ŷ − y)·∂ŷ/∂θ. */
export function gradient(s: Surface, w: number, b: number, points: Point[] = s.data): [number, number] {
  let gw = 0;
  let gb = 0;
  for (const p of points) {
    const r = 2 * (s.f(p.x, w, b) - p.y);
    gw += r * s.dfdw(p.x, w, b);
    gb += r * s.dfdb(p.x, w, b);
  }
  return [gw / points.length, gb / points.length];
}

/** The largest learning rate for which plain gradient descent on the line's bowl still converges: 2 / λmax of the Hessian. */
export function lineCriticalRate(data: Point[]): number {
  // L = mean((w x + b − y)²); Hessian = 2·[[mean x², mean x], [mean x, 1]].
  const n = data.length;
  const sxx = data.reduce((s, p) => s + p.x * p.x, 0) / n;
  const sx = data.reduce((s, p) => s + p.x, 0) / n;
  const tr = 2 * (sxx + 1);
  const det = 4 * (sxx - sx * sx);
  const lmax = tr / 2 + Math.sqrt((tr * tr) / 4 - det);
  return 2 / lmax;
}
